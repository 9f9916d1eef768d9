//! The inspector's reading of one facility (`kensa.inspection/1`): the facility's record judged
//! again with the inspector's own rules and editions, never the facility's own verdict, laid
//! out as the 立入検査の手引き asks — the gate, every applicable row's 1回目, every いいえ with its
//! 目標日 and deadline, overdue 目標日, 2(2)/2(3) without vendor contracts, unverified wordings —
//! plus what to look at on the visit and, when the inspector holds the facility's previous
//! bundle, what changed since: answers, 目標日, 台帳 rows, and whether the history up to the
//! previous bundle is unchanged.
//!
//! Pure: a record (and the previous one) in, an [`Inspection`] out. `crate::inspect` reads the
//! bundles; the CLI, the record sheet and (later) the inspector's TUI render the result.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use super::answer::{Answer, Cell, RowState, RowStatus, derive_row};
use super::audit::{AuditHead, AuditLog, HistoryCheck, compare_history};
use super::checklist::{Edition, Form, Item, NotApplicableWhen, PhysicalEvidence, Scope, Wording};
use super::contacts::Role;
use super::facility::Facility;
use super::record::{Editions, Record, RecordError, SheetRecord, assess_sheet, sha256_hex};
use super::rules::{
    Finding, Progress, Requirement, Rule, Severity, TargetFit, missing_chart_roles,
};
use super::vendor::Vendor;
use super::vendor::coverage::{VendorAssessment, VendorFacts, assess_vendors};
use super::wareki::fiscal_year_end;

/// Schema tag of the JSON an inspection is written as.
pub const SCHEMA: &str = "kensa.inspection/1";

/// Whose copy of the edition the sheet was judged with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditionSource {
    /// The inspector's own (built in, or in the inspector's checklist folder).
    Inspector,
    /// The copy embedded in the facility's record: the inspector has none of that id.
    Embedded,
}

/// One way the facility's embedded edition differs from the inspector's copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionDifference {
    /// The item concerned; `None` for the edition's own fields (form, year, …).
    pub item: Option<String>,
    /// The field that differs (`text`, `scopes`, `deadline_fiscal_year`, …), `missing` for an
    /// item the facility's copy lacks, `added` for one only the facility's copy has.
    pub field: String,
}

/// Which edition the sheet was judged with, and how the facility's copy compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionUse {
    pub id: String,
    pub source: EditionSource,
    /// Whether the record embeds the edition.
    pub embedded: bool,
    /// The embedded text is not the inspector's text: 「施設側のチェックリスト定義が公式版と異なります」.
    pub differs: bool,
    /// What differs, item by item (empty when only comments or layout of the text differ).
    pub differences: Vec<EditionDifference>,
    /// Why the embedded copy could not be read, when it could not.
    pub embedded_error: Option<String>,
}

/// The inspector's copy of an edition: the parsed edition and the text it was parsed from.
#[derive(Debug, Clone, Copy)]
pub struct OfficialEdition<'a> {
    pub edition: &'a Edition,
    pub text: &'a str,
}

/// The edition to judge a sheet with: the inspector's copy when there is one (noting where the
/// facility's embedded copy differs from it), else the embedded copy, else none.
pub fn choose_edition(
    id: &str,
    official: Option<OfficialEdition>,
    record: &Record,
) -> Result<(Edition, EditionUse), RecordError> {
    let embedded_text = record.editions.iter().find(|e| e.id == id);
    let official_sha = official.map(|o| sha256_hex(o.text.as_bytes()));
    let differs = embedded_text
        .zip(official_sha.as_ref())
        .is_some_and(|(e, sha)| e.sha256 != *sha);
    // The same text as the inspector's parses to the same edition: only a copy that differs
    // (or one the inspector lacks) is parsed, which a roll-up of a thousand bundles notices.
    let embedded = if official.is_none() || differs {
        record.embedded_edition(id)
    } else {
        None
    };
    let embedded_error = match &embedded {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    match official {
        Some(o) => {
            let differences = match (&embedded, differs) {
                (Some(Ok(theirs)), true) => edition_differences(o.edition, theirs),
                _ => Vec::new(),
            };
            Ok((
                o.edition.clone(),
                EditionUse {
                    id: id.to_string(),
                    source: EditionSource::Inspector,
                    embedded: embedded_text.is_some(),
                    differs,
                    differences,
                    embedded_error,
                },
            ))
        }
        None => match embedded {
            Some(Ok(e)) => Ok((
                e,
                EditionUse {
                    id: id.to_string(),
                    source: EditionSource::Embedded,
                    embedded: true,
                    differs: false,
                    differences: Vec::new(),
                    embedded_error: None,
                },
            )),
            Some(Err(e)) => Err(e),
            None => Err(RecordError::EditionMissing { id: id.to_string() }),
        },
    }
}

/// The fields of an item as JSON values by name, to compare two copies field by field.
fn fields_of<T: Serialize>(value: &T) -> BTreeMap<String, serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

fn differing_fields<T: Serialize>(a: &T, b: &T) -> Vec<String> {
    let (a, b) = (fields_of(a), fields_of(b));
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .cloned()
        .collect()
}

/// Where `theirs` differs from `official`: the edition's own fields, then item by item in the
/// official order (the section an item sits in counts as its `section` field), then items only
/// `theirs` has.
pub fn edition_differences(official: &Edition, theirs: &Edition) -> Vec<EditionDifference> {
    let mut out = Vec::new();
    let header = |e: &Edition| {
        serde_json::json!({
            "form": e.form,
            "edition": e.edition,
            "fiscal_year": e.fiscal_year,
            "title": e.title,
            "previous": e.previous,
            "reference_deadline_fiscal_year": e.reference_deadline_fiscal_year,
            "gate": e.gate.as_ref().map(|g| g.id.clone()),
        })
    };
    for field in differing_fields(&header(official), &header(theirs)) {
        out.push(EditionDifference { item: None, field });
    }
    let section = |e: &Edition, id: &str| e.section_of(id).map(|s| (s.number, s.title.clone()));
    for item in official.all_items() {
        match theirs.item(&item.id) {
            None => out.push(EditionDifference {
                item: Some(item.id.clone()),
                field: "missing".into(),
            }),
            Some(t) => {
                for field in differing_fields(item, t) {
                    out.push(EditionDifference {
                        item: Some(item.id.clone()),
                        field,
                    });
                }
                if section(official, &item.id) != section(theirs, &t.id) {
                    out.push(EditionDifference {
                        item: Some(item.id.clone()),
                        field: "section".into(),
                    });
                }
            }
        }
    }
    for t in theirs.all_items() {
        if official.item(&t.id).is_none() {
            out.push(EditionDifference {
                item: Some(t.id.clone()),
                field: "added".into(),
            });
        }
    }
    out
}

/// The sheet a bundle was made for: its manifest names it by key (`hospital-r7-2025`); of
/// several sheets with that key, the one made last.
pub fn bundle_sheet<'r>(record: &'r Record, key: &str) -> Option<&'r SheetRecord> {
    record
        .sheets
        .iter()
        .filter(|s| s.sheet.key() == key)
        .max_by_key(|s| s.sheet.id)
}

/// An evidence file a row's shown checks carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRef {
    pub check_id: i64,
    pub name: String,
    pub size: i64,
    pub sha256: String,
    /// The bundle carries a member with exactly these bytes.
    pub in_bundle: bool,
}

/// One answer row as the inspector reads it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedRow {
    pub item: String,
    /// The item's section (`None` for the gate).
    pub section: Option<u32>,
    /// As printed on the form: `①`, `(1)`.
    pub number: String,
    pub text: String,
    pub wording: Wording,
    pub scope: Scope,
    pub requirement: Requirement,
    pub status: RowStatus,
    pub first: Option<Cell>,
    pub target: Option<Date>,
    pub second: Option<Cell>,
    /// Carried over from last year and not checked again.
    pub carried: Option<Answer>,
    /// 年度 by which the row must be はい.
    pub deadline_fiscal_year: i16,
    pub target_fit: Option<TargetFit>,
    /// The standing answer is いいえ and the 目標日 has passed.
    pub overdue: bool,
    /// Notes of the checks the row shows.
    pub notes: Vec<String>,
    pub evidence: Vec<EvidenceRef>,
}

impl InspectedRow {
    /// The answer that stands: 2回目 when there is one, else 1回目.
    pub fn standing(&self) -> Option<Answer> {
        self.second.or(self.first).map(|c| c.answer)
    }
}

/// A row whose standing answer is いいえ: what the inspector asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoRow {
    pub item: String,
    pub scope: Scope,
    pub target: Option<Date>,
    pub deadline_fiscal_year: i16,
    /// The last day of that 年度.
    pub deadline: Date,
    pub target_fit: Option<TargetFit>,
    pub overdue: bool,
}

/// 2(2)/2(3): need not be answered without vendor contracts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractRows {
    /// What the facility declared.
    pub vendor_contracts: bool,
    /// The rows whose item is not applicable without a vendor contract, with their status.
    pub rows: Vec<ContractRow>,
    /// 事業者 in the contacts list: with `vendor_contracts` false, worth a question.
    pub vendor_contacts: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractRow {
    pub item: String,
    pub scope: Scope,
    pub requirement: Requirement,
    pub status: RowStatus,
}

/// An item whose text was not verified against an official source (draft, reconstructed, or
/// unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnverifiedItem {
    pub item: String,
    pub wording: Wording,
    pub section: Option<u32>,
    pub number: String,
    pub note: Option<String>,
}

/// 3(1): the 連絡体制図 is looked at on paper (現物確認).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartCheck {
    pub item: String,
    pub status: RowStatus,
    /// Contacts the chart is drawn from.
    pub contacts: usize,
    /// Bodies the item names (厚生労働省, 警察, 事業者 with contracts) that have no contact.
    pub missing_roles: Vec<Role>,
}

/// The evidence files of one row, to ask for on the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowEvidence {
    pub item: String,
    pub scope: Scope,
    pub files: Vec<EvidenceRef>,
}

/// A row to talk about on the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowKey {
    pub item: String,
    pub scope: Scope,
}

/// What to look at on the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    /// `None` when the edition has no 連絡体制図 item or the gate is いいえ.
    pub contact_chart: Option<ChartCheck>,
    pub evidence: Vec<RowEvidence>,
    /// Every いいえ row, and every row the rules fail.
    pub discuss: Vec<RowKey>,
}

/// The audit log the bundle carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditSummary {
    /// `false`: the bundle carries no audit log (made before kensa put one in).
    pub present: bool,
    pub records: usize,
    pub head: Option<AuditHead>,
    /// The record's head is the log's head, as kensa writes them.
    pub record_head_matches: bool,
}

/// A row whose standing answer differs from the previous bundle's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerChange {
    pub item: String,
    pub scope: Scope,
    pub before: RowStatus,
    pub after: RowStatus,
}

/// A row whose 目標日 differs from the previous bundle's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetMove {
    pub item: String,
    pub scope: Scope,
    pub before: Option<Date>,
    pub after: Option<Date>,
}

/// A 台帳 row, by its 管理番号.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRef {
    pub control_no: String,
    pub kind: String,
    pub computer_name: String,
    pub retired_on: Option<Date>,
}

/// What changed since the previous bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The previous record's sheet compared with (`None`: it has no sheet of that kind).
    pub previous_sheet: Option<String>,
    pub previous_taken_at: String,
    pub answers_changed: Vec<AnswerChange>,
    pub targets_moved: Vec<TargetMove>,
    pub ledger_added: Vec<LedgerRef>,
    pub ledger_retired: Vec<LedgerRef>,
    /// Rows the previous record had that this one lacks: kensa never deletes a row (it retires
    /// it), so a row that vanished was removed outside kensa.
    pub ledger_vanished: Vec<LedgerRef>,
    /// History up to the previous bundle's head; `None` when either bundle has no audit log.
    pub history: Option<HistoryCheck>,
    /// The previous bundle names another 医療機関コード.
    pub other_facility: bool,
}

impl Comparison {
    /// A rewrite of the history the previous bundle held: the red alarm.
    pub fn history_rewritten(&self) -> bool {
        self.history.as_ref().is_some_and(|h| !h.unchanged())
    }
}

/// Everything the inspector's kensa says about one bundle's facility.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub facility: Facility,
    pub sheet_id: i64,
    pub sheet: String,
    pub form: Form,
    pub fiscal_year: i16,
    pub edition: EditionUse,
    pub edition_title: String,
    pub today: Date,
    /// 医療情報システムの有無.
    pub gate: Option<RowStatus>,
    /// The inspector's verdict: no finding of severity `fail`.
    pub ready: bool,
    pub findings: Vec<Finding>,
    pub progress: Progress,
    pub rows: Vec<InspectedRow>,
    pub nos: Vec<NoRow>,
    pub contracts: ContractRows,
    pub unverified: Vec<UnverifiedItem>,
    pub visit: Visit,
    pub audit: AuditSummary,
    pub comparison: Option<Comparison>,
    /// The vendors of the sheet's 年度 and their 事業者確認用 (立入検査の手引き ②), judged by the
    /// vendor rules over the bundle's record; absent when the facility has no vendor contracts,
    /// vendors or vendor sheets, or when the sheet inspected is itself a vendor's.
    pub vendors: Option<VendorInspection>,
}

/// The vendor rules' judgement, with the vendors it names.
#[derive(Debug, Clone, Serialize)]
pub struct VendorInspection {
    pub assessment: VendorAssessment,
    /// The record's vendors (removed ones too), so findings and lines can name them.
    pub vendors: Vec<Vendor>,
}

impl Inspection {
    /// Findings the facility must act on (fail and warning; notices are reminders).
    pub fn finding_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity != Severity::Notice)
            .count()
    }

    pub fn overdue_count(&self) -> usize {
        self.nos.iter().filter(|n| n.overdue).count()
    }

    pub fn row(&self, item: &str, scope: Scope) -> Option<&InspectedRow> {
        self.rows
            .iter()
            .find(|r| r.item == item && r.scope == scope)
    }
}

/// The facility's previous bundle, as the inspector holds it.
pub struct PreviousInput<'a> {
    pub record: &'a Record,
    /// The sheet the previous bundle was made for.
    pub sheet: Option<&'a SheetRecord>,
    pub audit: Option<&'a AuditLog>,
}

/// What [`inspect`] reads.
pub struct InspectInput<'a> {
    pub record: &'a Record,
    pub sheet: &'a SheetRecord,
    /// The edition chosen by [`choose_edition`].
    pub edition: &'a Edition,
    pub edition_use: EditionUse,
    pub today: Date,
    /// SHA-256 of every evidence member the bundle carries as signed.
    pub evidence_in_bundle: &'a BTreeSet<String>,
    pub audit: Option<&'a AuditLog>,
    pub previous: Option<PreviousInput<'a>>,
    /// The editions of the record's vendor sheets, the inspector's own copy where it has one
    /// (empty when the record has no vendor facts).
    pub vendor_editions: &'a Editions,
}

/// Judge one facility's sheet again and lay it out for the inspector.
pub fn inspect(input: &InspectInput) -> Result<Inspection, RecordError> {
    let record = input.record;
    let facility = record.facility.clone().ok_or(RecordError::NoFacility)?;
    let edition = input.edition;
    let sheet = input.sheet;
    let assessment = assess_sheet(record, sheet, edition, input.today);
    let overdue: BTreeSet<(&str, Scope)> = assessment
        .findings
        .iter()
        .filter(|f| f.rule == Rule::TargetOverdue)
        .filter_map(|f| Some((f.item.as_deref()?, f.scope?)))
        .collect();
    let checks: BTreeMap<i64, &super::record::CheckRecord> =
        sheet.checks.iter().map(|c| (c.id, c)).collect();

    let mut rows = Vec::new();
    for view in &assessment.rows {
        let Some(item) = edition.item(&view.item) else {
            continue;
        };
        let shown: Vec<&super::record::CheckRecord> = [view.state.first, view.state.second]
            .into_iter()
            .flatten()
            .filter_map(|c| checks.get(&c.check_id).copied())
            .collect();
        let mut notes: Vec<String> = Vec::new();
        for c in &shown {
            let n = c.note.trim();
            if !n.is_empty() && !notes.iter().any(|m| m == n) {
                notes.push(n.to_string());
            }
        }
        let evidence = shown
            .iter()
            .flat_map(|c| {
                c.evidence.iter().map(|e| EvidenceRef {
                    check_id: c.id,
                    name: e.name.clone(),
                    size: e.size,
                    sha256: e.sha256.clone(),
                    in_bundle: input.evidence_in_bundle.contains(&e.sha256),
                })
            })
            .collect();
        rows.push(InspectedRow {
            item: item.id.clone(),
            section: view.section,
            number: item.number.clone(),
            text: item.text.clone(),
            wording: item.wording,
            scope: view.scope,
            requirement: view.requirement,
            status: view.status,
            first: view.state.first,
            target: view.state.target,
            second: view.state.second,
            carried: view.state.carried,
            deadline_fiscal_year: view.deadline_fiscal_year,
            target_fit: view.target_fit,
            overdue: overdue.contains(&(item.id.as_str(), view.scope)),
            notes,
            evidence,
        });
    }

    // An いいえ on an item left out of the verdict (its text is unknown) is not judged, but the
    // inspector still sees it among the いいえ and the items to discuss: nothing is hidden.
    let answered_no_matters = |r: &&InspectedRow| {
        matches!(
            r.requirement,
            Requirement::Required | Requirement::TextUnknown
        )
    };
    let nos: Vec<NoRow> = rows
        .iter()
        .filter(answered_no_matters)
        .filter(|r| r.standing() == Some(Answer::No))
        .map(|r| NoRow {
            item: r.item.clone(),
            scope: r.scope,
            target: r.target,
            deadline_fiscal_year: r.deadline_fiscal_year,
            deadline: fiscal_year_end(r.deadline_fiscal_year),
            target_fit: r.target_fit,
            overdue: r.overdue,
        })
        .collect();

    let contract_items: BTreeSet<&str> = edition
        .all_items()
        .filter(|i| i.not_applicable_when == Some(NotApplicableWhen::NoVendorContract))
        .map(|i| i.id.as_str())
        .collect();
    let contracts = ContractRows {
        vendor_contracts: facility.vendor_contracts,
        rows: rows
            .iter()
            .filter(|r| contract_items.contains(r.item.as_str()))
            .map(|r| ContractRow {
                item: r.item.clone(),
                scope: r.scope,
                requirement: r.requirement,
                status: r.status,
            })
            .collect(),
        vendor_contacts: record
            .contacts
            .iter()
            .filter(|c| c.role == Role::Vendor)
            .count(),
    };

    let unverified = edition
        .all_items()
        .filter(|i| i.wording.needs_note())
        .map(|i| UnverifiedItem {
            item: i.id.clone(),
            wording: i.wording,
            section: edition.section_of(&i.id).map(|s| s.number),
            number: i.number.clone(),
            note: i.wording_note.clone(),
        })
        .collect();

    let gate = edition.gate.as_ref().and_then(|g| {
        rows.iter()
            .find(|r| r.item == g.id && r.scope == Scope::General)
            .map(|r| r.status)
    });
    let gate_closed = gate == Some(RowStatus::No);
    let visit = visit(input, edition, &rows, &assessment.findings, gate_closed);

    let audit = AuditSummary {
        present: input.audit.is_some(),
        records: input.audit.map_or(0, |l| l.records.len()),
        head: input.audit.and_then(|l| l.head.clone()),
        record_head_matches: input.audit.is_none_or(|l| l.head == record.audit_head),
    };

    let comparison = input
        .previous
        .as_ref()
        .map(|p| compare(input, edition, &facility, p));

    let vendor_facts = VendorFacts::of(record, input.vendor_editions);
    let vendors =
        (sheet.sheet.form != Form::Vendor && vendor_facts.any()).then(|| VendorInspection {
            assessment: assess_vendors(&vendor_facts, sheet.sheet.fiscal_year, input.today),
            vendors: record.vendors.clone(),
        });

    Ok(Inspection {
        sheet_id: sheet.sheet.id,
        sheet: sheet.sheet.key(),
        form: sheet.sheet.form,
        fiscal_year: sheet.sheet.fiscal_year,
        edition: input.edition_use.clone(),
        edition_title: edition.title.clone(),
        today: input.today,
        gate,
        ready: assessment.ready && vendors.as_ref().is_none_or(|v| v.assessment.ready),
        findings: assessment.findings,
        progress: assessment.total,
        rows,
        nos,
        contracts,
        unverified,
        visit,
        audit,
        comparison,
        facility,
        vendors,
    })
}

fn visit(
    input: &InspectInput,
    edition: &Edition,
    rows: &[InspectedRow],
    findings: &[Finding],
    gate_closed: bool,
) -> Visit {
    let record = input.record;
    let chart_item: Option<&Item> = edition
        .all_items()
        .find(|i| i.physical_evidence == Some(PhysicalEvidence::ContactChart));
    let contact_chart = chart_item.filter(|_| !gate_closed).map(|item| {
        let status = rows
            .iter()
            .find(|r| r.item == item.id)
            .map_or(RowStatus::Unanswered, |r| r.status);
        let ctx = super::rules::Context {
            edition,
            fiscal_year: input.sheet.sheet.fiscal_year,
            vendor_contracts: record.vendor_contracts(),
            today: input.today,
            contacts: &record.contacts,
        };
        ChartCheck {
            item: item.id.clone(),
            status,
            contacts: record.contacts.len(),
            missing_roles: missing_chart_roles(&ctx),
        }
    });
    let evidence = rows
        .iter()
        .filter(|r| !r.evidence.is_empty())
        .map(|r| RowEvidence {
            item: r.item.clone(),
            scope: r.scope,
            files: r.evidence.clone(),
        })
        .collect();
    let failing: BTreeSet<(&str, Scope)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .filter_map(|f| Some((f.item.as_deref()?, f.scope?)))
        .collect();
    let discuss = rows
        .iter()
        .filter(|r| {
            matches!(
                r.requirement,
                Requirement::Required | Requirement::TextUnknown
            )
        })
        .filter(|r| {
            r.standing() == Some(Answer::No) || failing.contains(&(r.item.as_str(), r.scope))
        })
        .map(|r| RowKey {
            item: r.item.clone(),
            scope: r.scope,
        })
        .collect();
    Visit {
        contact_chart,
        evidence,
        discuss,
    }
}

/// The row states of a sheet by (item, scope), derived as the form shows them.
fn row_states(sheet: &SheetRecord) -> BTreeMap<(String, Scope), RowState> {
    let checks = sheet.model_checks();
    let targets = sheet.model_targets();
    let keys: BTreeSet<(String, Scope)> = checks
        .iter()
        .map(|c| (c.item.clone(), c.scope))
        .chain(targets.iter().map(|t| (t.item.clone(), t.scope)))
        .collect();
    keys.into_iter()
        .map(|(item, scope)| {
            let state = derive_row(
                checks.iter().filter(|c| c.item == item && c.scope == scope),
                targets
                    .iter()
                    .filter(|t| t.item == item && t.scope == scope),
            );
            ((item, scope), state)
        })
        .collect()
}

fn ledger_ref(e: &super::record::LedgerEntry) -> LedgerRef {
    let f = &e.asset.fields;
    LedgerRef {
        control_no: f.control_no.clone(),
        kind: f.kind.as_str().to_string(),
        computer_name: f.computer_name.clone(),
        retired_on: f.retired_on,
    }
}

fn compare(
    input: &InspectInput,
    edition: &Edition,
    facility: &Facility,
    previous: &PreviousInput,
) -> Comparison {
    let record = input.record;
    let other_facility = previous
        .record
        .facility
        .as_ref()
        .map(|f| &f.institution_code)
        != Some(&facility.institution_code);

    let mut answers_changed = Vec::new();
    let mut targets_moved = Vec::new();
    if let Some(prev_sheet) = previous.sheet {
        let before = row_states(prev_sheet);
        let same_edition = prev_sheet.sheet.edition_id == edition.id;
        let follows = edition.previous.as_deref() == Some(prev_sheet.sheet.edition_id.as_str());
        let now = row_states(input.sheet);
        for (item, scope) in edition.rows() {
            // Last year's item this row continues, when the editions differ.
            let before_id = if same_edition {
                Some(item.id.as_str())
            } else if follows {
                item.carries_from.as_deref()
            } else {
                Some(item.id.as_str())
            };
            let Some(before_id) = before_id else {
                continue;
            };
            let old = before.get(&(before_id.to_string(), scope));
            let new = now.get(&(item.id.clone(), scope));
            let status = |s: Option<&RowState>| s.map_or(RowStatus::Unanswered, RowState::status);
            let (b, a) = (status(old), status(new));
            if b != a {
                answers_changed.push(AnswerChange {
                    item: item.id.clone(),
                    scope,
                    before: b,
                    after: a,
                });
            }
            let (bt, at) = (old.and_then(|s| s.target), new.and_then(|s| s.target));
            if bt != at {
                targets_moved.push(TargetMove {
                    item: item.id.clone(),
                    scope,
                    before: bt,
                    after: at,
                });
            }
        }
    }

    let before: BTreeMap<&str, &super::record::LedgerEntry> = previous
        .record
        .ledger
        .iter()
        .map(|e| (e.asset.fields.control_no.as_str(), e))
        .collect();
    let now: BTreeMap<&str, &super::record::LedgerEntry> = record
        .ledger
        .iter()
        .map(|e| (e.asset.fields.control_no.as_str(), e))
        .collect();
    let ledger_added = now
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, e)| ledger_ref(e))
        .collect();
    let ledger_retired = now
        .iter()
        .filter(|(k, e)| {
            e.asset.fields.retired_on.is_some()
                && before
                    .get(*k)
                    .is_none_or(|b| b.asset.fields.retired_on.is_none())
        })
        .map(|(_, e)| ledger_ref(e))
        .collect();
    let ledger_vanished = before
        .iter()
        .filter(|(k, _)| !now.contains_key(*k))
        .map(|(_, e)| ledger_ref(e))
        .collect();

    let history = match (previous.audit, input.audit) {
        (Some(earlier), Some(later)) => Some(compare_history(&earlier.records, &later.records)),
        _ => None,
    };
    Comparison {
        previous_sheet: previous.sheet.map(|s| s.sheet.key()),
        previous_taken_at: previous.record.taken_at.clone(),
        answers_changed,
        targets_moved,
        ledger_added,
        ledger_retired,
        ledger_vanished,
        history,
        other_facility,
    }
}
