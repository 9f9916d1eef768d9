//! `kensa vendor status`, and the vendor section of `kensa status`: each vendor's 事業者確認用
//! (未依頼 / 依頼中 / 期限超過 / 回答済), the coverage matrix with its gaps, the vendor findings,
//! MDS/SDS.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;
use jiff::civil::Date;

use super::super::record::{record_error, take_record};
use super::super::{Ctx, pad, print_json, today};
use super::disclosure_line;
use crate::model::record::{Editions, Record};
use crate::model::rules::Severity;
use crate::model::vendor::coverage::{RowCoverage, VendorAssessment, VendorFacts, assess_vendors};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year};
use crate::text::safe::safe;
use crate::text::vendor::{
    cell_label, column_label, finding_message, row_label, status_label, status_word, vendor_name,
};
use crate::tr;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Machine-readable output (schema in the README).
    #[arg(long)]
    json: bool,
    /// 年度 as the western year it starts (default: the current one).
    #[arg(long)]
    fiscal_year: Option<i16>,
}

pub fn status(ctx: &Ctx, a: StatusArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let store = ctx.existing_store()?;
    let record = take_record(&store, &lib)?;
    let editions = lib
        .editions_for(&record)
        .map_err(|e| anyhow!(record_error(lang, &e)))?;
    let today = today()?;
    let fy = a.fiscal_year.unwrap_or_else(|| fiscal_year_of(today));
    let assessment = assess_vendors(&VendorFacts::of(&record, &editions), fy, today);
    if a.json {
        print_json(&json(ctx, &record, &assessment))?;
        return Ok(ExitCode::SUCCESS);
    }
    print_vendor_section(ctx, &record, &editions, fy, today);
    Ok(ExitCode::SUCCESS)
}

/// The vendor assessment as JSON (`kensa vendor status --json`, `vendors` in `kensa status
/// --json`).
pub fn json(ctx: &Ctx, record: &Record, a: &VendorAssessment) -> serde_json::Value {
    let lang = ctx.lang;
    let vendors: Vec<_> = a
        .vendors
        .iter()
        .map(|v| {
            serde_json::json!({
                "id": v.vendor,
                "name": vendor_name(&record.vendors, v.vendor),
                "in_force": v.in_force,
                "sheet": v.sheet.and_then(|id| record.sheet(id).ok()).map(|s| s.sheet.key()),
                "status": v.status,
                "status_label": status_label(lang, &v.status),
                "rows_required": v.rows_required,
                "rows_answered": v.rows_answered,
                "disclosures": v.disclosures,
            })
        })
        .collect();
    let findings: Vec<_> = a
        .findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["message"] = serde_json::Value::from(finding_message(lang, f, &record.vendors));
            v
        })
        .collect();
    serde_json::json!({
        "schema": "kensa.vendor-status/1",
        "fiscal_year": a.fiscal_year,
        "ready": a.ready,
        "facility_sheet": a.facility_sheet,
        "vendors": vendors,
        "unattached_sheets": a.unattached,
        "coverage": a.coverage,
        "gaps": a.coverage.gaps().map(|r| serde_json::json!({"item": r.item, "scope": r.scope})).collect::<Vec<_>>(),
        "findings": findings,
        "disclosures": record.disclosures,
    })
}

/// Print the vendors of 年度 `fy`: status, matrix, findings, MDS/SDS. Prints nothing when the
/// facility has no vendor contracts, vendors or vendor sheets.
pub fn print_vendor_section(ctx: &Ctx, record: &Record, editions: &Editions, fy: i16, today: Date) {
    let lang = ctx.lang;
    let facts = VendorFacts::of(record, editions);
    if !facts.any() {
        return;
    }
    let a = assess_vendors(&facts, fy, today);
    outln!(
        "{}",
        tr!(lang, "vendor.section", fy = format_fiscal_year(fy))
    );
    let verdict = if a.ready {
        tr!(lang, "status.ready")
    } else {
        tr!(lang, "status.not_ready")
    };
    outln!("  {}: {verdict}", tr!(lang, "status.verdict"));
    for v in &a.vendors {
        let name = vendor_name(&record.vendors, v.vendor);
        let sheet = v
            .sheet
            .and_then(|id| record.sheet(id).ok())
            .map(|s| s.sheet.key())
            .unwrap_or_else(|| "-".into());
        outln!(
            "  {}{}{}{}",
            pad(&format!("#{}", v.vendor), 5),
            pad(&safe(&name).to_string(), 22),
            pad(status_word(lang, &v.status), 10),
            tr!(
                lang,
                "vendor.status_line",
                sheet = sheet,
                answered = v.rows_answered,
                rows = v.rows_required,
                status = status_label(lang, &v.status)
            )
        );
        for id in &v.disclosures {
            if let Some(d) = record.disclosures.iter().find(|d| d.id == *id) {
                outln!("       {}", disclosure_line(ctx, d, today));
            }
        }
    }
    for id in &a.unattached {
        if let Ok(s) = record.sheet(*id) {
            outln!(
                "  {}",
                tr!(lang, "vendor.unattached_line", sheet = s.sheet.key())
            );
        }
    }

    if !a.coverage.rows.is_empty() {
        outln!();
        outln!("  {}", tr!(lang, "vendor.matrix"));
        let width = 12;
        let mut head = pad("", 14);
        for c in &a.coverage.columns {
            let label = column_label(lang, *c, &record.vendors);
            head.push_str(&pad(&clip(&safe(&label).to_string(), width - 1), width));
        }
        head.push_str(tr!(lang, "vendor.matrix_coverage"));
        outln!("  {head}");
        for r in &a.coverage.rows {
            let mut line = pad(&row_label(&r.item, r.scope), 14);
            for c in &r.cells {
                line.push_str(&pad(cell_label(lang, *c), width));
            }
            line.push_str(match r.coverage {
                RowCoverage::Answered => "",
                RowCoverage::Covered => tr!(lang, "vendor.coverage.covered"),
                RowCoverage::Gap => tr!(lang, "vendor.coverage.gap"),
            });
            outln!("  {line}");
        }
        let gaps = a.coverage.gaps().count();
        if gaps == 0 {
            outln!("  {}", tr!(lang, "vendor.no_gaps"));
        } else {
            outln!("  {}", tr!(lang, "vendor.gaps", count = gaps));
        }
    }
    if !a.findings.is_empty() {
        outln!();
        outln!("  {} ({})", tr!(lang, "status.findings"), a.findings.len());
        for f in &a.findings {
            let sev = match f.severity {
                Severity::Fail => tr!(lang, "severity.fail"),
                Severity::Warning => tr!(lang, "severity.warning"),
                Severity::Notice => tr!(lang, "severity.notice"),
            };
            outln!("  [{sev}] {}", finding_message(lang, f, &record.vendors));
        }
    }
}

/// At most `width` terminal cells of `s`.
fn clip(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}
