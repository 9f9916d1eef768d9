//! Words for how certain an edition's texts are, shared by the CLI, the TUI and the reports so
//! that a draft, a reconstructed or an unknown text is called the same everywhere.

use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::{Edition, Instruction, Wording};
use crate::model::known::KnownEdition;
use crate::tr;

/// The mark printed beside an item whose text is not the verified official print.
pub fn wording_mark(lang: Lang, w: Wording) -> Option<&'static str> {
    match w {
        Wording::Verified => None,
        Wording::Draft => Some(tr!(lang, "editions.wording.draft")),
        Wording::Unverified => Some(tr!(lang, "editions.wording.unverified")),
        Wording::Unknown => Some(tr!(lang, "editions.wording.unknown")),
    }
}

/// The mark in a printed cell, where room is short: the unknown state in its short form
/// (［本文未確認］), which the legend beside the sheet spells out.
pub fn wording_mark_short(lang: Lang, w: Wording) -> Option<&'static str> {
    match w {
        Wording::Unknown => Some(tr!(lang, "editions.wording.unknown_short")),
        _ => wording_mark(lang, w),
    }
}

/// One legend line per wording state the edition's items have, in order of certainty.
pub fn wording_legends(lang: Lang, edition: &Edition) -> Vec<&'static str> {
    edition
        .wording_states()
        .into_iter()
        .map(|w| match w {
            Wording::Draft => tr!(lang, "editions.legend.draft"),
            Wording::Unknown => tr!(lang, "editions.legend.unknown"),
            _ => tr!(lang, "editions.legend.unverified"),
        })
        .collect()
}

/// A header sentence as printed, with a mark in front when it was not read on the sheet.
pub fn instruction_line(lang: Lang, i: &Instruction) -> String {
    let mark = match i.wording {
        Wording::Verified => None,
        Wording::Draft => Some(tr!(lang, "editions.instruction.draft")),
        Wording::Unverified | Wording::Unknown => {
            Some(tr!(lang, "editions.instruction.unverified"))
        }
    };
    match mark {
        Some(m) => format!("{m}{}", i.text),
        None => i.text.clone(),
    }
}

/// The lines that say which items are left out of the verdict, and why.
pub fn excluded_lines(lang: Lang, edition: &Edition) -> Vec<String> {
    edition
        .unknown_text_items()
        .map(|i| {
            let label = if i.number.trim().is_empty() {
                i.text.clone()
            } else {
                format!("{} {}", i.number, i.text)
            };
            tr!(lang, "editions.excluded.line", item = label)
        })
        .collect()
}

/// The name of a known edition in the user's language.
pub fn known_name(lang: Lang, k: &KnownEdition) -> &str {
    match lang {
        Lang::Ja => &k.name_ja,
        Lang::En => &k.name_en,
    }
}

/// What to tell the user of a sheet of 年度 `fy` that uses `edition` when a newer official
/// edition exists that no loaded checklist provides: that it is published, how to import it,
/// and that the rules of the edition used apply meanwhile. Empty when nothing is missing.
pub fn newer_official_lines(
    lang: Lang,
    library: &Library,
    edition: &Edition,
    fy: i16,
) -> Vec<String> {
    let Some((name, used)) = missing_names(lang, library, edition, fy) else {
        return Vec::new();
    };
    vec![
        tr!(lang, "editions.known.import_hint", edition = name),
        tr!(
            lang,
            "editions.known.fallback_rules",
            edition = name,
            used = used
        ),
    ]
}

/// The setup screen's words when it proposes an older edition for 年度 `fy` because the
/// official one is not loaded: never silently.
pub fn proposal_lines(lang: Lang, library: &Library, edition: &Edition, fy: i16) -> Vec<String> {
    let Some((name, used)) = missing_names(lang, library, edition, fy) else {
        return Vec::new();
    };
    vec![
        tr!(
            lang,
            "editions.known.proposed_older",
            fy = crate::model::wareki::format_fiscal_year(fy),
            used = used,
            edition = name
        ),
        tr!(lang, "editions.known.import_hint", edition = name),
    ]
}

/// (missing official edition, edition used) names, when `edition` stands in for a newer
/// official one on a sheet of 年度 `fy`.
fn missing_names(
    lang: Lang,
    library: &Library,
    edition: &Edition,
    fy: i16,
) -> Option<(String, String)> {
    let k = library.missing_official(edition.form, fy)?;
    if edition.fiscal_year >= k.fiscal_year {
        return None;
    }
    let used = match crate::model::known::known_editions()
        .iter()
        .find(|o| o.edition == edition.edition)
    {
        Some(o) => known_name(lang, o).to_string(),
        None => edition.id.clone(),
    };
    Some((known_name(lang, k).to_string(), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_but_verified_has_a_mark_in_both_languages() {
        for lang in [Lang::Ja, Lang::En] {
            assert!(wording_mark(lang, Wording::Verified).is_none());
            let marks: Vec<_> = [Wording::Draft, Wording::Unverified, Wording::Unknown]
                .into_iter()
                .map(|w| wording_mark(lang, w).unwrap())
                .collect();
            assert_eq!(
                marks
                    .iter()
                    .collect::<std::collections::BTreeSet<_>>()
                    .len(),
                3,
                "{marks:?}"
            );
        }
        assert_eq!(
            wording_mark(Lang::Ja, Wording::Draft),
            Some("［文言は案から］")
        );
    }
}
