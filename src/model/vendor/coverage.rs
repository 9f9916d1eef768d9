//! The 立入検査の手引き on vendors, encoded (reference §5, ②「事業者確認用」):
//!
//! - a facility with vendor contracts shows a 事業者確認用 for **every** contracted vendor;
//! - every row of it has a dated 1回目, or is 該当なし for the vendor's contract (a row of a scope
//!   the contract does not cover is 該当なし without being written);
//! - 「契約内容により一部項目の確認が不要な場合あり; その場合、同項目について「医療機関確認用」または別の事業者が
//!   作成する「事業者確認用」に記入があれば問題ない」: a 該当なし row is **covered** when the
//!   facility's own sheet or another vendor's sheet answers the same row (item id and scope; the
//!   事業者確認用 numbers its items like the 医療機関確認用 of its year) with はい or いいえ;
//! - a vendor's いいえ needs a 目標日 inside the deadline, like the facility's own.
//!
//! Besides the rules: MDS/SDS with いいえ remaining or received more than a year ago are flagged
//! (GL 7.0 asks facilities to choose vendors whose answers are all はい or 対象外).
//!
//! Findings carry ids and data only; their texts are in the i18n catalog (`text::vendor`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::{
    Disclosure, SheetStatus, Vendor, VendorRequest, VendorResponse, current_disclosures,
    disclosure_is_old, sheet_status,
};
use crate::model::answer::{Answer, RowState, derive_row};
use crate::model::checklist::{Edition, Form, Scope};
use crate::model::record::{Editions, Record, SheetRecord, default_sheet};
use crate::model::rules::{Severity, TargetFit, row_deadline, target_fit};
use crate::model::wareki::fiscal_year_of;

/// The vendor rules, each with a stable id (JSON, the catalog's `vendor.rule.<id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VendorRule {
    /// The profile says the facility has vendor contracts, but no vendor is registered.
    #[serde(rename = "vendor-none-registered")]
    NoneRegistered,
    /// Vendors are registered, but the profile says the facility has no vendor contracts
    /// (2(2), 2(3) would be judged not applicable).
    #[serde(rename = "vendor-contracts-flag-off")]
    ContractsFlagOff,
    /// A vendor under contract in the 年度 has no 事業者確認用.
    #[serde(rename = "vendor-sheet-missing")]
    SheetMissing,
    /// A 事業者確認用 of the 年度 is not attached to any vendor (made before kensa knew vendors).
    #[serde(rename = "vendor-sheet-unattached")]
    SheetUnattached,
    /// A row the contract covers has no dated 1回目.
    #[serde(rename = "vendor-row-unanswered")]
    RowUnanswered,
    /// A row only has last year's answer carried over.
    #[serde(rename = "vendor-row-carried")]
    RowCarried,
    /// A check dated outside the sheet's 年度.
    #[serde(rename = "vendor-check-outside-fiscal-year")]
    CheckOutsideFiscalYear,
    /// A 該当なし (written, or implied by the contract) that neither the facility's sheet nor
    /// another vendor's answers.
    #[serde(rename = "vendor-na-uncovered")]
    NaUncovered,
    /// The vendor's いいえ has no 目標日.
    #[serde(rename = "vendor-target-missing")]
    TargetMissing,
    /// The vendor's 目標日 is after the row's deadline.
    #[serde(rename = "vendor-target-after-deadline")]
    TargetAfterDeadline,
    /// After the deadline, as the official rule allows (二要素認証: next system renewal).
    #[serde(rename = "vendor-target-next-renewal")]
    TargetAtNextRenewal,
    /// The vendor's 目標日 has passed and the row is still いいえ.
    #[serde(rename = "vendor-target-overdue")]
    TargetOverdue,
    /// A request's 回答期限 has passed without a response (期限超過).
    #[serde(rename = "vendor-request-overdue")]
    RequestOverdue,
    /// No MDS/SDS received from a vendor under contract (item 2(3)).
    #[serde(rename = "vendor-disclosure-missing")]
    DisclosureMissing,
    /// The newest MDS/SDS of a product still has いいえ answers.
    #[serde(rename = "vendor-disclosure-no-remaining")]
    DisclosureNoRemaining,
    /// The newest MDS/SDS of a product was received more than a year ago.
    #[serde(rename = "vendor-disclosure-old")]
    DisclosureOld,
}

impl VendorRule {
    pub const ALL: [VendorRule; 16] = [
        VendorRule::NoneRegistered,
        VendorRule::ContractsFlagOff,
        VendorRule::SheetMissing,
        VendorRule::SheetUnattached,
        VendorRule::RowUnanswered,
        VendorRule::RowCarried,
        VendorRule::CheckOutsideFiscalYear,
        VendorRule::NaUncovered,
        VendorRule::TargetMissing,
        VendorRule::TargetAfterDeadline,
        VendorRule::TargetAtNextRenewal,
        VendorRule::TargetOverdue,
        VendorRule::RequestOverdue,
        VendorRule::DisclosureMissing,
        VendorRule::DisclosureNoRemaining,
        VendorRule::DisclosureOld,
    ];

    pub fn id(self) -> &'static str {
        match self {
            VendorRule::NoneRegistered => "vendor-none-registered",
            VendorRule::ContractsFlagOff => "vendor-contracts-flag-off",
            VendorRule::SheetMissing => "vendor-sheet-missing",
            VendorRule::SheetUnattached => "vendor-sheet-unattached",
            VendorRule::RowUnanswered => "vendor-row-unanswered",
            VendorRule::RowCarried => "vendor-row-carried",
            VendorRule::CheckOutsideFiscalYear => "vendor-check-outside-fiscal-year",
            VendorRule::NaUncovered => "vendor-na-uncovered",
            VendorRule::TargetMissing => "vendor-target-missing",
            VendorRule::TargetAfterDeadline => "vendor-target-after-deadline",
            VendorRule::TargetAtNextRenewal => "vendor-target-next-renewal",
            VendorRule::TargetOverdue => "vendor-target-overdue",
            VendorRule::RequestOverdue => "vendor-request-overdue",
            VendorRule::DisclosureMissing => "vendor-disclosure-missing",
            VendorRule::DisclosureNoRemaining => "vendor-disclosure-no-remaining",
            VendorRule::DisclosureOld => "vendor-disclosure-old",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            // Contracts declared and no vendor listed: every 事業者確認用 the 手引き asks for
            // is missing from the record, so the verdict cannot be 準備完了.
            VendorRule::NoneRegistered
            | VendorRule::SheetMissing
            | VendorRule::RowUnanswered
            | VendorRule::RowCarried
            | VendorRule::CheckOutsideFiscalYear
            | VendorRule::NaUncovered
            | VendorRule::TargetMissing
            | VendorRule::TargetAfterDeadline => Severity::Fail,
            VendorRule::TargetAtNextRenewal | VendorRule::DisclosureMissing => Severity::Notice,
            VendorRule::ContractsFlagOff
            | VendorRule::SheetUnattached
            | VendorRule::TargetOverdue
            | VendorRule::RequestOverdue
            | VendorRule::DisclosureNoRemaining
            | VendorRule::DisclosureOld => Severity::Warning,
        }
    }
}

/// One vendor rule applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorFinding {
    pub rule: VendorRule,
    pub severity: Severity,
    /// The vendors concerned (for `vendor-na-uncovered`, every vendor whose 該当なし is
    /// uncovered on the row).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vendors: Vec<i64>,
    /// The sheet concerned, when there is one.
    pub sheet: Option<i64>,
    pub item: Option<String>,
    pub scope: Option<Scope>,
    /// The date it is about (目標日, 確認日, 回答期限, date received).
    pub date: Option<Date>,
    /// The deadline 年度 for target findings; the sheet's 年度 for dates outside it.
    pub deadline_fiscal_year: Option<i16>,
    /// MDS/SDS: the product and its いいえ count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl VendorFinding {
    fn new(rule: VendorRule) -> VendorFinding {
        VendorFinding {
            rule,
            severity: rule.severity(),
            vendors: Vec::new(),
            sheet: None,
            item: None,
            scope: None,
            date: None,
            deadline_fiscal_year: None,
            product: None,
            count: None,
        }
    }
    fn vendor(mut self, id: i64) -> Self {
        self.vendors = vec![id];
        self
    }
    fn sheet(mut self, id: i64) -> Self {
        self.sheet = Some(id);
        self
    }
    fn row(mut self, item: &str, scope: Scope) -> Self {
        self.item = Some(item.to_string());
        self.scope = Some(scope);
        self
    }
    fn date(mut self, d: Date) -> Self {
        self.date = Some(d);
        self
    }
}

/// A column of the coverage matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Column {
    /// The facility's own sheet of the 年度.
    Facility,
    /// A vendor's 事業者確認用.
    Vendor(i64),
}

/// One cell of the coverage matrix: what a sheet says about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageCell {
    /// Answered はい (the standing answer).
    Yes,
    /// Answered いいえ.
    No,
    /// Answered 該当なし.
    Na,
    /// Not answered, and the vendor's contract does not cover the row's scope: 該当なし.
    OutOfContract,
    /// Not answered (or only carried over) although it should be.
    Unanswered,
    /// The vendor has no 事業者確認用 for the 年度.
    NoSheet,
    /// The sheet's form has no such row (the facility's sheet, or an older edition).
    NotOnForm,
}

impl CoverageCell {
    /// An answer that covers another sheet's 該当なし.
    pub fn answers(self) -> bool {
        matches!(self, CoverageCell::Yes | CoverageCell::No)
    }
    /// 該当なし, written or implied by the contract.
    pub fn is_na(self) -> bool {
        matches!(self, CoverageCell::Na | CoverageCell::OutOfContract)
    }
}

/// How a row of the matrix stands as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowCoverage {
    /// No vendor says 該当なし; nothing to cover.
    Answered,
    /// A vendor's 該当なし is answered elsewhere.
    Covered,
    /// A vendor's 該当なし that no sheet answers: the gap the inspector would find.
    Gap,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub item: String,
    pub scope: Scope,
    /// One cell per [`Coverage::columns`].
    pub cells: Vec<CoverageCell>,
    pub coverage: RowCoverage,
    /// The columns whose answers cover the row's 該当なし.
    pub covered_by: Vec<Column>,
}

/// The coverage matrix of a 年度: item × (facility, each vendor).
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub columns: Vec<Column>,
    pub rows: Vec<CoverageRow>,
}

impl Coverage {
    pub fn gaps(&self) -> impl Iterator<Item = &CoverageRow> {
        self.rows.iter().filter(|r| r.coverage == RowCoverage::Gap)
    }
}

/// A vendor as the status and the report show it.
#[derive(Debug, Clone, Serialize)]
pub struct VendorView {
    pub vendor: i64,
    pub in_force: bool,
    /// Its 事業者確認用 of the 年度.
    pub sheet: Option<i64>,
    pub status: SheetStatus,
    /// Rows its contract covers, and of those rows with a dated 1回目.
    pub rows_required: usize,
    pub rows_answered: usize,
    /// The newest MDS/SDS of each of its products.
    pub disclosures: Vec<i64>,
}

/// Everything the vendor rules say about one 年度.
#[derive(Debug, Clone, Serialize)]
pub struct VendorAssessment {
    pub fiscal_year: i16,
    /// No finding of severity fail.
    pub ready: bool,
    /// The facility's own sheet the matrix compares with.
    pub facility_sheet: Option<i64>,
    pub vendors: Vec<VendorView>,
    /// 事業者確認用 of the 年度 with no vendor.
    pub unattached: Vec<i64>,
    pub coverage: Coverage,
    pub findings: Vec<VendorFinding>,
}

/// What the vendor rules read: the facts of a record (the TUI passes what it holds).
#[derive(Debug, Clone, Copy)]
pub struct VendorFacts<'a> {
    pub vendor_contracts: bool,
    /// The facility's own form (hospital or pharmacy).
    pub own_form: Option<Form>,
    pub vendors: &'a [Vendor],
    pub sheets: &'a [SheetRecord],
    pub requests: &'a [VendorRequest],
    pub responses: &'a [VendorResponse],
    pub disclosures: &'a [Disclosure],
    pub editions: &'a Editions,
}

impl<'a> VendorFacts<'a> {
    pub fn of(record: &'a Record, editions: &'a Editions) -> VendorFacts<'a> {
        VendorFacts {
            vendor_contracts: record.vendor_contracts(),
            own_form: record.facility.as_ref().map(|f| f.kind.own_form()),
            vendors: &record.vendors,
            sheets: &record.sheets,
            requests: &record.vendor_requests,
            responses: &record.vendor_responses,
            disclosures: &record.disclosures,
            editions,
        }
    }

    /// Whether there is anything vendor-related to show: contracts, vendors or vendor sheets.
    pub fn any(&self) -> bool {
        self.vendor_contracts
            || !self.vendors.is_empty()
            || self.sheets.iter().any(|s| s.sheet.form == Form::Vendor)
    }
}

/// One row of a vendor's sheet, judged against its contract.
struct VendorRow<'e> {
    item: &'e crate::model::checklist::Item,
    scope: Scope,
    state: RowState,
    in_contract: bool,
}

fn cell_of(state: &RowState, in_contract: bool) -> CoverageCell {
    match state.current().map(|c| c.answer) {
        Some(Answer::Yes) => CoverageCell::Yes,
        Some(Answer::No) => CoverageCell::No,
        Some(Answer::Na) => CoverageCell::Na,
        None if !in_contract => CoverageCell::OutOfContract,
        None => CoverageCell::Unanswered,
    }
}

fn row_state(sheet: &SheetRecord, item: &str, scope: Scope) -> RowState {
    let checks = sheet.model_checks();
    let targets = sheet.model_targets();
    derive_row(
        checks.iter().filter(|c| c.item == item && c.scope == scope),
        targets
            .iter()
            .filter(|t| t.item == item && t.scope == scope),
    )
}

/// Apply the vendor rules to 年度 `fiscal_year`.
pub fn assess_vendors(facts: &VendorFacts, fiscal_year: i16, today: Date) -> VendorAssessment {
    let mut findings = Vec::new();
    let fy = fiscal_year;
    let in_force: Vec<&Vendor> = facts.vendors.iter().filter(|v| v.in_force(fy)).collect();
    if facts.vendor_contracts && in_force.is_empty() {
        findings.push(VendorFinding::new(VendorRule::NoneRegistered));
    }
    if !facts.vendor_contracts && !in_force.is_empty() {
        findings.push(VendorFinding::new(VendorRule::ContractsFlagOff));
    }

    let vendor_sheets: Vec<&SheetRecord> = facts
        .sheets
        .iter()
        .filter(|s| s.sheet.form == Form::Vendor && s.sheet.fiscal_year == fy)
        .collect();
    let unattached: Vec<i64> = vendor_sheets
        .iter()
        .filter(|s| s.sheet.vendor.is_none())
        .map(|s| s.sheet.id)
        .collect();
    for id in &unattached {
        findings.push(VendorFinding::new(VendorRule::SheetUnattached).sheet(*id));
    }
    // A vendor's sheet of the 年度: the newest edition's, when there are several.
    let sheet_of = |vendor: i64| -> Option<&SheetRecord> {
        let ids: Vec<_> = vendor_sheets
            .iter()
            .filter(|s| s.sheet.vendor == Some(vendor))
            .map(|s| &s.sheet)
            .collect();
        let chosen = default_sheet(ids, fy)?;
        vendor_sheets
            .iter()
            .copied()
            .find(|s| s.sheet.id == chosen.id)
    };
    let facility_sheet = facts.own_form.and_then(|form| {
        let own: Vec<_> = facts
            .sheets
            .iter()
            .filter(|s| s.sheet.form == form && s.sheet.fiscal_year == fy)
            .map(|s| &s.sheet)
            .collect();
        let chosen = default_sheet(own, fy)?;
        facts.sheets.iter().find(|s| s.sheet.id == chosen.id)
    });

    // Columns: the facility, then every vendor in force or with a sheet of the 年度.
    let mut shown: Vec<&Vendor> = facts
        .vendors
        .iter()
        .filter(|v| v.in_force(fy) || sheet_of(v.id).is_some())
        .collect();
    shown.sort_by_key(|v| v.id);

    // Every vendor row, judged; rows are collected in form order for the matrix.
    let mut matrix_rows: Vec<(String, Scope)> = Vec::new();
    let mut per_vendor: BTreeMap<i64, BTreeMap<(String, Scope), CoverageCell>> = BTreeMap::new();
    let mut views = Vec::new();
    for v in &shown {
        let sheet = sheet_of(v.id);
        let status = sheet.map_or(SheetStatus::NotRequested, |s| {
            sheet_status(s.sheet.id, facts.requests, facts.responses, today)
        });
        if let SheetStatus::Overdue { due_on, .. } = status {
            findings.push(
                VendorFinding::new(VendorRule::RequestOverdue)
                    .vendor(v.id)
                    .date(due_on),
            );
        }
        let mut view = VendorView {
            vendor: v.id,
            in_force: v.in_force(fy),
            sheet: sheet.map(|s| s.sheet.id),
            status,
            rows_required: 0,
            rows_answered: 0,
            disclosures: current_disclosures(facts.disclosures, v.id)
                .iter()
                .map(|d| d.id)
                .collect(),
        };
        let edition = sheet.and_then(|s| facts.editions.get(&s.sheet.edition_id));
        match (sheet, edition) {
            (Some(s), Some(e)) => {
                let rows = vendor_rows(s, e, v);
                let cells = per_vendor.entry(v.id).or_default();
                for r in &rows {
                    let key = (r.item.id.clone(), r.scope);
                    if !matrix_rows.contains(&key) {
                        matrix_rows.push(key.clone());
                    }
                    cells.insert(key, cell_of(&r.state, r.in_contract));
                    if r.in_contract {
                        view.rows_required += 1;
                        view.rows_answered += usize::from(r.state.first.is_some());
                    }
                    row_findings(v.id, s, e, r, fy, today, &mut findings);
                }
            }
            (Some(_), None) | (None, _) => {
                // What the vendor will have to answer: its contract's rows of the newest
                // edition for the 年度.
                if let Some(e) = newest_vendor_edition(facts.editions, fy) {
                    view.rows_required = e.rows().filter(|(_, s)| v.covers(*s)).count();
                }
                if view.in_force && sheet.is_none() {
                    findings.push(VendorFinding::new(VendorRule::SheetMissing).vendor(v.id));
                }
            }
        }
        if view.in_force {
            disclosure_findings(facts.disclosures, v.id, today, &mut findings);
        }
        views.push(view);
    }
    // A 年度 without any vendor sheet still shows the rows the vendors must answer: those of the
    // newest vendor edition the reader has for the 年度.
    if matrix_rows.is_empty()
        && !shown.is_empty()
        && let Some(e) = newest_vendor_edition(facts.editions, fy)
    {
        matrix_rows = e.rows().map(|(i, s)| (i.id.clone(), s)).collect();
    }

    let mut columns = vec![Column::Facility];
    columns.extend(shown.iter().map(|v| Column::Vendor(v.id)));
    let facility_edition = facility_sheet.and_then(|s| facts.editions.get(&s.sheet.edition_id));
    let mut rows = Vec::new();
    for (item, scope) in matrix_rows {
        let facility_cell = match (facility_sheet, facility_edition) {
            (Some(s), Some(e)) if e.item(&item).is_some_and(|i| i.has_scope(scope)) => {
                cell_of(&row_state(s, &item, scope), true)
            }
            _ => CoverageCell::NotOnForm,
        };
        let mut cells = vec![facility_cell];
        for v in &shown {
            cells.push(match per_vendor.get(&v.id) {
                Some(c) => c
                    .get(&(item.clone(), scope))
                    .copied()
                    .unwrap_or(CoverageCell::NotOnForm),
                None => CoverageCell::NoSheet,
            });
        }
        let na_vendors: Vec<i64> = shown
            .iter()
            .zip(&cells[1..])
            .filter(|(_, c)| c.is_na())
            .map(|(v, _)| v.id)
            .collect();
        let covered_by: Vec<Column> = columns
            .iter()
            .zip(&cells)
            .filter(|(_, c)| c.answers())
            .map(|(col, _)| *col)
            .collect();
        let coverage = if na_vendors.is_empty() {
            RowCoverage::Answered
        } else if covered_by.is_empty() {
            let mut f = VendorFinding::new(VendorRule::NaUncovered).row(&item, scope);
            f.vendors = na_vendors;
            findings.push(f);
            RowCoverage::Gap
        } else {
            RowCoverage::Covered
        };
        rows.push(CoverageRow {
            item,
            scope,
            cells,
            coverage,
            covered_by: if coverage == RowCoverage::Answered {
                Vec::new()
            } else {
                covered_by
            },
        });
    }

    findings.sort_by_key(|f| f.severity);
    VendorAssessment {
        fiscal_year: fy,
        ready: !findings.iter().any(|f| f.severity == Severity::Fail),
        facility_sheet: facility_sheet.map(|s| s.sheet.id),
        vendors: views,
        unattached,
        coverage: Coverage { columns, rows },
        findings,
    }
}

/// The vendor edition a reader has for a 年度: the newest whose year is not later.
fn newest_vendor_edition(editions: &Editions, fy: i16) -> Option<&Edition> {
    editions
        .values()
        .filter(|e| e.form == Form::Vendor && e.fiscal_year <= i32::from(fy))
        .max_by_key(|e| e.fiscal_year)
}

fn vendor_rows<'e>(
    sheet: &SheetRecord,
    edition: &'e Edition,
    vendor: &Vendor,
) -> Vec<VendorRow<'e>> {
    edition
        .rows()
        .map(|(item, scope)| VendorRow {
            item,
            scope,
            state: row_state(sheet, &item.id, scope),
            in_contract: vendor.covers(scope),
        })
        .collect()
}

fn row_findings(
    vendor: i64,
    sheet: &SheetRecord,
    edition: &Edition,
    r: &VendorRow,
    fy: i16,
    today: Date,
    out: &mut Vec<VendorFinding>,
) {
    let at = |rule| {
        VendorFinding::new(rule)
            .vendor(vendor)
            .sheet(sheet.sheet.id)
            .row(&r.item.id, r.scope)
    };
    let outside = sheet
        .checks
        .iter()
        .filter(|c| c.item == r.item.id && c.scope == r.scope && c.carried_from_check.is_none())
        .filter_map(|c| c.checked_on)
        .filter(|d| fiscal_year_of(*d) != fy)
        .min();
    if let Some(d) = outside {
        let mut f = at(VendorRule::CheckOutsideFiscalYear).date(d);
        f.deadline_fiscal_year = Some(fy);
        out.push(f);
    }
    if r.in_contract && r.state.first.is_none() {
        out.push(at(if r.state.carried.is_some() {
            VendorRule::RowCarried
        } else {
            VendorRule::RowUnanswered
        }));
    }
    if r.state.current().map(|c| c.answer) == Some(Answer::No) {
        let deadline = row_deadline(edition, fy, r.item, r.scope);
        match r.state.target {
            None => out.push(at(VendorRule::TargetMissing)),
            Some(t) => {
                let rule = match target_fit(r.item, deadline, t) {
                    TargetFit::InTime => None,
                    TargetFit::AfterDeadline => Some(VendorRule::TargetAfterDeadline),
                    TargetFit::AtNextRenewal => Some(VendorRule::TargetAtNextRenewal),
                };
                if let Some(rule) = rule {
                    let mut f = at(rule).date(t);
                    f.deadline_fiscal_year = Some(deadline);
                    out.push(f);
                }
                if t < today {
                    out.push(at(VendorRule::TargetOverdue).date(t));
                }
            }
        }
    }
}

fn disclosure_findings(all: &[Disclosure], vendor: i64, today: Date, out: &mut Vec<VendorFinding>) {
    let current = current_disclosures(all, vendor);
    if current.is_empty() {
        out.push(VendorFinding::new(VendorRule::DisclosureMissing).vendor(vendor));
    }
    for d in current {
        let with = |rule| {
            let mut f = VendorFinding::new(rule).vendor(vendor).date(d.received_on);
            f.product = Some(format!("{} {}", d.kind.label(), d.product));
            f
        };
        if d.no_count > 0 {
            let mut f = with(VendorRule::DisclosureNoRemaining);
            f.count = Some(d.no_count);
            out.push(f);
        }
        if disclosure_is_old(d, today) {
            out.push(with(VendorRule::DisclosureOld));
        }
    }
}

/// The MDS/SDS that bear on item 2(3) of the facility's sheet: the newest of each product of
/// every vendor (its detail shows what was received).
pub fn disclosures_for_item_2_3<'d>(facts: &VendorFacts<'d>) -> Vec<&'d Disclosure> {
    facts
        .vendors
        .iter()
        .flat_map(|v| current_disclosures(facts.disclosures, v.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::vendor;
    use super::super::{DisclosureKind, ExchangeFormat};
    use super::*;
    use crate::model::answer::Answer;
    use crate::model::record::{CheckRecord, Sheet, TargetRecord};
    use jiff::civil::date;

    fn editions() -> Editions {
        let (lib, _) = crate::editions::Library::load(None);
        let mut out = Editions::new();
        for id in ["hospital-r7", "vendor-r7"] {
            out.insert(id.to_string(), lib.get(id).unwrap().clone());
        }
        out
    }

    struct Facts {
        vendors: Vec<Vendor>,
        sheets: Vec<SheetRecord>,
        requests: Vec<VendorRequest>,
        responses: Vec<VendorResponse>,
        disclosures: Vec<Disclosure>,
        editions: Editions,
        contracts: bool,
        next_check: i64,
    }

    impl Facts {
        fn new() -> Facts {
            Facts {
                vendors: vec![],
                sheets: vec![SheetRecord {
                    sheet: Sheet {
                        id: 1,
                        edition_id: "hospital-r7".into(),
                        form: Form::Hospital,
                        fiscal_year: 2025,
                        carried_from: None,
                        created_at: String::new(),
                        vendor: None,
                    },
                    checks: vec![],
                    targets: vec![],
                }],
                requests: vec![],
                responses: vec![],
                disclosures: vec![],
                editions: editions(),
                contracts: true,
                next_check: 1,
            }
        }
        fn vendor(&mut self, id: i64, name: &str, scopes: &[Scope]) -> &mut Self {
            self.vendors.push(vendor(id, name, scopes));
            self.sheets.push(SheetRecord {
                sheet: Sheet {
                    id: 10 + id,
                    edition_id: "vendor-r7".into(),
                    form: Form::Vendor,
                    fiscal_year: 2025,
                    carried_from: None,
                    created_at: String::new(),
                    vendor: Some(id),
                },
                checks: vec![],
                targets: vec![],
            });
            self
        }
        fn answer(&mut self, sheet: i64, item: &str, scope: Scope, a: Answer) -> &mut Self {
            let id = self.next_check;
            self.next_check += 1;
            let s = self
                .sheets
                .iter_mut()
                .find(|s| s.sheet.id == sheet)
                .unwrap();
            s.checks.push(CheckRecord {
                id,
                sheet_id: sheet,
                item: item.into(),
                scope,
                answer: a,
                checked_on: Some(date(2025, 6, 1)),
                checked_by: "t".into(),
                note: String::new(),
                carried_from_check: None,
                recorded_at: String::new(),
                evidence: vec![],
                response: None,
                source: None,
            });
            self
        }
        fn target(&mut self, sheet: i64, item: &str, scope: Scope, on: Date) -> &mut Self {
            let s = self
                .sheets
                .iter_mut()
                .find(|s| s.sheet.id == sheet)
                .unwrap();
            let id = s.targets.len() as i64 + 1;
            s.targets.push(TargetRecord {
                id,
                sheet_id: sheet,
                item: item.into(),
                scope,
                target_on: on,
                set_by: "t".into(),
                recorded_at: String::new(),
            });
            self
        }
        /// Every row of a vendor's sheet the vendor's contract covers, はい.
        fn answer_contract(&mut self, vendor_id: i64) -> &mut Self {
            let v = self
                .vendors
                .iter()
                .find(|v| v.id == vendor_id)
                .unwrap()
                .clone();
            let rows: Vec<(String, Scope)> = self.editions["vendor-r7"]
                .rows()
                .filter(|(_, s)| v.covers(*s))
                .map(|(i, s)| (i.id.clone(), s))
                .collect();
            for (item, scope) in rows {
                self.answer(10 + vendor_id, &item, scope, Answer::Yes);
            }
            self
        }
        fn assess(&self) -> VendorAssessment {
            assess_vendors(
                &VendorFacts {
                    vendor_contracts: self.contracts,
                    own_form: Some(Form::Hospital),
                    vendors: &self.vendors,
                    sheets: &self.sheets,
                    requests: &self.requests,
                    responses: &self.responses,
                    disclosures: &self.disclosures,
                    editions: &self.editions,
                },
                2025,
                date(2025, 10, 1),
            )
        }
    }

    fn rules(a: &VendorAssessment) -> Vec<VendorRule> {
        let mut r: Vec<VendorRule> = a.findings.iter().map(|f| f.rule).collect();
        r.dedup();
        r
    }

    fn fails(a: &VendorAssessment) -> Vec<(VendorRule, Option<String>, Option<Scope>)> {
        a.findings
            .iter()
            .filter(|f| f.severity == Severity::Fail)
            .map(|f| (f.rule, f.item.clone(), f.scope))
            .collect()
    }

    /// The case: three vendors, each covering a different scope (servers, terminals, the
    /// network). Each one's 該当なし rows are covered by another's answers; the one row nobody
    /// answers is the gap.
    #[test]
    fn three_vendors_cover_each_other() {
        let mut f = Facts::new();
        f.vendor(1, "電子カルテA社", &[Scope::Server])
            .vendor(2, "端末B社", &[Scope::Terminal])
            .vendor(3, "ネットワークC社", &[Scope::Network])
            .answer_contract(1)
            .answer_contract(2)
            .answer_contract(3);
        let a = f.assess();
        assert!(a.ready, "{:?}", fails(&a));
        assert_eq!(a.coverage.gaps().count(), 0);
        assert_eq!(
            a.coverage.columns,
            vec![
                Column::Facility,
                Column::Vendor(1),
                Column::Vendor(2),
                Column::Vendor(3)
            ]
        );
        // 2-13@network: only C社 answers; A社 and B社 are out of contract, covered by C社.
        let row = a
            .coverage
            .rows
            .iter()
            .find(|r| r.item == "2-13" && r.scope == Scope::Network)
            .unwrap();
        assert_eq!(
            row.cells[1..],
            [
                CoverageCell::OutOfContract,
                CoverageCell::OutOfContract,
                CoverageCell::Yes
            ]
        );
        assert_eq!(row.coverage, RowCoverage::Covered);
        assert_eq!(row.covered_by, vec![Column::Vendor(3)]);
        // General rows are everyone's.
        let general = a.coverage.rows.iter().find(|r| r.item == "1-1").unwrap();
        assert_eq!(general.coverage, RowCoverage::Answered);

        // Without C社 nobody answers the network row: a gap naming A社 and B社.
        let mut g = Facts::new();
        g.vendor(1, "電子カルテA社", &[Scope::Server])
            .vendor(2, "端末B社", &[Scope::Terminal])
            .answer_contract(1)
            .answer_contract(2);
        let a = g.assess();
        let gaps: Vec<_> = a
            .coverage
            .gaps()
            .map(|r| (r.item.as_str(), r.scope))
            .collect();
        assert_eq!(gaps, vec![("2-13", Scope::Network)]);
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == VendorRule::NaUncovered)
            .unwrap();
        assert_eq!(f.vendors, vec![1, 2]);
        assert!(!a.ready);
        // The facility's own sheet answering the row covers it.
        g.answer(1, "2-13", Scope::Network, Answer::No);
        let a = g.assess();
        assert!(a.ready, "{:?}", fails(&a));
        let row = a.coverage.rows.iter().find(|r| r.item == "2-13").unwrap();
        assert_eq!(row.covered_by, vec![Column::Facility]);
    }

    #[test]
    fn a_written_na_needs_cover_too() {
        let mut f = Facts::new();
        f.vendor(1, "A社", &[Scope::Server, Scope::Terminal, Scope::Network])
            .answer_contract(1)
            .answer(11, "2-9", Scope::General, Answer::Na);
        let a = f.assess();
        assert_eq!(
            a.coverage
                .gaps()
                .map(|r| r.item.as_str())
                .collect::<Vec<_>>(),
            vec!["2-9"]
        );
        f.answer(1, "2-9", Scope::General, Answer::Yes);
        assert!(f.assess().ready);
        // 該当なし on the facility's own sheet covers nothing.
        let mut g = Facts::new();
        g.vendor(1, "A社", &[Scope::Server, Scope::Terminal, Scope::Network])
            .answer_contract(1)
            .answer(11, "2-9", Scope::General, Answer::Na)
            .answer(1, "2-9", Scope::General, Answer::Na);
        assert_eq!(g.assess().coverage.gaps().count(), 1);
    }

    #[test]
    fn every_contracted_vendor_needs_a_sheet_and_every_row_a_date() {
        let mut f = Facts::new();
        f.vendor(1, "A社", &[Scope::Server]);
        f.vendors.push(vendor(2, "B社", &[Scope::Network]));
        let a = f.assess();
        assert!(
            a.findings
                .iter()
                .any(|x| x.rule == VendorRule::SheetMissing && x.vendors == vec![2])
        );
        // A社's sheet is empty: every covered row is unanswered; rows of other scopes are not.
        let unanswered: Vec<_> = a
            .findings
            .iter()
            .filter(|x| x.rule == VendorRule::RowUnanswered)
            .map(|x| x.scope.unwrap())
            .collect();
        assert!(!unanswered.is_empty());
        assert!(
            unanswered
                .iter()
                .all(|s| matches!(s, Scope::General | Scope::Server))
        );
        let b = a
            .coverage
            .columns
            .iter()
            .position(|c| *c == Column::Vendor(2))
            .unwrap();
        assert!(
            a.coverage
                .rows
                .iter()
                .all(|r| r.cells[b] == CoverageCell::NoSheet)
        );
        let view = a.vendors.iter().find(|v| v.vendor == 1).unwrap();
        assert_eq!(view.rows_answered, 0);
        assert!(view.rows_required > 0);
        assert!(!a.ready);
        // No vendors at all although the profile says there are contracts.
        let mut g = Facts::new();
        g.sheets.truncate(1);
        assert_eq!(rules(&g.assess()), vec![VendorRule::NoneRegistered]);
        assert!(!g.assess().ready, "no 事業者確認用 at all is not ready");
        g.contracts = false;
        assert!(g.assess().findings.is_empty());
        g.vendors.push(vendor(1, "A社", &[]));
        assert!(rules(&g.assess()).contains(&VendorRule::ContractsFlagOff));
    }

    #[test]
    fn a_vendor_no_needs_a_target_inside_the_deadline() {
        let mut f = Facts::new();
        f.vendor(1, "A社", &[Scope::Server, Scope::Terminal, Scope::Network])
            .answer_contract(1)
            .answer(11, "2-10", Scope::Server, Answer::No);
        assert!(rules(&f.assess()).contains(&VendorRule::TargetMissing));
        f.target(11, "2-10", Scope::Server, date(2026, 4, 1));
        let a = f.assess();
        assert!(rules(&a).contains(&VendorRule::TargetAfterDeadline));
        assert!(!a.ready);
        f.target(11, "2-10", Scope::Server, date(2026, 3, 31));
        assert!(f.assess().ready);
        f.target(11, "2-10", Scope::Server, date(2025, 9, 1));
        let a = f.assess();
        assert!(rules(&a).contains(&VendorRule::TargetOverdue));
        assert!(a.ready);
        // 二要素認証: a later date allowed as the next renewal is a notice.
        f.answer(11, "2-11", Scope::General, Answer::No).target(
            11,
            "2-11",
            Scope::General,
            date(2030, 3, 31),
        );
        let a = f.assess();
        assert!(rules(&a).contains(&VendorRule::TargetAtNextRenewal));
        assert!(a.ready);
    }

    #[test]
    fn carried_dates_outside_the_year_and_unattached_sheets() {
        let mut f = Facts::new();
        f.vendor(1, "A社", &[Scope::Server, Scope::Terminal, Scope::Network])
            .answer_contract(1);
        let s = f.sheets.iter_mut().find(|s| s.sheet.id == 11).unwrap();
        s.checks[0].checked_on = Some(date(2024, 6, 1));
        let a = f.assess();
        assert!(rules(&a).contains(&VendorRule::CheckOutsideFiscalYear));
        let mut g = Facts::new();
        g.sheets.push(SheetRecord {
            sheet: Sheet {
                id: 5,
                edition_id: "vendor-r7".into(),
                form: Form::Vendor,
                fiscal_year: 2025,
                carried_from: None,
                created_at: String::new(),
                vendor: None,
            },
            checks: vec![],
            targets: vec![],
        });
        let a = g.assess();
        assert_eq!(a.unattached, vec![5]);
        assert!(rules(&a).contains(&VendorRule::SheetUnattached));
    }

    #[test]
    fn requests_overdue_and_disclosures_are_flagged() {
        let mut f = Facts::new();
        f.vendor(1, "A社", &[Scope::Server, Scope::Terminal, Scope::Network])
            .answer_contract(1);
        f.requests.push(VendorRequest {
            id: 1,
            request_id: "0".repeat(32),
            vendor_id: 1,
            sheet_id: 11,
            format: ExchangeFormat::Xlsx,
            file_name: "r.xlsx".into(),
            sha256: String::new(),
            sent_on: date(2025, 6, 1),
            due_on: Some(date(2025, 7, 1)),
            created_by: "t".into(),
            recorded_at: String::new(),
        });
        let a = f.assess();
        assert!(rules(&a).contains(&VendorRule::RequestOverdue));
        assert!(rules(&a).contains(&VendorRule::DisclosureMissing));
        f.disclosures.push(Disclosure {
            id: 1,
            vendor_id: 1,
            product: "電子カルテ".into(),
            kind: DisclosureKind::Sds,
            version: "5.0".into(),
            received_on: date(2024, 6, 1),
            no_count: 3,
            note: String::new(),
            file: None,
            recorded_by: "t".into(),
            recorded_at: String::new(),
        });
        let a = f.assess();
        let r = rules(&a);
        assert!(r.contains(&VendorRule::DisclosureNoRemaining));
        assert!(r.contains(&VendorRule::DisclosureOld));
        assert!(!r.contains(&VendorRule::DisclosureMissing));
        let f2 = a
            .findings
            .iter()
            .find(|x| x.rule == VendorRule::DisclosureNoRemaining)
            .unwrap();
        assert_eq!(f2.count, Some(3));
        assert_eq!(f2.product.as_deref(), Some("SDS 電子カルテ"));
        // Warnings only: the sheet is still ready.
        assert!(a.ready, "{:?}", fails(&a));
    }

    #[test]
    fn every_rule_has_a_test_above() {
        assert_eq!(VendorRule::ALL.len(), 16);
    }
}
