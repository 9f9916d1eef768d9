//! The report's data: one pure, serialisable struct built from a facility record
//! (`model::record`), never from the store, so a record file alone renders the same report on a
//! machine with no database. Every output (HTML, Markdown, xlsx, JSON) renders from a
//! `ReportData` and nothing else.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::labels::{
    answer_label, asset_kind_label, form_label, kind_label, role_label, scope_label, severity_label,
};
use crate::i18n::Lang;
use crate::model::answer::{Answer, Cell};
use crate::model::checklist::{Edition, Form, Item, Scope, Wording};
use crate::model::contacts::{Contact, Role, missing_named_roles};
use crate::model::facility::FacilityKind;
use crate::model::record::{
    CheckRecord, Editions, LedgerEntry, Record, RecordError, SheetRecord, TargetRecord,
    assess_sheet,
};
use crate::model::rules::{Finding, Progress, Requirement, RowView, Rule, TargetFit};
use crate::model::wareki::format_fiscal_year;
use crate::tr;

/// Schema tag of the JSON report.
pub const SCHEMA: &str = "kensa.report/1";

pub use super::dates::DateOut;

#[derive(Debug, Clone, Serialize)]
pub struct FacilityOut {
    pub name: String,
    pub kind: FacilityKind,
    pub kind_label: String,
    pub prefecture: Option<String>,
    pub manager: Option<String>,
    pub security_officer: Option<String>,
    pub vendor_contracts: bool,
    /// 医療機関コード (10 digits), when registered.
    pub institution_code: Option<String>,
    /// 病床数, when registered.
    pub beds: Option<u32>,
    /// 開設者, when registered.
    pub founder: Option<String>,
}

/// One filled 1回目 or 2回目 cell.
#[derive(Debug, Clone, Serialize)]
pub struct CellOut {
    pub answer: Answer,
    pub label: String,
    pub date: DateOut,
    /// The stored check the cell shows.
    pub check_id: i64,
}

/// One answer row of the form: an item for one scope.
#[derive(Debug, Clone, Serialize)]
pub struct RowOut {
    pub scope: Scope,
    pub scope_label: String,
    pub requirement: Requirement,
    pub first: Option<CellOut>,
    pub target: Option<DateOut>,
    pub second: Option<CellOut>,
    /// Answer carried over from last year and not yet checked again.
    pub carried: Option<Answer>,
    /// 備考: why the row need not be answered, the note of the check shown, evidence count.
    pub remarks: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemOut {
    pub id: String,
    /// As printed: `(1)`, `①`.
    pub number: String,
    /// Official text exactly as in the edition file.
    pub text: String,
    pub wording: Wording,
    /// Any text that is not the verified print (draft, unverified, unknown).
    pub unverified: bool,
    /// The mark shown beside the text: ［文言は案から］, ［文言未確認］, ［本文未確認…］.
    pub wording_mark: Option<String>,
    pub wording_note: Option<String>,
    pub rows: Vec<RowOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionOut {
    pub number: u32,
    pub title: String,
    pub items: Vec<ItemOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingOut {
    pub rule: Rule,
    pub severity: crate::model::rules::Severity,
    pub severity_label: String,
    pub item: Option<String>,
    pub scope: Option<Scope>,
    /// `2-7@server`, `3-1`, or `-`.
    pub row: String,
    /// Where the row is on the printed form, in words: `2 ④ サーバ`, `医療情報システムの有無`.
    pub place: String,
    pub date: Option<DateOut>,
    pub message: String,
}

/// A finding's row as the printed form names it: section, the item's printed number and the
/// scope, never kensa's internal ids (the item's text when it has no printed number).
fn place_of(lang: Lang, edition: &Edition, item: Option<&str>, scope: Option<Scope>) -> String {
    let Some(id) = item else {
        return "—".into();
    };
    if edition.is_gate(id) {
        return tr!(lang, "report.label.gate").to_string();
    }
    let Some(it) = edition.item(id) else {
        return id.to_string();
    };
    let number = if it.number.is_empty() {
        let head: String = it.text.chars().take(12).collect();
        if head.len() < it.text.len() {
            format!("{head}…")
        } else {
            head
        }
    } else {
        it.number.clone()
    };
    let section = edition
        .section_of(id)
        .map(|s| format!("{} ", s.number))
        .unwrap_or_default();
    match scope {
        Some(s) if s != Scope::General => {
            format!("{section}{number} {}", scope_label(lang, s))
        }
        _ => format!("{section}{number}"),
    }
}

/// One filled sheet (the facility's own, or a vendor sheet) in the official layout.
#[derive(Debug, Clone, Serialize)]
pub struct SheetReport {
    pub id: i64,
    pub key: String,
    pub edition: String,
    pub title: String,
    pub form: Form,
    pub form_label: String,
    /// For a 事業者確認用: the vendor's name, which heads it.
    pub vendor_name: Option<String>,
    pub fiscal_year: i16,
    pub fiscal_year_label: String,
    pub published: String,
    pub source: String,
    /// The edition the library has for this 年度 when the sheet uses an older one (made with
    /// `--older-edition`; its 参考項目 exemptions do not apply).
    pub newer_edition: Option<String>,
    pub instructions: Vec<String>,
    pub unverified_wording: bool,
    /// One legend line per wording state the edition's items have.
    pub wording_legends: Vec<String>,
    /// Items left out of the verdict because their official text is unknown, and why.
    pub excluded: Vec<String>,
    /// A newer official edition exists that kensa has no items for: how to import it, and
    /// whose rules apply meanwhile (令和8年度版).
    pub edition_notices: Vec<String>,
    pub ready: bool,
    pub progress: Progress,
    pub findings: Vec<FindingOut>,
    pub overdue: Vec<FindingOut>,
    pub gate: Option<ItemOut>,
    pub sections: Vec<SectionOut>,
    /// 確認履歴: every stored check and every 目標日 of every row that has any, in form order.
    pub history: Vec<HistoryRow>,
}

/// What one entry of the 確認履歴 records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// A check with its 確認日 (and the 目標日 set with it, if any).
    Check,
    /// An answer carried over from last year's sheet, not yet checked again.
    Carried,
    /// A 目標日 set or moved on its own (`kensa target`).
    Target,
}

/// One stored fact of a row's history, as printed in the 確認履歴 appendix.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub kind: HistoryKind,
    /// The check's 確認日; none for a carried answer or a 目標日 on its own.
    pub date: Option<DateOut>,
    pub answer: Option<Answer>,
    /// はい / いいえ / 該当なし, 前年度から引継ぎ, or 目標日の変更.
    pub result: String,
    /// The 目標日 set by this action.
    pub target: Option<DateOut>,
    /// Who checked or set it.
    pub by: String,
    /// When it was recorded, Japan time (`2025-10-01 14:03`); as stored if unreadable.
    pub recorded: String,
    pub note: String,
    /// Names of the evidence files kept with the check.
    pub evidence: Vec<String>,
    /// Where the form shows this entry (`1回目`, `目標日`, …); empty when only the history has it.
    pub shown: String,
}

/// Every entry of one answer row (an item for one scope), oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    pub item: String,
    pub scope: Scope,
    /// `2-4@server` or `1-1`.
    pub row: String,
    /// The section the item is in; none for the gate or an item the edition does not have.
    pub section: Option<u32>,
    /// As printed: `④`; empty for the gate or a row the edition no longer has.
    pub number: String,
    /// The item text; the item id when the edition does not have the item.
    pub text: String,
    pub scope_label: String,
    pub entries: Vec<HistoryEntry>,
    /// How many of the row's checks and 目標日 the form does not show (an earlier 2回目, a
    /// moved 目標日): the row's 備考 says the 確認履歴 has them.
    pub off_form: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactOut {
    pub id: i64,
    pub role: Role,
    pub role_label: String,
    pub internal: bool,
    pub name: String,
    pub org: Option<String>,
    pub system: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub order: u32,
}

impl ContactOut {
    pub fn new(lang: Lang, c: &Contact) -> ContactOut {
        ContactOut {
            id: c.id,
            role: c.role,
            role_label: role_label(lang, c.role).to_string(),
            internal: c.role.is_internal(),
            name: c.name.clone(),
            org: c.org.clone(),
            system: c.system.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            order: c.order,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleOut {
    pub role: Role,
    pub label: String,
}

/// One row of the 機器台帳, with the official columns of the checklist manual (reference §4.3):
/// 管理番号 | メーカー | OS | ソフトウェア | ソフトウェアバージョン | IPアドレス | コンピュータ名 |
/// 設置場所 | 利用者 | 登録日 | 状態 | 説明, plus the device kind kensa keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    /// 管理番号
    pub management_no: String,
    /// 種別 as stored (server / terminal / network / medical-device / other), for programs.
    pub kind: String,
    /// 種別 in words (サーバ, 端末, …): what the printed 台帳 shows.
    pub kind_label: String,
    /// メーカー
    pub maker: String,
    /// OS
    pub os: String,
    /// ソフトウェア
    pub software: String,
    /// ソフトウェアバージョン
    pub software_version: String,
    /// IPアドレス
    pub ip_address: String,
    /// コンピュータ名
    pub computer_name: String,
    /// 設置場所
    pub location: String,
    /// 利用者
    pub user: String,
    /// 登録日 (`YYYY-MM-DD`, or empty)
    pub registered_on: String,
    /// 状態 (稼働 / 停止 …)
    pub status: String,
    /// 説明
    pub description: String,
}

impl LedgerRow {
    /// The cells in the official column order, the kind (in words) last.
    pub fn cells(&self) -> [&str; 13] {
        [
            &self.management_no,
            &self.maker,
            &self.os,
            &self.software,
            &self.software_version,
            &self.ip_address,
            &self.computer_name,
            &self.location,
            &self.user,
            &self.registered_on,
            &self.status,
            &self.description,
            &self.kind_label,
        ]
    }
}

/// Headers of [`LedgerRow::cells`], in the chosen language (Japanese: the official names).
pub fn ledger_headers(lang: Lang) -> [&'static str; 13] {
    [
        tr!(lang, "report.ledger.management_no"),
        tr!(lang, "report.ledger.maker"),
        tr!(lang, "report.ledger.os"),
        tr!(lang, "report.ledger.software"),
        tr!(lang, "report.ledger.software_version"),
        tr!(lang, "report.ledger.ip_address"),
        tr!(lang, "report.ledger.computer_name"),
        tr!(lang, "report.ledger.location"),
        tr!(lang, "report.ledger.user"),
        tr!(lang, "report.ledger.registered_on"),
        tr!(lang, "report.ledger.status"),
        tr!(lang, "report.ledger.description"),
        tr!(lang, "report.label.ledger_kind"),
    ]
}

/// An evidence file attached to a check of the reported sheet.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceOut {
    pub id: i64,
    pub check_id: i64,
    pub item: String,
    pub scope: Scope,
    /// `2-7@server` or `1-1`.
    pub row: String,
    /// Where the row is on the printed form: `2 ⑥`.
    pub place: String,
    pub name: String,
    pub size: i64,
    pub sha256: String,
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    pub schema: &'static str,
    pub kensa_version: &'static str,
    pub lang: &'static str,
    pub generated_on: DateOut,
    pub facility: FacilityOut,
    /// The facility's verdict as the inspector judges it: its own sheet and, with vendor
    /// contracts, the vendors' 事業者確認用 (`sheet.ready` is the own sheet alone).
    pub ready: bool,
    pub sheet: SheetReport,
    /// 事業者確認用 sheets of the same 年度, when the store has any.
    pub vendor_sheets: Vec<SheetReport>,
    /// The vendors of the 年度: status, coverage matrix, findings, MDS/SDS (`report::vendors`);
    /// `None` without vendor contracts, vendors or vendor sheets.
    pub vendors: Option<super::vendors::VendorReport>,
    /// Live contacts in escalation order.
    pub contacts: Vec<ContactOut>,
    /// Bodies item 3(1) names (事業者, 厚生労働省, 警察) with no contact yet.
    pub contacts_missing: Vec<RoleOut>,
    pub ledger: Vec<LedgerRow>,
    pub evidence: Vec<EvidenceOut>,
    /// Fingerprint of the key a bundle is signed with; printed so it can be confirmed by phone.
    pub signing_key_fingerprint: Option<String>,
    /// What the evidence engine found (issue 16); filled by the caller that has the data sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_findings: Option<super::evidence::AssetFindings>,
    /// Item 3(3): the BCP's state (none / draft / approved on a date) and the last drill.
    pub bcp: crate::model::bcp::BcpStatus,
    /// The same in words.
    pub bcp_text: String,
}

/// What `gather` reads: a record, the editions to judge it with, and the sheet to report.
pub struct GatherInput<'a> {
    pub record: &'a Record,
    pub editions: &'a Editions,
    /// The reader's own editions: which newer edition exists for a sheet's year.
    pub library: &'a crate::editions::Library,
    pub sheet_id: i64,
    pub today: Date,
    pub lang: Lang,
    /// The rule message in the chosen language (the CLI's wording of `status`).
    pub finding_message: &'a dyn Fn(&Finding) -> String,
}

/// The 機器台帳 rows for the report: what a person typed or imported (observations stay in the
/// ledger view), without retired rows, which are no longer part of the facility's equipment.
pub fn ledger_rows(lang: Lang, ledger: &[LedgerEntry]) -> Vec<LedgerRow> {
    ledger
        .iter()
        .filter(|e| e.asset.fields.retired_on.is_none())
        .map(|e| {
            let f = e.asset.fields.clone();
            LedgerRow {
                management_no: f.control_no,
                kind: f.kind.as_str().to_string(),
                kind_label: asset_kind_label(lang, f.kind).to_string(),
                maker: f.maker,
                os: f.os,
                software: f.software,
                software_version: f.software_version,
                ip_address: f.ip,
                computer_name: f.computer_name,
                location: f.location,
                user: f.user,
                registered_on: f.registered_on.map(|d| d.to_string()).unwrap_or_default(),
                status: f.status,
                description: f.description,
            }
        })
        .collect()
}

fn row_label(item: &str, scope: Scope) -> String {
    if scope == Scope::General {
        item.to_string()
    } else {
        format!("{item}@{scope}")
    }
}

fn edition_for<'e>(editions: &'e Editions, s: &SheetRecord) -> Result<&'e Edition, RecordError> {
    editions
        .get(&s.sheet.edition_id)
        .ok_or_else(|| RecordError::EditionMissing {
            id: s.sheet.edition_id.clone(),
        })
}

/// Build the report of one sheet from a record.
pub fn gather(input: &GatherInput) -> Result<ReportData, RecordError> {
    let lang = input.lang;
    let record = input.record;
    let f = record.facility.as_ref().ok_or(RecordError::NoFacility)?;
    let own = record.sheet(input.sheet_id)?;
    let own_edition = edition_for(input.editions, own)?;
    let sheet = sheet_report(input, own, own_edition);
    let mut vendor_sheets = Vec::new();
    if own.sheet.form != Form::Vendor {
        for s in &record.sheets {
            if s.sheet.form == Form::Vendor && s.sheet.fiscal_year == own.sheet.fiscal_year {
                vendor_sheets.push(sheet_report(input, s, edition_for(input.editions, s)?));
            }
        }
    }
    let contacts = &record.contacts;
    let evidence = own
        .checks
        .iter()
        .flat_map(|c| {
            c.evidence.iter().map(|e| EvidenceOut {
                id: e.id,
                check_id: c.id,
                item: c.item.clone(),
                scope: c.scope,
                row: row_label(&c.item, c.scope),
                place: place_of(lang, own_edition, Some(&c.item), Some(c.scope)),
                name: e.name.clone(),
                size: e.size,
                sha256: e.sha256.clone(),
            })
        })
        .collect();
    let bcp = crate::model::bcp::status(&record.bcp, contacts, input.today);
    let vendors = (own.sheet.form != Form::Vendor)
        .then(|| {
            super::vendors::gather_vendors(
                record,
                input.editions,
                own.sheet.fiscal_year,
                input.today,
                lang,
            )
        })
        .flatten();
    Ok(ReportData {
        schema: SCHEMA,
        kensa_version: env!("CARGO_PKG_VERSION"),
        lang: lang.as_str(),
        generated_on: DateOut::new(input.today),
        facility: FacilityOut {
            name: f.name.clone(),
            kind: f.kind,
            kind_label: kind_label(lang, f.kind).to_string(),
            prefecture: f.prefecture.clone(),
            manager: f.manager.clone(),
            security_officer: f.security_officer.clone(),
            vendor_contracts: f.vendor_contracts,
            institution_code: f.institution_code.clone(),
            beds: f.beds,
            founder: f.founder.clone(),
        },
        ready: sheet.ready && vendors.as_ref().is_none_or(|v| v.ready),
        vendors,
        sheet,
        vendor_sheets,
        contacts_missing: missing_named_roles(contacts)
            .into_iter()
            .map(|r| RoleOut {
                role: r,
                label: role_label(lang, r).to_string(),
            })
            .collect(),
        contacts: contacts.iter().map(|c| ContactOut::new(lang, c)).collect(),
        ledger: ledger_rows(lang, &record.ledger),
        evidence,
        signing_key_fingerprint: None,
        asset_findings: None,
        bcp_text: crate::bcp::text::plan_state_text(lang, &bcp),
        bcp,
    })
}

fn sheet_report(input: &GatherInput, sheet_record: &SheetRecord, edition: &Edition) -> SheetReport {
    let lang = input.lang;
    let records = &sheet_record.checks;
    let a = assess_sheet(input.record, sheet_record, edition, input.today);
    let sheet = &sheet_record.sheet;
    let by_id: BTreeMap<i64, &CheckRecord> = records.iter().map(|r| (r.id, r)).collect();
    let rows: BTreeMap<(&str, Scope), &RowView> = a
        .rows
        .iter()
        .map(|r| ((r.item.as_str(), r.scope), r))
        .collect();
    let history = history(lang, sheet_record, edition, &rows);
    // Records of a row that the form cannot show: the row's 備考 points to the appendix.
    let off_form: BTreeMap<(&str, Scope), usize> = history
        .iter()
        .map(|h| ((h.item.as_str(), h.scope), h.off_form))
        .collect();
    let item_out = |item: &Item| ItemOut {
        id: item.id.clone(),
        number: item.number.clone(),
        text: item.text.clone(),
        wording: item.wording,
        unverified: item.wording.needs_note(),
        wording_mark: crate::text::editions::wording_mark_short(lang, item.wording)
            .map(String::from),
        wording_note: item.wording_note.clone(),
        rows: item
            .scopes
            .iter()
            .filter_map(|s| rows.get(&(item.id.as_str(), *s)))
            .map(|r| {
                let hidden = off_form
                    .get(&(item.id.as_str(), r.scope))
                    .copied()
                    .unwrap_or(0);
                row_out(lang, r, &by_id, hidden, sheet.vendor.is_some())
            })
            .collect(),
    };
    let finding_out = |f: &Finding| FindingOut {
        rule: f.rule,
        severity: f.severity,
        severity_label: severity_label(lang, f.severity).to_string(),
        item: f.item.clone(),
        scope: f.scope,
        row: match (&f.item, f.scope) {
            (Some(i), Some(s)) => row_label(i, s),
            (Some(i), None) => i.clone(),
            _ => "-".into(),
        },
        place: place_of(lang, edition, f.item.as_deref(), f.scope),
        date: f.date.map(DateOut::new),
        message: (input.finding_message)(f),
    };
    SheetReport {
        id: sheet.id,
        key: sheet.key(),
        edition: edition.id.clone(),
        title: edition.title.clone(),
        form: edition.form,
        form_label: form_label(lang, edition.form).to_string(),
        vendor_name: sheet
            .vendor
            .map(|id| crate::text::vendor::vendor_name(&input.record.vendors, id)),
        fiscal_year: sheet.fiscal_year,
        fiscal_year_label: format_fiscal_year(sheet.fiscal_year),
        published: edition.published.clone(),
        source: edition.source.clone(),
        newer_edition: input
            .library
            .newer_than(edition, sheet.fiscal_year)
            .map(|n| n.id.clone()),
        instructions: edition
            .instructions
            .iter()
            .map(|i| crate::text::editions::instruction_line(lang, i))
            .collect(),
        unverified_wording: edition.has_unverified_wording(),
        wording_legends: crate::text::editions::wording_legends(lang, edition)
            .into_iter()
            .map(String::from)
            .collect(),
        excluded: crate::text::editions::excluded_lines(lang, edition),
        edition_notices: crate::text::editions::newer_official_lines(
            lang,
            input.library,
            edition,
            sheet.fiscal_year,
        ),
        ready: a.ready,
        progress: a.total.clone(),
        findings: a.findings.iter().map(finding_out).collect(),
        overdue: a
            .findings
            .iter()
            .filter(|f| f.rule == Rule::TargetOverdue)
            .map(finding_out)
            .collect(),
        gate: edition.gate.as_ref().map(item_out),
        sections: edition
            .sections
            .iter()
            .map(|s| SectionOut {
                number: s.number,
                title: s.title.clone(),
                items: s.items.iter().map(item_out).collect(),
            })
            .collect(),
        history,
    }
}

/// When a record was stored, in Japan time (no daylight saving: a fixed +09:00 is exact), to
/// the minute; the stored text itself when it is not a timestamp (a record from elsewhere).
fn recorded_jst(at: &str) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// The 確認履歴 of one sheet: every row with any stored check or 目標日, in the edition's order,
/// then rows the edition does not have (so nothing stored is left off the paper). A 目標日 set
/// in the same action as a check (`kensa answer … --target`) is printed on that check's line.
fn history(
    lang: Lang,
    sheet: &SheetRecord,
    edition: &Edition,
    views: &BTreeMap<(&str, Scope), &RowView>,
) -> Vec<HistoryRow> {
    type Records<'r> = (Vec<&'r CheckRecord>, Vec<&'r TargetRecord>);
    let mut by_row: BTreeMap<(&str, Scope), Records> = BTreeMap::new();
    for c in &sheet.checks {
        by_row
            .entry((c.item.as_str(), c.scope))
            .or_default()
            .0
            .push(c);
    }
    for t in &sheet.targets {
        by_row
            .entry((t.item.as_str(), t.scope))
            .or_default()
            .1
            .push(t);
    }
    let mut order: Vec<(&str, Scope)> = edition
        .rows()
        .map(|(i, s)| (i.id.as_str(), s))
        .filter(|k| by_row.contains_key(k))
        .collect();
    for k in by_row.keys() {
        if !order.contains(k) {
            order.push(*k);
        }
    }
    order
        .into_iter()
        .filter_map(|key| {
            let (checks, targets) = by_row.get(&key)?;
            let item = edition.item(key.0);
            let (entries, off_form) =
                history_entries(lang, checks, targets, views.get(&key).copied());
            Some(HistoryRow {
                item: key.0.to_string(),
                scope: key.1,
                row: row_label(key.0, key.1),
                section: edition.section_of(key.0).map(|s| s.number),
                number: item.map(|i| i.number.clone()).unwrap_or_default(),
                text: item.map_or_else(|| key.0.to_string(), |i| i.text.clone()),
                scope_label: scope_label(lang, key.1).to_string(),
                entries,
                off_form,
            })
        })
        .collect()
}

fn history_entries(
    lang: Lang,
    checks: &[&CheckRecord],
    targets: &[&TargetRecord],
    view: Option<&RowView>,
) -> (Vec<HistoryEntry>, usize) {
    let first = view.and_then(|v| v.state.first).map(|c| c.check_id);
    let second = view.and_then(|v| v.state.second).map(|c| c.check_id);
    // The form shows the last 目標日 set, and a carried answer (in 備考) only while the row
    // has no check of this year.
    let shown_target = targets.iter().map(|t| t.id).max();
    let shown_carried = view
        .filter(|v| v.state.current().is_none())
        .and_then(|_| checks.iter().rfind(|c| c.carried_from_check.is_some()))
        .map(|c| c.id);
    let target_out = |t: &TargetRecord| {
        (
            Some(DateOut::new(t.target_on)),
            (Some(t.id) == shown_target).then(|| tr!(lang, "report.label.col_target")),
        )
    };
    let mut used = vec![false; targets.len()];
    let mut off_form = 0;
    // (when, checks before targets, id, entry): recording order, whatever the ids' tables.
    let mut out: Vec<(Option<jiff::Timestamp>, u8, i64, HistoryEntry)> = Vec::new();
    for c in checks {
        let mut shown: Vec<&str> = Vec::new();
        if Some(c.id) == first {
            shown.push(tr!(lang, "report.label.col_first"));
        }
        if Some(c.id) == second {
            shown.push(tr!(lang, "report.label.col_second"));
        }
        if Some(c.id) == shown_carried {
            shown.push(tr!(lang, "report.label.col_remarks"));
        }
        if shown.is_empty() {
            off_form += 1;
        }
        let same_action = targets
            .iter()
            .enumerate()
            .find(|(i, t)| !used[*i] && t.recorded_at == c.recorded_at && t.set_by == c.checked_by);
        let mut target = None;
        if let Some((i, t)) = same_action {
            used[i] = true;
            let (date, label) = target_out(t);
            target = date;
            if label.is_none() {
                off_form += 1;
            }
            shown.extend(label);
        }
        let carried = c.carried_from_check.is_some();
        out.push((
            c.recorded_at.parse().ok(),
            0,
            c.id,
            HistoryEntry {
                kind: if carried {
                    HistoryKind::Carried
                } else {
                    HistoryKind::Check
                },
                date: c.checked_on.map(DateOut::new),
                answer: Some(c.answer),
                result: if carried {
                    format!(
                        "{}（{}）",
                        answer_label(lang, c.answer),
                        tr!(lang, "print.history.carried")
                    )
                } else {
                    answer_label(lang, c.answer).to_string()
                },
                target,
                by: c.checked_by.clone(),
                recorded: recorded_jst(&c.recorded_at),
                note: c.note.trim().to_string(),
                evidence: c.evidence.iter().map(|e| e.name.clone()).collect(),
                shown: shown.join("・"),
            },
        ));
    }
    for (t, _) in targets.iter().zip(&used).filter(|(_, u)| !**u) {
        let (date, label) = target_out(t);
        if label.is_none() {
            off_form += 1;
        }
        out.push((
            t.recorded_at.parse().ok(),
            1,
            t.id,
            HistoryEntry {
                kind: HistoryKind::Target,
                date: None,
                answer: None,
                result: tr!(lang, "print.history.target_set").to_string(),
                target: date,
                by: t.set_by.clone(),
                recorded: recorded_jst(&t.recorded_at),
                note: String::new(),
                evidence: Vec::new(),
                shown: label.unwrap_or_default().to_string(),
            },
        ));
    }
    out.sort_by_key(|(at, class, id, _)| (*at, *class, *id));
    (out.into_iter().map(|(_, _, _, e)| e).collect(), off_form)
}

fn cell_out(lang: Lang, c: Cell) -> CellOut {
    CellOut {
        answer: c.answer,
        label: answer_label(lang, c.answer).to_string(),
        date: DateOut::new(c.date),
        check_id: c.check_id,
    }
}

/// `hidden`: how many of the row's history entries the form cannot show (an earlier 2回目, a
/// moved 目標日); the 備考 then says the 確認履歴 has them. `vendor_sheet`: a vendor's sheet,
/// where a row not required is outside its contract.
fn row_out(
    lang: Lang,
    r: &RowView,
    by_id: &BTreeMap<i64, &CheckRecord>,
    hidden: usize,
    vendor_sheet: bool,
) -> RowOut {
    let mut remarks: Vec<String> = Vec::new();
    match r.requirement {
        Requirement::NotApplicable if vendor_sheet => {
            remarks.push(tr!(lang, "vendor.report.outside_contract").into())
        }
        Requirement::NotApplicable => {
            remarks.push(tr!(lang, "report.remark.not_applicable").into())
        }
        Requirement::Reference => remarks.push(tr!(lang, "report.remark.reference").into()),
        Requirement::GatedOff => remarks.push(tr!(lang, "report.remark.gated_off").into()),
        Requirement::TextUnknown => {
            remarks.push(tr!(lang, "editions.requirement.text_unknown").into())
        }
        Requirement::Required => {}
    }
    if r.target_fit == Some(TargetFit::AtNextRenewal) {
        remarks.push(tr!(
            lang,
            "report.remark.target_next_renewal",
            fy = format_fiscal_year(r.deadline_fiscal_year)
        ));
    }
    if r.state.current().is_none() && r.state.carried.is_some() {
        remarks.push(tr!(lang, "report.remark.carried").into());
    }
    // The notes of both checks the row shows, and the evidence attached to them.
    let shown: Vec<&CheckRecord> = [r.state.first, r.state.second]
        .into_iter()
        .flatten()
        .filter_map(|c| by_id.get(&c.check_id).copied())
        .collect();
    for rec in &shown {
        let note = rec.note.trim();
        if !note.is_empty() && !remarks.iter().any(|m| m == note) {
            remarks.push(note.to_string());
        }
    }
    let evidence: usize = shown.iter().map(|rec| rec.evidence.len()).sum();
    if evidence > 0 {
        remarks.push(tr!(lang, "report.remark.evidence", count = evidence));
    }
    if hidden > 0 {
        remarks.push(tr!(lang, "print.remark.more_in_history", count = hidden));
    }
    RowOut {
        scope: r.scope,
        scope_label: scope_label(lang, r.scope).to_string(),
        requirement: r.requirement,
        first: r.state.first.map(|c| cell_out(lang, c)),
        target: r.state.target.map(DateOut::new),
        second: r.state.second.map(|c| cell_out(lang, c)),
        carried: r.state.carried,
        remarks: remarks.join(" / "),
    }
}
