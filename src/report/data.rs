//! The report's data: one pure, serialisable struct built from a facility record
//! (`model::record`), never from the store, so a record file alone renders the same report on a
//! machine with no database. Every output (HTML, Markdown, xlsx, JSON) renders from a
//! `ReportData` and nothing else.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::labels::{
    answer_label, form_label, kind_label, role_label, scope_label, severity_label,
};
use crate::i18n::Lang;
use crate::model::answer::{Answer, Cell};
use crate::model::checklist::{Edition, Form, Item, Scope, Wording};
use crate::model::contacts::{Contact, Role, missing_named_roles};
use crate::model::facility::FacilityKind;
use crate::model::record::{
    CheckRecord, Editions, LedgerEntry, Record, RecordError, SheetRecord, assess_sheet,
};
use crate::model::rules::{Finding, Progress, Requirement, RowView, Rule, TargetFit};
use crate::model::wareki::{format_fiscal_year, format_wareki};
use crate::tr;

/// Schema tag of the JSON report.
pub const SCHEMA: &str = "kensa.report/1";

/// A date as the report prints it: 西暦 with 和暦 alongside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateOut {
    /// `2025-05-16`
    pub iso: String,
    /// `令和7年5月16日`
    pub wareki: String,
}

impl DateOut {
    pub fn new(d: Date) -> DateOut {
        DateOut {
            iso: d.to_string(),
            wareki: format_wareki(d),
        }
    }
}

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
    pub unverified: bool,
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
    pub date: Option<DateOut>,
    pub message: String,
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
    pub fiscal_year: i16,
    pub fiscal_year_label: String,
    pub published: String,
    pub source: String,
    /// The edition the library has for this 年度 when the sheet uses an older one (made with
    /// `--older-edition`; its 参考項目 exemptions do not apply).
    pub newer_edition: Option<String>,
    pub instructions: Vec<String>,
    pub unverified_wording: bool,
    pub ready: bool,
    pub progress: Progress,
    pub findings: Vec<FindingOut>,
    pub overdue: Vec<FindingOut>,
    pub gate: Option<ItemOut>,
    pub sections: Vec<SectionOut>,
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
    /// 種別 (server / terminal / network / other)
    pub kind: String,
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
    /// The cells in the official column order, kind last.
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
            &self.kind,
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
    pub sheet: SheetReport,
    /// 事業者確認用 sheets of the same 年度, when the store has any.
    pub vendor_sheets: Vec<SheetReport>,
    /// Live contacts in escalation order.
    pub contacts: Vec<ContactOut>,
    /// Bodies item 3(1) names (事業者, 厚生労働省, 警察) with no contact yet.
    pub contacts_missing: Vec<RoleOut>,
    pub ledger: Vec<LedgerRow>,
    pub evidence: Vec<EvidenceOut>,
    /// Fingerprint of the key a bundle is signed with; printed so it can be confirmed by phone.
    pub signing_key_fingerprint: Option<String>,
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
pub fn ledger_rows(ledger: &[LedgerEntry]) -> Vec<LedgerRow> {
    ledger
        .iter()
        .filter(|e| e.asset.fields.retired_on.is_none())
        .map(|e| {
            let f = e.asset.fields.clone();
            LedgerRow {
                management_no: f.control_no,
                kind: f.kind.as_str().to_string(),
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
    let sheet = sheet_report(input, own, edition_for(input.editions, own)?);
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
                name: e.name.clone(),
                size: e.size,
                sha256: e.sha256.clone(),
            })
        })
        .collect();
    let bcp = crate::model::bcp::status(&record.bcp, contacts, input.today);
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
        ledger: ledger_rows(&record.ledger),
        evidence,
        signing_key_fingerprint: None,
        bcp_text: crate::bcp::text::plan_state_text(lang, &bcp),
        bcp,
    })
}

fn sheet_report(input: &GatherInput, sheet: &SheetRecord, edition: &Edition) -> SheetReport {
    let lang = input.lang;
    let records = &sheet.checks;
    let a = assess_sheet(input.record, sheet, edition, input.today);
    let sheet = &sheet.sheet;
    let by_id: BTreeMap<i64, &CheckRecord> = records.iter().map(|r| (r.id, r)).collect();
    let rows: BTreeMap<(&str, Scope), &RowView> = a
        .rows
        .iter()
        .map(|r| ((r.item.as_str(), r.scope), r))
        .collect();
    let item_out = |item: &Item| ItemOut {
        id: item.id.clone(),
        number: item.number.clone(),
        text: item.text.clone(),
        wording: item.wording,
        unverified: item.wording == Wording::Unverified,
        wording_note: item.wording_note.clone(),
        rows: item
            .scopes
            .iter()
            .filter_map(|s| rows.get(&(item.id.as_str(), *s)))
            .map(|r| row_out(lang, r, &by_id))
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
        fiscal_year: sheet.fiscal_year,
        fiscal_year_label: format_fiscal_year(sheet.fiscal_year),
        published: edition.published.clone(),
        source: edition.source.clone(),
        newer_edition: input
            .library
            .newer_than(edition, sheet.fiscal_year)
            .map(|n| n.id.clone()),
        instructions: edition.instructions.clone(),
        unverified_wording: edition.has_unverified_wording(),
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
    }
}

fn cell_out(lang: Lang, c: Cell) -> CellOut {
    CellOut {
        answer: c.answer,
        label: answer_label(lang, c.answer).to_string(),
        date: DateOut::new(c.date),
        check_id: c.check_id,
    }
}

fn row_out(lang: Lang, r: &RowView, by_id: &BTreeMap<i64, &CheckRecord>) -> RowOut {
    let mut remarks: Vec<String> = Vec::new();
    match r.requirement {
        Requirement::NotApplicable => {
            remarks.push(tr!(lang, "report.remark.not_applicable").into())
        }
        Requirement::Reference => remarks.push(tr!(lang, "report.remark.reference").into()),
        Requirement::GatedOff => remarks.push(tr!(lang, "report.remark.gated_off").into()),
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
