//! `kensa status`: progress, readiness verdict with every failing rule, overdue 目標日.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::record::{record_error, take_record};
use super::{Ctx, pad, print_json, today};
use crate::model::record::assess_sheet;
use crate::model::rules::{Finding, Rule, Severity};
use crate::model::vendor::coverage::{VendorFacts, assess_vendors};
use crate::model::wareki::{fiscal_year_end, format_fiscal_year, format_wareki};
use crate::text::safe::safe;
use crate::text::{
    edition_year, finding_message, form_label, item_words, kind_label, row_label, scope_label,
    section_title,
};
use crate::tr;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Machine-readable output (schema in the README).
    #[arg(long)]
    json: bool,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
}

pub fn status(ctx: &Ctx, a: StatusArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let path = ctx.db_path()?;
    let not_initialised = || {
        // A fresh machine: say what to do rather than fail, and create nothing.
        outln!(
            "{}",
            tr!(lang, "status.not_initialised", path = path.display())
        );
        Ok(ExitCode::SUCCESS)
    };
    if !path.exists() {
        return not_initialised();
    }
    let store = ctx.existing_store()?;
    let lib = ctx.library();
    let record = take_record(&store, &lib)?;
    let Some(facility) = &record.facility else {
        return not_initialised();
    };
    if record.sheets.is_empty() && a.sheet.is_none() {
        let latest = lib
            .latest(facility.kind.own_form())
            .map(|e| e.id.as_str())
            .unwrap_or("-");
        outln!(
            "{}",
            tr!(
                lang,
                "status.no_sheet",
                name = safe(&facility.name),
                edition = latest
            )
        );
        let bcp = crate::model::bcp::status(&record.bcp, &record.contacts, today()?);
        outln!("{}", crate::bcp::text::plan_state_line(lang, &bcp));
        return Ok(ExitCode::SUCCESS);
    }
    let chosen = ctx.record_sheet(&record, a.sheet.as_deref())?;
    let sheet = &chosen.sheet;
    let editions = lib
        .editions_for(&record)
        .map_err(|e| anyhow!(record_error(lang, &e)))?;
    let edition = editions.get(&sheet.edition_id).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "sheet.edition_missing_for",
            sheet = sheet.key(),
            edition = sheet.edition_id
        ))
    })?;
    // An older edition for a later 年度 (made with --older-edition): say so, and which is newer.
    let newer = lib.newer_than(edition, sheet.fiscal_year);
    // An official edition for this 年度 that no loaded checklist provides (令和8年度版).
    let edition_notices =
        crate::text::editions::newer_official_lines(lang, &lib, edition, sheet.fiscal_year);
    let today = today()?;
    let assessment = assess_sheet(&record, chosen, edition, today);
    let (evidence_lines, evidence_json) = super::evidence::status_section(lang, &record, edition)?;
    let overdue: Vec<&Finding> = assessment
        .findings
        .iter()
        .filter(|f| f.rule == Rule::TargetOverdue)
        .collect();

    // The vendors of the sheet's 年度 (立入検査の手引き ②), judged with the facility's sheet.
    let own_sheet = edition.form != crate::model::checklist::Form::Vendor;
    let vendor_facts = VendorFacts::of(&record, &editions);
    let vendor_assessment = (own_sheet && vendor_facts.any())
        .then(|| assess_vendors(&vendor_facts, sheet.fiscal_year, today));
    // The facility is ready when its own sheet and the vendors' sheets are, as the inspector
    // judges it (`model::inspection`); `sheet_ready` is the facility's own sheet alone.
    let ready = assessment.ready && vendor_assessment.as_ref().is_none_or(|v| v.ready);
    let vendors_json = vendor_assessment
        .as_ref()
        .map(|a| super::vendor::status_json(ctx, &record, a));
    let bcp = crate::model::bcp::status(&record.bcp, &record.contacts, today);
    if a.json {
        let findings: Vec<_> = assessment
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "rule": f.rule,
                    "severity": f.severity,
                    "item": f.item,
                    "scope": f.scope,
                    "date": f.date,
                    "deadline_fiscal_year": f.deadline_fiscal_year,
                    "roles": f.roles,
                    "message": finding_message(lang, f),
                })
            })
            .collect();
        let sections: Vec<_> = assessment
            .by_section
            .iter()
            .map(|(n, p)| serde_json::json!({ "section": n, "title": section_title(edition, *n, lang), "required": p.required, "answered": p.answered, "yes": p.yes }))
            .collect();
        let scopes: Vec<_> = assessment
            .by_scope
            .iter()
            .map(|(s, p)| serde_json::json!({ "scope": s, "required": p.required, "answered": p.answered, "yes": p.yes }))
            .collect();
        print_json(&serde_json::json!({
            "schema": "kensa.status/1",
            "today": today,
            "facility": facility,
            "sheet": { "id": sheet.id, "key": sheet.key(), "edition": edition.id, "title": edition.title, "fiscal_year": sheet.fiscal_year, "newer_edition": newer.map(|n| &n.id) },
            "ready": ready,
            "sheet_ready": assessment.ready,
            "progress": { "total": assessment.total, "sections": sections, "scopes": scopes },
            "findings": findings,
            "overdue": overdue.iter().map(|f| serde_json::json!({ "item": f.item, "scope": f.scope, "target": f.date })).collect::<Vec<_>>(),
            "unverified_wording": edition.has_unverified_wording(),
            "edition_notices": edition_notices,
            "excluded_items": edition.unknown_text_items().map(|i| &i.id).collect::<Vec<_>>(),
            "evidence": evidence_json,
            "vendors": vendors_json,
            "bcp": bcp,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }

    let pref = facility.prefecture.as_deref().unwrap_or("");
    outln!(
        "{}",
        tr!(
            lang,
            "status.facility_line",
            name = safe(&facility.name),
            kind = kind_label(lang, facility.kind),
            prefecture = safe(pref)
        )
    );
    outln!(
        "{}: {}  {}  {}  {}",
        tr!(lang, "status.sheet"),
        sheet.key(),
        form_label(lang, edition.form),
        format_fiscal_year(sheet.fiscal_year),
        time_left(lang, sheet.fiscal_year, today)
    );
    if let Some(n) = newer {
        outln!(
            "{}",
            tr!(
                lang,
                "status.older_edition",
                edition = edition.id,
                edition_fy = edition_year(lang, edition),
                fy = format_fiscal_year(sheet.fiscal_year),
                newer = n.id
            )
        );
    }
    for line in &edition_notices {
        outln!("{line}");
    }
    outln!();
    let verdict = if ready {
        tr!(lang, "status.ready")
    } else {
        tr!(lang, "status.not_ready")
    };
    outln!("{}: {verdict}", tr!(lang, "status.verdict"));
    outln!();
    outln!("{}", tr!(lang, "status.progress"));
    for (n, p) in &assessment.by_section {
        outln!(
            "  {}{:>3}/{:<3} ({} {})",
            pad(&section_title(edition, *n, lang), 40),
            p.answered,
            p.required,
            tr!(lang, "answer.yes"),
            p.yes
        );
    }
    let scopes: Vec<String> = assessment
        .by_scope
        .iter()
        .map(|(s, p)| format!("{} {}/{}", scope_label(lang, *s), p.answered, p.required))
        .collect();
    outln!("  {}: {}", tr!(lang, "status.by_scope"), scopes.join("  "));
    outln!(
        "  {}: {}/{}",
        tr!(lang, "status.total"),
        assessment.total.answered,
        assessment.total.required
    );

    if !assessment.findings.is_empty() {
        outln!();
        outln!(
            "{} ({})",
            tr!(lang, "status.findings"),
            assessment.findings.len()
        );
        for f in &assessment.findings {
            let sev = match f.severity {
                Severity::Fail => tr!(lang, "severity.fail"),
                Severity::Warning => tr!(lang, "severity.warning"),
                Severity::Notice => tr!(lang, "severity.notice"),
            };
            // The rule id is for scripts (`--json`); people read the message.
            outln!(
                "  [{sev}] {} {}",
                pad(&place(lang, edition, f), 14),
                finding_message(lang, f)
            );
        }
    }
    outln!();
    outln!("{}", crate::bcp::text::plan_state_line(lang, &bcp));
    outln!();
    if overdue.is_empty() {
        outln!("{}", tr!(lang, "status.no_overdue"));
    } else {
        outln!("{}", tr!(lang, "status.overdue"));
        for f in overdue {
            outln!(
                "  {}  {}",
                pad(&place(lang, edition, f), 14),
                f.date.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    outln!();
    for line in &evidence_lines {
        outln!("{line}");
    }
    if own_sheet && vendor_facts.any() {
        outln!();
        super::vendor::print_vendor_section(ctx, &record, &editions, sheet.fiscal_year, today);
    }
    let legends = crate::text::editions::wording_legends(lang, edition);
    if !legends.is_empty() {
        outln!();
    }
    for legend in legends {
        outln!("{legend}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Days to the end of the sheet's 年度, or that the 年度 has ended: a sheet of a past year
/// has no days left, and 「年度末まで 0 日」 would read as if its last day were today.
fn time_left(lang: crate::i18n::Lang, fiscal_year: i16, today: jiff::civil::Date) -> String {
    let end = fiscal_year_end(fiscal_year);
    if today > end {
        tr!(
            lang,
            "status.fiscal_year_ended",
            fy = format_fiscal_year(fiscal_year),
            end = format!("{end}（{}）", format_wareki(end))
        )
    } else {
        tr!(lang, "status.days_left", days = (end - today).get_days())
    }
}

/// Where a finding is, as printed: the row (`2-7@server`, the form `kensa answer` takes), or the
/// 医療情報システムの有無 question in words rather than its internal id `gate`.
fn place(
    lang: crate::i18n::Lang,
    edition: &crate::model::checklist::Edition,
    f: &Finding,
) -> String {
    match &f.item {
        Some(item) if edition.is_gate(item) => item_words(lang, Some(edition), item),
        _ => row_label(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use jiff::civil::date;

    #[test]
    fn an_ended_fiscal_year_says_so() {
        assert_eq!(
            time_left(Lang::Ja, 2024, date(2025, 4, 1)),
            "令和6年度は終了しました（年度末 2025-03-31（令和7年3月31日））"
        );
        assert_eq!(
            time_left(Lang::Ja, 2024, date(2025, 3, 31)),
            "年度末まで 0 日"
        );
        assert_eq!(
            time_left(Lang::Ja, 2025, date(2025, 10, 1)),
            "年度末まで 181 日"
        );
        assert!(time_left(Lang::En, 2024, date(2026, 1, 1)).contains("has ended"));
    }
}
