//! `kensa answer`, `kensa target`, `kensa answers`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::{Ctx, os_user, print_json, today};
use crate::i18n::Lang;
use crate::model::answer::{Answer, derive_row};
use crate::model::checklist::{Edition, Item, Scope};
use crate::model::entry::{EntrySheet, check_answer, check_target};
use crate::model::rules::takes_target;
use crate::model::wareki::format_wareki;
use crate::store::{EvidenceFile, NewCheck};
use crate::text::safe::safe;
use crate::text::{
    answer_label, entry_note_message, item_words, parse_date_arg, refusal_message, scope_label,
};
use crate::tr;

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// Item and scope: `1-1`, `2-7@server` (scopes: general, server, terminal, network).
    item: String,
    /// yes (はい), no (いいえ), na (該当なし, only where the item allows it).
    #[arg(required_unless_present = "accept_suggestion")]
    result: Option<String>,
    /// Record kensa's suggested answer (kensa evidence) as yours, with the evidence summary
    /// attached; refused when the suggestion is 判断できない.
    #[arg(long, conflicts_with = "result")]
    accept_suggestion: bool,
    /// Thresholds the suggestion is computed with (as for kensa evidence).
    #[command(flatten)]
    thresholds: super::evidence::Thresholds,
    /// 確認日: 2026-03-31, 2026/3/31, R8.3.31 or 令和8年3月31日 (default: today).
    #[arg(long)]
    date: Option<String>,
    /// 目標日 for a `no`, within the fiscal year the item is due.
    #[arg(long)]
    target: Option<String>,
    /// 備考.
    #[arg(long)]
    note: Option<String>,
    /// Who checked (default: the OS user).
    /// Who set it (default: the OS user).
    #[arg(long)]
    by: Option<String>,
    /// Evidence file to keep with the check (repeatable).
    #[arg(long)]
    evidence: Vec<PathBuf>,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Item and scope, as for `answer`.
    item: String,
    /// The 目標日.
    date: String,
    /// Who set it (default: the OS user).
    #[arg(long)]
    by: Option<String>,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnswersArgs {
    /// Machine-readable output (schema in the README).
    #[arg(long)]
    json: bool,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
}

/// Full-width digits and brackets to ASCII, so `２（７）` and `2(7)` find item `2-7`.
fn normalize_item(s: &str) -> String {
    let ascii = crate::model::wareki::halfwidth(s.trim());
    // "2(7)" → "2-7"
    match ascii.split_once('(') {
        Some((sec, rest)) if rest.ends_with(')') => {
            format!("{}-{}", sec.trim_end_matches('-'), &rest[..rest.len() - 1])
        }
        _ => ascii,
    }
}

/// Whether `s` names the 医療情報システムの有無 question in words, in either language.
fn is_gate_words(s: &str) -> bool {
    s == "有無"
        || [Lang::Ja, Lang::En]
            .iter()
            .any(|l| s == tr!(*l, "report.label.gate"))
}

/// Resolve `ITEM[@SCOPE]` against an edition, with "did you mean" for a typo.
pub fn resolve_row<'e>(lang: Lang, edition: &'e Edition, spec: &str) -> Result<(&'e Item, Scope)> {
    let (item_part, scope_part) = match spec.split_once('@') {
        Some((i, s)) => (i, Some(s)),
        None => (spec, None),
    };
    let id = normalize_item(item_part);
    // The 医療情報システムの有無 question by its name (or `有無`) as well as by its id.
    let id = match &edition.gate {
        Some(gate) if is_gate_words(&id) => gate.id.clone(),
        _ => id,
    };
    let item = edition.item(&id).ok_or_else(|| {
        let suggestion = edition
            .all_items()
            .map(|i| (strsim::jaro_winkler(&i.id, &id), &i.id))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| item_words(lang, Some(edition), id))
            .unwrap_or_else(|| "-".into());
        anyhow!(tr!(
            lang,
            "answer.unknown_item",
            item = safe(item_part),
            suggestion = suggestion
        ))
    })?;
    let scopes = || {
        item.scopes
            .iter()
            .map(|s| format!("{s} ({})", scope_label(lang, *s)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let scope = match scope_part {
        Some(s) => {
            let scope = Scope::parse(s).ok_or_else(|| {
                anyhow!(tr!(
                    lang,
                    "answer.unknown_scope",
                    scope = safe(s),
                    scopes = scopes()
                ))
            })?;
            if !item.has_scope(scope) {
                return Err(anyhow!(tr!(
                    lang,
                    "answer.scope_not_on_item",
                    item = item.id,
                    scope = safe(s),
                    scopes = scopes()
                )));
            }
            scope
        }
        None if item.scopes.len() == 1 => item.scopes[0],
        None => {
            return Err(anyhow!(tr!(
                lang,
                "answer.scope_needed",
                item = item.id,
                scopes = scopes()
            )));
        }
    };
    Ok((item, scope))
}

pub fn answer(ctx: &Ctx, a: AnswerArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let mut store = ctx.store()?;
    let sheet = ctx.sheet(&store, a.sheet.as_deref())?;
    let vendor_contracts = vendor_contracts(ctx, &store, &sheet)?;
    let edition = ctx.edition_of(&lib, &sheet)?;
    let (item, scope) = resolve_row(lang, edition, &a.item)?;
    // With --accept-suggestion the answer, the note and one evidence file come from the
    // suggestion; everything else (date, 目標日, more evidence) is as typed.
    let accepted = if a.accept_suggestion {
        let lib_record = super::record::take_record(&store, &lib)?;
        let e = super::evidence::evaluate(lang, &lib_record, &a.thresholds.settings())?;
        Some(crate::workflow::accept_suggestion(
            lang,
            &lib_record,
            &e,
            edition,
            item,
            scope,
        )?)
    } else {
        None
    };
    let result = match (&accepted, &a.result) {
        (Some(acc), _) => acc.answer,
        (None, Some(r)) => Answer::parse(r)
            .ok_or_else(|| anyhow!(tr!(lang, "answer.bad_result", result = safe(r))))?,
        (None, None) => return Err(anyhow!(tr!(lang, "evidence.accept.needs_result"))),
    };
    let today = today()?;
    let checked_on = match &a.date {
        Some(d) => parse_date_arg(lang, tr!(lang, "answer.what_date"), d)?,
        None => today,
    };
    let target = match &a.target {
        Some(t) => Some(parse_date_arg(lang, tr!(lang, "answer.what_target"), t)?),
        None => None,
    };
    let entry_sheet = EntrySheet {
        edition,
        fiscal_year: sheet.fiscal_year,
        vendor_contracts,
        today,
    };
    let entry_note =
        check_answer(&entry_sheet, item, scope, result, checked_on, target).map_err(|r| {
            anyhow!(refusal_message(
                lang,
                &r,
                &item_words(lang, Some(edition), &item.id),
                scope
            ))
        })?;
    // Read every evidence file before writing anything: a missing or oversized file stores nothing.
    let mut evidence = a
        .evidence
        .iter()
        .map(|p| EvidenceFile::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let by = a.by.clone().unwrap_or_else(os_user);
    let note = match (&a.note, &accepted) {
        (Some(n), _) => n.clone(),
        (None, Some(acc)) => acc.note.clone(),
        (None, None) => String::new(),
    };
    if let Some(acc) = &accepted {
        evidence.insert(0, acc.summary.clone());
    }
    let check = NewCheck {
        item: item.id.clone(),
        scope,
        answer: result,
        checked_on,
        note,
    };
    store.record_answer(sheet.id, &check, target, &evidence, &by)?;
    let mut line = tr!(
        lang,
        "answer.recorded",
        item = item_words(lang, Some(edition), &item.id),
        scope = scope_label(lang, scope),
        result = answer_label(lang, result),
        date = checked_on,
        wareki = format_wareki(checked_on),
        sheet = sheet.key()
    );
    if let Some(t) = target {
        line.push_str(&tr!(
            lang,
            "answer.with_target",
            target = t,
            wareki = format_wareki(t)
        ));
    }
    outln!("{line}");
    if let Some(acc) = &accepted {
        outln!(
            "{}",
            tr!(
                lang,
                "evidence.accept.recorded",
                answer = answer_label(lang, result),
                name = acc.summary.name
            )
        );
    }
    for e in &evidence {
        outln!(
            "{}",
            tr!(
                lang,
                "answer.evidence_kept",
                name = safe(&e.name),
                size = e.content.len()
            )
        );
    }
    if let Some(n) = &entry_note {
        outln!("{}", entry_note_message(lang, n));
    }
    if result == Answer::No
        && takes_target(edition, item)
        && target.is_none()
        && !has_target(&store, sheet.id, &item.id, scope)?
    {
        outln!(
            "{}",
            tr!(lang, "answer.no_target_hint", item = item.id, scope = scope)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The facility's vendor contracts, for the entry checks. A vendor answering its own
/// 事業者確認用 on its own machine has no facility profile, and needs none: on a vendor sheet
/// 該当なし does not depend on the facility's contracts.
fn vendor_contracts(
    ctx: &Ctx,
    store: &crate::store::Store,
    sheet: &crate::store::Sheet,
) -> Result<bool> {
    match store.facility()? {
        Some(f) => Ok(f.vendor_contracts),
        None if sheet.form == crate::model::checklist::Form::Vendor => Ok(true),
        None => ctx.facility(store).map(|f| f.vendor_contracts),
    }
}

fn has_target(store: &crate::store::Store, sheet: i64, item: &str, scope: Scope) -> Result<bool> {
    Ok(store
        .targets(sheet)?
        .iter()
        .any(|t| t.item == item && t.scope == scope))
}

pub fn target(ctx: &Ctx, a: TargetArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let mut store = ctx.store()?;
    let sheet = ctx.sheet(&store, a.sheet.as_deref())?;
    let vendor_contracts = vendor_contracts(ctx, &store, &sheet)?;
    let edition = ctx.edition_of(&lib, &sheet)?;
    let (item, scope) = resolve_row(lang, edition, &a.item)?;
    let t = parse_date_arg(lang, tr!(lang, "answer.what_target"), &a.date)?;
    let entry_sheet = EntrySheet {
        edition,
        fiscal_year: sheet.fiscal_year,
        vendor_contracts,
        today: today()?,
    };
    // A 目標日 belongs to a row whose standing answer is いいえ, and cannot precede that check.
    let checks: Vec<_> = store
        .checks(sheet.id)?
        .iter()
        .filter(|c| c.item == item.id && c.scope == scope)
        .map(|c| c.to_model())
        .collect();
    let current = derive_row(&checks, []).current();
    let note = check_target(&entry_sheet, item, scope, current, t).map_err(|r| {
        anyhow!(refusal_message(
            lang,
            &r,
            &item_words(lang, Some(edition), &item.id),
            scope
        ))
    })?;
    let by = a.by.unwrap_or_else(os_user);
    store.set_target(sheet.id, &item.id, scope, t, &by)?;
    outln!(
        "{}",
        tr!(
            lang,
            "target.set",
            item = item.id,
            scope = scope_label(lang, scope),
            target = t,
            wareki = format_wareki(t)
        )
    );
    if let Some(n) = &note {
        outln!("{}", entry_note_message(lang, n));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn answers(ctx: &Ctx, a: AnswersArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let sheet = ctx.sheet(&store, a.sheet.as_deref())?;
    let checks = store.checks(sheet.id)?;
    let targets = store.targets(sheet.id)?;
    if a.json {
        print_json(&serde_json::json!({
            "schema": "kensa.answers/1",
            "sheet": { "id": sheet.id, "key": sheet.key(), "edition": sheet.edition_id, "fiscal_year": sheet.fiscal_year },
            "checks": checks,
            "targets": targets,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{}",
        tr!(
            lang,
            "answers.header",
            sheet = sheet.key(),
            count = checks.len()
        )
    );
    // Words, not ids, in the listing: the gate by its name, scopes and answers in the language.
    let lib = ctx.library();
    let edition = ctx.edition_of(&lib, &sheet).ok();
    let item_label = |item: &str| item_words(lang, edition, item);
    for c in &checks {
        let date = match c.checked_on {
            Some(d) => d.to_string(),
            None => tr!(lang, "answers.carried").to_string(),
        };
        let mut line = format!(
            "#{:<4} {} {} {} {}  {}",
            c.id,
            super::pad(&item_label(&c.item), 6),
            super::pad(crate::text::scope_label(lang, c.scope), 12),
            super::pad(crate::text::answer_label(lang, c.answer), 8),
            date,
            safe(&c.checked_by)
        );
        // Notes are shown on one line: a line break inside one is shown as `\n`, so a note
        // cannot print a line that looks like kensa's own.
        if !c.note.is_empty() {
            line.push_str(&format!("  「{}」", safe(&c.note)));
        }
        for e in &c.evidence {
            line.push_str(&format!(
                "  [{} {}B sha256:{}]",
                safe(&e.name),
                e.size,
                &e.sha256[..12]
            ));
        }
        if let Some(r) = c.response {
            line.push_str(&format!(
                "  [{}]",
                tr!(lang, "answers.from_response", id = r)
            ));
        }
        outln!("{line}");
    }
    for t in &targets {
        outln!(
            "{}",
            tr!(
                lang,
                "answers.target_line",
                item = item_label(&t.item),
                scope = crate::text::scope_label(lang, t.scope),
                target = t.target_on,
                by = safe(&t.set_by)
            )
        );
    }
    // 2(3) MDS/SDS を提出してもらう: what was received, beside the answers.
    if sheet.form != crate::model::checklist::Form::Vendor {
        super::vendor::print_item_2_3(ctx, &store)?;
    }
    Ok(ExitCode::SUCCESS)
}
