//! Jobs that span the model and the store and are started from both the CLI and the TUI.

use anyhow::{Result, anyhow};

use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::carry;
use crate::model::checklist::Edition;
use crate::store::{CarriedCheck, CheckRecord, Sheet, Store};
use crate::tr;

/// Start a sheet of `edition` for fiscal year `fy`, carrying the answers of `from` along the
/// edition's `carries_from` mapping. Carried answers have no date: they wait for a fresh check.
/// Returns the new sheet and how many answers were carried.
pub fn start_sheet(
    store: &mut Store,
    lib: &Library,
    lang: Lang,
    edition: &Edition,
    fy: i16,
    from: Option<&Sheet>,
    actor: &str,
) -> Result<(Sheet, usize)> {
    let carried = carried_checks(store, lib, lang, edition, from)?;
    let sheet = store.create_sheet(
        &edition.id,
        edition.form,
        fy,
        from.map(|s| s.id),
        &carried,
        actor,
    )?;
    Ok((sheet, carried.len()))
}

/// Start vendor `vendor`'s 事業者確認用 of `edition` for 年度 `fy`, carrying the answers of its
/// newest sheet of an earlier year that the edition can carry from, like [`start_sheet`].
pub fn start_vendor_sheet(
    store: &mut Store,
    lib: &Library,
    lang: Lang,
    edition: &Edition,
    fy: i16,
    vendor: i64,
    actor: &str,
) -> Result<(Sheet, usize)> {
    let sheets = store.sheets()?;
    let from = vendor_carry_source(lib, &sheets, edition, fy, Some(vendor));
    let carried = carried_checks(store, lib, lang, edition, from)?;
    let sheet =
        store.create_vendor_sheet(&edition.id, fy, vendor, from.map(|s| s.id), &carried, actor)?;
    Ok((sheet, carried.len()))
}

/// The answers of sheet `from` carried into a new sheet of `edition`.
fn carried_checks(
    store: &Store,
    lib: &Library,
    lang: Lang,
    edition: &Edition,
    from: Option<&Sheet>,
) -> Result<Vec<CarriedCheck>> {
    let mut carried = Vec::new();
    if let Some(src) = from {
        let src_edition = lib.get(&src.edition_id).ok_or_else(|| {
            anyhow!(tr!(
                lang,
                "edition.unknown",
                edition = src.edition_id,
                known = lib.ids().join(", ")
            ))
        })?;
        if !carry::can_carry(src_edition, edition) {
            return Err(anyhow!(tr!(
                lang,
                "sheet.cannot_carry",
                from = src.key(),
                to = edition.id,
                previous = edition.previous.as_deref().unwrap_or("-")
            )));
        }
        let old: Vec<CheckRecord> = store.checks(src.id)?;
        let old_model: Vec<_> = old.iter().map(CheckRecord::to_model).collect();
        for p in carry::plan(src_edition, edition, &old_model) {
            let from_date = old
                .iter()
                .find(|c| c.id == p.from_check)
                .and_then(|c| c.checked_on)
                .map(|d| d.to_string())
                .unwrap_or_default();
            carried.push(CarriedCheck {
                note: tr!(
                    lang,
                    "sheet.carried_note",
                    sheet = src.key(),
                    // In words: the note is read in the answer history and the report.
                    item = crate::text::item_words(lang, Some(src_edition), &p.from_item),
                    scope = crate::text::scope_label(lang, p.from_scope),
                    date = from_date
                ),
                item: p.item,
                scope: p.scope,
                answer: p.answer,
                from_check: p.from_check,
            });
        }
    }
    Ok(carried)
}

pub use crate::model::record::default_sheet;

/// The sheet a new one should carry answers from: the newest earlier year of the same form
/// whose edition the new one can carry from.
pub fn carry_source<'s>(
    lib: &Library,
    sheets: &'s [Sheet],
    edition: &Edition,
    fy: i16,
) -> Option<&'s Sheet> {
    vendor_carry_source(lib, sheets, edition, fy, None)
}

/// [`carry_source`] among the sheets of one vendor (`None`: sheets without a vendor, the
/// facility's own, or on a vendor's machine the vendor's own).
pub fn vendor_carry_source<'s>(
    lib: &Library,
    sheets: &'s [Sheet],
    edition: &Edition,
    fy: i16,
    vendor: Option<i64>,
) -> Option<&'s Sheet> {
    sheets
        .iter()
        .filter(|s| s.form == edition.form && s.fiscal_year < fy && s.vendor == vendor)
        .filter(|s| {
            lib.get(&s.edition_id)
                .is_some_and(|old| carry::can_carry(old, edition))
        })
        .max_by_key(|s| (s.fiscal_year, s.id))
}

/// A suggestion ready to be recorded as the officer's answer: the answer, the note and the
/// evidence summary to attach. Nothing is stored here; the caller records it as one check.
#[derive(Debug, Clone)]
pub struct Acceptance {
    pub suggestion: crate::model::evidence::suggest::Suggestion,
    pub answer: crate::model::answer::Answer,
    pub note: String,
    pub summary: crate::store::EvidenceFile,
}

/// The suggestion for one answer row, made acceptable: refused for the gate and for
/// 判断できない (there is nothing to accept; the officer answers after checking).
pub fn accept_suggestion(
    lang: Lang,
    record: &crate::model::record::Record,
    evidence: &crate::model::evidence::Evidence,
    edition: &Edition,
    item: &crate::model::checklist::Item,
    scope: crate::model::checklist::Scope,
) -> Result<Acceptance> {
    use crate::model::evidence::suggest::suggest_row;
    use crate::text::evidence::{summary, why_text};
    let suggestion = suggest_row(evidence, edition, item, scope)
        .ok_or_else(|| anyhow!(tr!(lang, "evidence.accept.gate", item = item.id)))?;
    let answer = suggestion.answer.answer().ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "evidence.accept.unknown",
            item = item.id,
            why = why_text(lang, &suggestion)
        ))
    })?;
    let text = summary(lang, record, evidence, &suggestion, item);
    Ok(Acceptance {
        note: tr!(lang, "evidence.accept.note", date = evidence.today),
        summary: crate::store::EvidenceFile {
            name: format!(
                "kensa-evidence-{}-{}-{}.txt",
                item.id, scope, evidence.today
            ),
            content: text.into_bytes(),
        },
        answer,
        suggestion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::Form;

    fn sheet(id: i64, fiscal_year: i16) -> Sheet {
        Sheet {
            id,
            edition_id: "hospital-r7".into(),
            form: Form::Hospital,
            fiscal_year,
            carried_from: None,
            created_at: String::new(),
            vendor: None,
        }
    }

    /// A sheet made for 2030 used to become every command's default.
    #[test]
    fn the_default_sheet_is_the_current_years() {
        let pick = |sheets: &[Sheet], fy| default_sheet(sheets, fy).map(|s| s.id);
        let sheets = [
            sheet(1, 2024),
            sheet(2, 2030),
            sheet(3, 2025),
            sheet(4, 2026),
        ];
        assert_eq!(pick(&sheets, 2025), Some(3));
        // No sheet of this year yet (April): last year's, not a later one.
        assert_eq!(pick(&sheets[..2], 2025), Some(1));
        // Only later years: the nearest.
        assert_eq!(pick(&[sheet(2, 2030), sheet(4, 2026)], 2025), Some(4));
        // Two sheets of the year: the one made last.
        assert_eq!(pick(&[sheet(5, 2025), sheet(3, 2025)], 2025), Some(5));
        assert_eq!(pick(&[], 2025), None);
    }
}
