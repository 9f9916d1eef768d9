//! The vendors' part of the report: each vendor with its 事業者確認用's status, the coverage
//! matrix (item × facility/vendor) with its gaps, the vendor findings, and the MDS/SDS list. Built
//! from the record by the same rules as `kensa vendor status` (`model::vendor::coverage`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::dates::DateOut;
use super::labels::{scope_label, severity_label};
use crate::i18n::Lang;
use crate::model::checklist::Form;
use crate::model::record::{Editions, Record};
use crate::model::rules::Severity;
use crate::model::vendor::coverage::{RowCoverage, VendorFacts, assess_vendors};
use crate::model::vendor::{current_disclosures, disclosure_is_old};
use crate::text::vendor::{
    cell_label, column_label, finding_message, row_label, status_label, vendor_name,
};
use crate::tr;

#[derive(Debug, Clone, Serialize)]
pub struct VendorOut {
    pub id: i64,
    pub name: String,
    pub systems: Vec<String>,
    pub person: Option<String>,
    pub phone: Option<String>,
    pub in_force: bool,
    /// The key of its 事業者確認用 of the 年度.
    pub sheet: Option<String>,
    pub status: String,
    pub rows_required: usize,
    pub rows_answered: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageRowOut {
    /// `2-7@server`.
    pub row: String,
    pub item: String,
    pub scope_label: String,
    /// One label per column (自施設, then each vendor).
    pub cells: Vec<String>,
    pub coverage: RowCoverage,
    /// 欠落 / カバー済 / empty.
    pub coverage_label: String,
    pub gap: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VendorFindingOut {
    pub rule: &'static str,
    pub severity: Severity,
    pub severity_label: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisclosureOut {
    pub vendor: String,
    pub kind: &'static str,
    pub product: String,
    pub version: String,
    pub received: DateOut,
    pub no_count: u32,
    /// いいえあり / 1年以上前, joined.
    pub flags: String,
    pub file: Option<String>,
    pub sha256: Option<String>,
}

/// Everything the report shows about vendors for one 年度.
#[derive(Debug, Clone, Serialize)]
pub struct VendorReport {
    pub fiscal_year: i16,
    pub ready: bool,
    pub vendors: Vec<VendorOut>,
    /// Column headings of the matrix: 自施設, then the vendors' names.
    pub columns: Vec<String>,
    pub rows: Vec<CoverageRowOut>,
    pub gaps: usize,
    pub findings: Vec<VendorFindingOut>,
    /// The newest MDS/SDS of each product of every vendor.
    pub disclosures: Vec<DisclosureOut>,
    /// Fixed labels of this part, for templates (`v.labels.coverage` …).
    pub labels: BTreeMap<&'static str, &'static str>,
}

fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("coverage", tr!(lang, "vendor.report.coverage")),
        ("coverage_note", tr!(lang, "vendor.report.coverage_note")),
        ("disclosures", tr!(lang, "vendor.report.disclosures")),
        ("disclosures_none", tr!(lang, "vendor.disclosure_none")),
        ("findings", tr!(lang, "status.findings")),
        ("gaps_none", tr!(lang, "vendor.no_gaps")),
        ("item", tr!(lang, "vendor.report.item")),
        ("judgement", tr!(lang, "vendor.matrix_coverage")),
        ("kind", tr!(lang, "vendor.report.kind")),
        ("name", tr!(lang, "vendor.field.name")),
        ("no_count", tr!(lang, "vendor.report.no_count")),
        ("product", tr!(lang, "vendor.report.product")),
        ("received", tr!(lang, "vendor.what_received")),
        ("rows", tr!(lang, "vendor.report.rows")),
        ("sheet", tr!(lang, "status.sheet")),
        ("status", tr!(lang, "vendor.report.status")),
        ("systems", tr!(lang, "vendor.report.systems")),
        ("title", tr!(lang, "vendor.report.title")),
        ("version", tr!(lang, "vendor.report.version")),
    ])
}

/// The vendors' part for 年度 `fy`, or `None` when the record has no vendors and no vendor
/// sheets (a facility that only says it has contracts is told so by `kensa status`; the report
/// shows what there is to inspect).
pub fn gather_vendors(
    record: &Record,
    editions: &Editions,
    fy: i16,
    today: Date,
    lang: Lang,
) -> Option<VendorReport> {
    let facts = VendorFacts::of(record, editions);
    if record.vendors.is_empty() && !record.sheets.iter().any(|s| s.sheet.form == Form::Vendor) {
        return None;
    }
    let a = assess_vendors(&facts, fy, today);
    let vendors = a
        .vendors
        .iter()
        .map(|v| {
            let found = record.vendors.iter().find(|x| x.id == v.vendor);
            VendorOut {
                id: v.vendor,
                name: vendor_name(&record.vendors, v.vendor),
                systems: found.map(|x| x.systems.clone()).unwrap_or_default(),
                person: found.and_then(|x| x.person.clone()),
                phone: found.and_then(|x| x.phone.clone()),
                in_force: v.in_force,
                sheet: v
                    .sheet
                    .and_then(|id| record.sheet(id).ok())
                    .map(|s| s.sheet.key()),
                status: status_label(lang, &v.status),
                rows_required: v.rows_required,
                rows_answered: v.rows_answered,
            }
        })
        .collect();
    let rows = a
        .coverage
        .rows
        .iter()
        .map(|r| CoverageRowOut {
            row: row_label(&r.item, r.scope),
            item: r.item.clone(),
            scope_label: scope_label(lang, r.scope).to_string(),
            cells: r
                .cells
                .iter()
                .map(|c| cell_label(lang, *c).to_string())
                .collect(),
            coverage: r.coverage,
            coverage_label: match r.coverage {
                RowCoverage::Answered => String::new(),
                RowCoverage::Covered => tr!(lang, "vendor.coverage.covered").to_string(),
                RowCoverage::Gap => tr!(lang, "vendor.coverage.gap").to_string(),
            },
            gap: r.coverage == RowCoverage::Gap,
        })
        .collect();
    let mut disclosures = Vec::new();
    for v in &record.vendors {
        for d in current_disclosures(&record.disclosures, v.id) {
            let mut flags = Vec::new();
            if d.no_count > 0 {
                flags.push(tr!(lang, "vendor.flag_no_remaining"));
            }
            if disclosure_is_old(d, today) {
                flags.push(tr!(lang, "vendor.flag_old"));
            }
            disclosures.push(DisclosureOut {
                vendor: v.name.clone(),
                kind: d.kind.label(),
                product: d.product.clone(),
                version: d.version.clone(),
                received: DateOut::new(d.received_on),
                no_count: d.no_count,
                flags: flags.join(match lang {
                    Lang::Ja => "、",
                    Lang::En => ", ",
                }),
                file: d.file.as_ref().map(|f| f.name.clone()),
                sha256: d.file.as_ref().map(|f| f.sha256.clone()),
            });
        }
    }
    Some(VendorReport {
        fiscal_year: fy,
        ready: a.ready,
        vendors,
        columns: a
            .coverage
            .columns
            .iter()
            .map(|c| column_label(lang, *c, &record.vendors))
            .collect(),
        rows,
        gaps: a.coverage.gaps().count(),
        findings: a
            .findings
            .iter()
            .map(|f| VendorFindingOut {
                rule: f.rule.id(),
                severity: f.severity,
                severity_label: severity_label(lang, f.severity).to_string(),
                message: finding_message(lang, f, &record.vendors),
            })
            .collect(),
        disclosures,
        labels: labels(lang),
    })
}

/// An xlsx tab named after a vendor: Excel's limit of 31 characters, none of `[]:*?/\`, no
/// leading or trailing apostrophe, and unique among `taken` (a number added when needed).
pub fn tab_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base = if clean.is_empty() {
        "事業者".to_string()
    } else {
        clean
    };
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut candidate = cut(&base, 31);
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == candidate.to_lowercase())
    {
        let suffix = format!("({n})");
        candidate = format!("{}{suffix}", cut(&base, 31 - suffix.chars().count()));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_names_are_valid_and_unique() {
        let taken = vec!["チェックリスト".to_string(), "A社".to_string()];
        assert_eq!(tab_name("B社", &taken), "B社");
        assert_eq!(tab_name("A社", &taken), "A社(2)");
        assert_eq!(tab_name("a社", &taken), "a社(2)");
        assert_eq!(tab_name("x[1]:y/z*?", &taken), "x_1__y_z__");
        assert_eq!(tab_name("'引用'", &taken), "引用");
        let long = "株式会社とても長い名前の医療情報システム開発販売保守サービス事業部門";
        let t = tab_name(long, &taken);
        assert_eq!(t.chars().count(), 31);
        let t2 = tab_name(long, std::slice::from_ref(&t));
        assert!(t2.ends_with("(2)") && t2.chars().count() == 31);
        assert_eq!(tab_name("  ", &taken), "事業者");
    }
}
