//! What the inspector reads, worded: one [`InspectionView`] per facility and one
//! [`AggregateView`] per roll-up, built from the pure results in the user's language. The
//! terminal output, the HTML record sheet and roll-up (tera templates) and the xlsx workbooks all
//! print these, so the same facility reads the same everywhere.
//!
//! Rows are named as the form prints them (`2⑦ サーバ`, `医療情報システムの有無`), never by
//! kensa's internal ids.

use std::collections::BTreeMap;

use serde::Serialize;

use super::aggregate::Aggregate;
use super::load::{Reason, Refused};
use crate::i18n::Lang;
use crate::model::answer::{Answer, Cell, RowStatus};
use crate::model::audit::HistoryCheck;
use crate::model::checklist::Scope;
use crate::model::inspection::{EditionSource, Inspection, VendorInspection};
use crate::model::keyring::KeyStatus;
use crate::model::rollup::{BANDS, Share};
use crate::model::rules::{Finding, Requirement, Severity, TargetFit};
use crate::model::wareki::format_fiscal_year;
use crate::report::data::DateOut;
use crate::text::{answer_label, finding_message, kind_label, role_label, scope_label};
use crate::tr;

/// How a bundle came to be inspected: the file, its key, and what the inspector holds of it.
#[derive(Debug, Clone, Serialize)]
pub struct BundleMeta {
    pub path: String,
    pub created_at: String,
    pub sheet: String,
    pub fingerprint: String,
    pub key: KeyStatus,
    pub bytes: u64,
    /// Where the inspector keeps a copy, when kept.
    pub kept: Option<String>,
    /// The previous bundle compared with.
    pub previous: Option<PreviousMeta>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviousMeta {
    pub path: String,
    pub created_at: String,
    /// Found in the inspector's kept bundles rather than named with `--previous`.
    pub from_archive: bool,
}

/// A label and a value, for the fact tables.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.to_string(),
        value: value.into(),
    }
}

/// `2⑦ サーバ`, `3①`, `医療情報システムの有無`: a row as the form prints it.
pub fn row_name(
    lang: Lang,
    section: Option<u32>,
    number: &str,
    text: &str,
    item: &str,
    scope: Scope,
) -> String {
    let base = match section {
        None => tr!(lang, "inspect.gate").to_string(),
        Some(s) if !number.is_empty() => format!("{s}{number}"),
        // An item printed without a number (R7 運用管理規程等の整備): the section and the
        // beginning of its text.
        Some(s) if !text.is_empty() => {
            let short: String = text.chars().take(10).collect();
            let more = if text.chars().count() > 10 { "…" } else { "" };
            format!("{s}「{short}{more}」")
        }
        Some(_) => item.to_string(),
    };
    if scope == Scope::General {
        base
    } else {
        format!("{base} {}", scope_label(lang, scope))
    }
}

/// The row name of an item and scope of an inspection.
pub fn row_of(lang: Lang, ins: &Inspection, item: &str, scope: Option<Scope>) -> String {
    let scope = scope.unwrap_or(Scope::General);
    match ins
        .rows
        .iter()
        .find(|r| r.item == item && r.scope == scope)
        .or_else(|| ins.rows.iter().find(|r| r.item == item))
    {
        Some(r) => row_name(lang, r.section, &r.number, &r.text, item, scope),
        None => item.to_string(),
    }
}

pub fn status_label(lang: Lang, s: RowStatus) -> &'static str {
    match s {
        RowStatus::Unanswered => tr!(lang, "inspect.status.unanswered"),
        RowStatus::Yes => tr!(lang, "answer.yes"),
        RowStatus::No => tr!(lang, "answer.no"),
        RowStatus::Na => tr!(lang, "answer.na"),
        RowStatus::NeedsRecheck => tr!(lang, "inspect.status.needs_recheck"),
    }
}

pub fn severity_label(lang: Lang, s: Severity) -> &'static str {
    crate::report::labels::severity_label(lang, s)
}

pub fn key_label(lang: Lang, k: &KeyStatus) -> &'static str {
    match k {
        KeyStatus::Trusted => tr!(lang, "inspect.key.trusted"),
        KeyStatus::Unknown { .. } => tr!(lang, "inspect.key.unknown"),
        KeyStatus::OtherKey { .. } => tr!(lang, "inspect.key.other_key"),
        KeyStatus::Revoked { .. } => tr!(lang, "inspect.key.revoked"),
        KeyStatus::NoInstitutionCode => tr!(lang, "inspect.key.no_code"),
    }
}

pub fn reason_label(lang: Lang, r: Reason) -> &'static str {
    match r {
        Reason::Empty => tr!(lang, "inspect.reason.empty"),
        Reason::SpecialFile => tr!(lang, "inspect.reason.special_file"),
        Reason::SymlinkLoop => tr!(lang, "inspect.reason.symlink_loop"),
        Reason::Unreadable => tr!(lang, "inspect.reason.unreadable"),
        Reason::NotKensa => tr!(lang, "inspect.reason.not_kensa"),
        Reason::Truncated => tr!(lang, "inspect.reason.truncated"),
        Reason::Tampered => tr!(lang, "inspect.reason.tampered"),
        Reason::NewerSchema => tr!(lang, "inspect.reason.newer_schema"),
        Reason::NoRecord => tr!(lang, "inspect.reason.no_record"),
        Reason::RecordInvalid => tr!(lang, "inspect.reason.record_invalid"),
        Reason::UnknownKey => tr!(lang, "inspect.reason.unknown_key"),
        Reason::OtherKey => tr!(lang, "inspect.reason.other_key"),
        Reason::RevokedKey => tr!(lang, "inspect.reason.revoked_key"),
        Reason::NoInstitutionCode => tr!(lang, "inspect.reason.no_code"),
    }
}

pub fn verdict_label(lang: Lang, ready: bool) -> &'static str {
    if ready {
        tr!(lang, "inspect.verdict.ready")
    } else {
        tr!(lang, "inspect.verdict.not_ready")
    }
}

fn cell_text(lang: Lang, c: Option<Cell>) -> String {
    match c {
        Some(c) => format!("{} {}", answer_label(lang, c.answer), c.date),
        None => String::new(),
    }
}

fn fit_label(lang: Lang, f: Option<TargetFit>) -> &'static str {
    match f {
        Some(TargetFit::InTime) => tr!(lang, "inspect.fit.in_time"),
        Some(TargetFit::AfterDeadline) => tr!(lang, "inspect.fit.after_deadline"),
        Some(TargetFit::AtNextRenewal) => tr!(lang, "inspect.fit.next_renewal"),
        None => tr!(lang, "inspect.fit.none"),
    }
}

/// The history check in words, and whether it is the red alarm.
pub fn history_text(lang: Lang, h: &HistoryCheck) -> (String, bool) {
    match h {
        HistoryCheck::Unchanged { upto, added } => (
            tr!(
                lang,
                "inspect.history.unchanged",
                upto = upto,
                added = added
            ),
            false,
        ),
        HistoryCheck::Rewritten {
            seq,
            field,
            earlier,
            later,
        } => (
            tr!(
                lang,
                "inspect.history.rewritten",
                seq = seq,
                field = field,
                earlier = crate::text::safe::safe(earlier),
                later = crate::text::safe::safe(later)
            ),
            true,
        ),
        HistoryCheck::Shortened { upto, last } => (
            tr!(lang, "inspect.history.shortened", upto = upto, last = last),
            true,
        ),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingLine {
    pub severity: Severity,
    pub severity_label: String,
    pub row: String,
    pub message: String,
}

pub fn finding_line(lang: Lang, ins: &Inspection, f: &Finding) -> FindingLine {
    FindingLine {
        severity: f.severity,
        severity_label: severity_label(lang, f.severity).to_string(),
        row: match &f.item {
            Some(i) => row_of(lang, ins, i, f.scope),
            None => "-".into(),
        },
        message: finding_message(lang, f),
    }
}

/// One applicable row: its 1回目, 目標日 and 2回目.
#[derive(Debug, Clone, Serialize)]
pub struct RowLine {
    pub row: String,
    pub text: String,
    pub unverified: bool,
    pub first: String,
    pub first_answer: Option<Answer>,
    pub target: Option<DateOut>,
    pub second: String,
    pub status: String,
    pub status_id: RowStatus,
    pub overdue: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoLine {
    pub row: String,
    pub target: Option<DateOut>,
    pub deadline: DateOut,
    pub deadline_fiscal_year: String,
    pub fit: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContractLine {
    pub row: String,
    pub status: String,
    pub requirement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceLine {
    pub row: String,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    pub previous: String,
    pub answers: Vec<String>,
    pub targets: Vec<String>,
    pub ledger_added: Vec<String>,
    pub ledger_retired: Vec<String>,
    pub ledger_vanished: Vec<String>,
    pub history: String,
    /// The history before the previous bundle was rewritten: the red alarm.
    pub alarm: bool,
    pub other_facility: bool,
}

/// One facility's inspection, worded.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionView {
    pub lang: &'static str,
    pub generated: DateOut,
    pub facility_name: String,
    pub facility: Vec<Fact>,
    pub bundle: Vec<Fact>,
    /// Untrusted key: shown above everything.
    pub key_warning: Option<String>,
    pub edition_notes: Vec<String>,
    /// The facility's edition differs from the inspector's.
    pub edition_warning: bool,
    pub ready: bool,
    pub verdict: String,
    pub gate: String,
    pub findings: Vec<FindingLine>,
    pub rows: Vec<RowLine>,
    pub nos: Vec<NoLine>,
    pub overdue: Vec<NoLine>,
    pub contracts_declared: String,
    pub contracts: Vec<ContractLine>,
    pub contracts_note: Option<String>,
    pub unverified: Vec<String>,
    pub chart: Option<String>,
    pub chart_missing: bool,
    pub evidence: Vec<EvidenceLine>,
    pub discuss: Vec<String>,
    pub audit: String,
    pub comparison: Option<ComparisonView>,
    pub vendors: Option<VendorsView>,
    pub t: BTreeMap<&'static str, &'static str>,
}

/// The vendors of the 年度 and their 事業者確認用, worded.
#[derive(Debug, Clone, Serialize)]
pub struct VendorsView {
    pub ready: bool,
    pub verdict: String,
    /// One line per vendor in force: its name, its sheet's state, the rows answered.
    pub lines: Vec<String>,
    /// The rows neither the facility nor any vendor answered, when there are any.
    pub gaps: Option<String>,
    /// `重大: …` per vendor finding.
    pub findings: Vec<String>,
}

impl VendorsView {
    fn new(lang: Lang, v: &VendorInspection) -> VendorsView {
        use crate::text::vendor::{finding_message, row_label, status_label, vendor_name};
        let a = &v.assessment;
        let lines = a
            .vendors
            .iter()
            .map(|x| {
                let name = vendor_name(&v.vendors, x.vendor);
                let status = status_label(lang, &x.status);
                match x.sheet {
                    Some(_) => tr!(
                        lang,
                        "inspect.vendors.line",
                        name = name,
                        status = status,
                        answered = x.rows_answered,
                        rows = x.rows_required
                    ),
                    None => tr!(
                        lang,
                        "inspect.vendors.no_sheet",
                        name = name,
                        status = status
                    ),
                }
            })
            .collect();
        let gaps: Vec<String> = a
            .coverage
            .gaps()
            .map(|r| row_label(&r.item, r.scope))
            .collect();
        let sep = match lang {
            Lang::Ja => "、",
            Lang::En => ", ",
        };
        VendorsView {
            ready: a.ready,
            verdict: tr!(
                lang,
                "inspect.vendors.verdict",
                verdict = verdict_label(lang, a.ready)
            ),
            lines,
            gaps: (!gaps.is_empty())
                .then(|| tr!(lang, "inspect.vendors.gaps", rows = gaps.join(sep))),
            findings: a
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        severity_label(lang, f.severity),
                        finding_message(lang, f, &v.vendors)
                    )
                })
                .collect(),
        }
    }
}

impl InspectionView {
    pub fn new(lang: Lang, meta: &BundleMeta, ins: &Inspection) -> InspectionView {
        let f = &ins.facility;
        let none = || tr!(lang, "inspect.none").to_string();
        let mut facility = vec![
            fact(tr!(lang, "report.label.facility"), f.name.clone()),
            fact(
                tr!(lang, "facility.label.institution_code"),
                f.institution_code.clone().unwrap_or_else(none),
            ),
            fact(
                tr!(lang, "report.label.facility_kind"),
                kind_label(lang, f.kind),
            ),
            fact(
                tr!(lang, "facility.label.beds"),
                f.beds.map(|b| b.to_string()).unwrap_or_else(none),
            ),
            fact(
                tr!(lang, "report.label.prefecture"),
                f.prefecture.clone().unwrap_or_else(none),
            ),
            fact(
                tr!(lang, "report.label.manager"),
                f.manager.clone().unwrap_or_else(none),
            ),
            fact(
                tr!(lang, "report.label.security_officer"),
                f.security_officer.clone().unwrap_or_else(none),
            ),
        ];
        if let Some(founder) = &f.founder {
            facility.push(fact(tr!(lang, "facility.label.founder"), founder.clone()));
        }
        let file_name = std::path::Path::new(&meta.path)
            .file_name()
            .map_or_else(|| meta.path.clone(), |n| n.to_string_lossy().into_owned());
        let mut bundle = vec![
            fact(tr!(lang, "inspect.label.bundle"), file_name),
            fact(
                tr!(lang, "inspect.label.created_at"),
                meta.created_at.clone(),
            ),
            fact(
                tr!(lang, "inspect.label.sheet"),
                format!(
                    "{}（{}）",
                    ins.edition_title,
                    format_fiscal_year(ins.fiscal_year)
                ),
            ),
            fact(
                tr!(lang, "inspect.label.key"),
                format!("{}（{}）", meta.fingerprint, key_label(lang, &meta.key)),
            ),
            fact(
                tr!(lang, "inspect.label.audit_head"),
                match &ins.audit.head {
                    Some(h) => crate::model::audit::AnchorCode::of(h)
                        .map_or_else(|| format!("#{}", h.seq), |c| c.to_string()),
                    None => none(),
                },
            ),
        ];
        if let Some(p) = &meta.previous {
            bundle.push(fact(
                tr!(lang, "inspect.label.previous"),
                format!("{}（{}）", p.path, p.created_at),
            ));
        }
        let key_warning = match &meta.key {
            KeyStatus::Trusted => None,
            KeyStatus::Unknown { trusted_for } => Some(if trusted_for.is_empty() {
                tr!(
                    lang,
                    "inspect.key_warning.unknown",
                    fingerprint = meta.fingerprint,
                    code = f.institution_code.clone().unwrap_or_default()
                )
            } else {
                tr!(
                    lang,
                    "inspect.key_warning.shared",
                    fingerprint = meta.fingerprint,
                    code = f.institution_code.clone().unwrap_or_default(),
                    others = trusted_for.join(", ")
                )
            }),
            KeyStatus::NoInstitutionCode => Some(tr!(
                lang,
                "inspect.key_warning.no_code",
                fingerprint = meta.fingerprint
            )),
            // Refused before a view is made; worded all the same should that change.
            KeyStatus::OtherKey { .. } | KeyStatus::Revoked { .. } => {
                Some(key_label(lang, &meta.key).to_string())
            }
        };

        let mut edition_notes = Vec::new();
        let e = &ins.edition;
        if e.differs {
            edition_notes.push(tr!(lang, "inspect.edition.differs", edition = e.id));
            for d in &e.differences {
                edition_notes.push(match &d.item {
                    Some(i) => tr!(
                        lang,
                        "inspect.edition.item_differs",
                        row = row_of(lang, ins, i, None),
                        field = d.field
                    ),
                    None => tr!(lang, "inspect.edition.header_differs", field = d.field),
                });
            }
            if e.differences.is_empty() {
                edition_notes.push(tr!(lang, "inspect.edition.layout_only").to_string());
            }
        }
        if let Some(err) = &e.embedded_error {
            edition_notes.push(tr!(
                lang,
                "inspect.edition.embedded_unreadable",
                edition = e.id,
                detail = crate::text::safe::safe(err)
            ));
        }
        match e.source {
            EditionSource::Inspector => {
                edition_notes.push(tr!(lang, "inspect.edition.inspector", edition = e.id))
            }
            EditionSource::Embedded => {
                edition_notes.push(tr!(lang, "inspect.edition.embedded", edition = e.id))
            }
        }

        let findings = ins
            .findings
            .iter()
            .map(|x| finding_line(lang, ins, x))
            .collect();
        let rows = ins
            .rows
            .iter()
            .filter(|r| r.requirement == Requirement::Required)
            .map(|r| RowLine {
                row: row_name(lang, r.section, &r.number, &r.text, &r.item, r.scope),
                text: r.text.clone(),
                unverified: r.wording.needs_note(),
                first: cell_text(lang, r.first),
                first_answer: r.first.map(|c| c.answer),
                target: r.target.map(DateOut::new),
                second: cell_text(lang, r.second),
                status: status_label(lang, r.status).to_string(),
                status_id: r.status,
                overdue: r.overdue,
                notes: r.notes.join(" / "),
            })
            .collect();
        let nos: Vec<NoLine> = ins
            .nos
            .iter()
            .map(|n| NoLine {
                row: row_of(lang, ins, &n.item, Some(n.scope)),
                target: n.target.map(DateOut::new),
                deadline: DateOut::new(n.deadline),
                deadline_fiscal_year: format_fiscal_year(n.deadline_fiscal_year),
                fit: fit_label(lang, n.target_fit).to_string(),
                overdue: n.overdue,
            })
            .collect();
        let overdue = nos.iter().filter(|n| n.overdue).cloned().collect();
        let c = &ins.contracts;
        let contracts_declared = if c.vendor_contracts {
            tr!(lang, "inspect.contracts.yes").to_string()
        } else {
            tr!(lang, "inspect.contracts.no").to_string()
        };
        let contracts = c
            .rows
            .iter()
            .map(|r| ContractLine {
                row: row_of(lang, ins, &r.item, Some(r.scope)),
                status: status_label(lang, r.status).to_string(),
                requirement: match r.requirement {
                    Requirement::NotApplicable => tr!(lang, "inspect.requirement.not_applicable"),
                    Requirement::GatedOff => tr!(lang, "inspect.requirement.gated_off"),
                    Requirement::Reference => tr!(lang, "inspect.requirement.reference"),
                    Requirement::Required => tr!(lang, "inspect.requirement.required"),
                    Requirement::TextUnknown => tr!(lang, "editions.requirement.text_unknown"),
                }
                .to_string(),
            })
            .collect();
        let contracts_note = (!c.vendor_contracts && c.vendor_contacts > 0).then(|| {
            tr!(
                lang,
                "inspect.contracts.vendor_contacts",
                count = c.vendor_contacts
            )
        });
        let unverified = ins
            .unverified
            .iter()
            .map(|u| {
                let row = row_of(lang, ins, &u.item, None);
                // The heading says "not verified"; a draft or an unknown text says which.
                match u.wording {
                    crate::model::checklist::Wording::Unverified => row,
                    w => match crate::text::editions::wording_mark(lang, w) {
                        Some(mark) => format!("{row}{mark}"),
                        None => row,
                    },
                }
            })
            .collect();
        let (chart, chart_missing) = match &ins.visit.contact_chart {
            Some(ch) => {
                let sep = if lang == Lang::Ja { "、" } else { ", " };
                let missing: Vec<&str> = ch
                    .missing_roles
                    .iter()
                    .map(|r| role_label(lang, *r))
                    .collect();
                let mut line = tr!(
                    lang,
                    "inspect.visit.chart",
                    row = row_of(lang, ins, &ch.item, None),
                    status = status_label(lang, ch.status),
                    contacts = ch.contacts
                );
                if !missing.is_empty() {
                    line.push_str(&tr!(
                        lang,
                        "inspect.visit.chart_missing",
                        roles = missing.join(sep)
                    ));
                }
                (
                    Some(line),
                    !missing.is_empty() || ch.status != RowStatus::Yes,
                )
            }
            None => (None, false),
        };
        let evidence = ins
            .visit
            .evidence
            .iter()
            .map(|e| EvidenceLine {
                row: row_of(lang, ins, &e.item, Some(e.scope)),
                files: e
                    .files
                    .iter()
                    .map(|x| {
                        let place = if x.in_bundle {
                            tr!(lang, "inspect.visit.in_bundle")
                        } else {
                            tr!(lang, "inspect.visit.not_in_bundle")
                        };
                        format!(
                            "{}（{} B, SHA-256 {}…, {place}）",
                            x.name,
                            x.size,
                            &x.sha256[..x.sha256.len().min(12)]
                        )
                    })
                    .collect(),
            })
            .collect();
        let discuss = ins
            .visit
            .discuss
            .iter()
            .map(|k| row_of(lang, ins, &k.item, Some(k.scope)))
            .collect();
        let audit = if !ins.audit.present {
            tr!(lang, "inspect.audit.absent").to_string()
        } else if !ins.audit.record_head_matches {
            tr!(
                lang,
                "inspect.audit.head_mismatch",
                records = ins.audit.records
            )
        } else {
            tr!(lang, "inspect.audit.present", records = ins.audit.records)
        };
        let comparison = ins.comparison.as_ref().map(|c| {
            let previous = meta.previous.as_ref().map_or_else(
                || c.previous_taken_at.clone(),
                |p| format!("{}（{}）", p.path, p.created_at),
            );
            let (history, alarm) = match &c.history {
                Some(h) => history_text(lang, h),
                None => (
                    tr!(lang, "inspect.history.not_comparable").to_string(),
                    false,
                ),
            };
            let ledger = |r: &crate::model::inspection::LedgerRef| {
                let name = if r.computer_name.is_empty() {
                    String::new()
                } else {
                    format!(" {}", r.computer_name)
                };
                match r.retired_on {
                    Some(d) => format!(
                        "{}{name}（{} {d}）",
                        r.control_no,
                        tr!(lang, "inspect.ledger.retired_on")
                    ),
                    None => format!("{}{name}", r.control_no),
                }
            };
            ComparisonView {
                previous,
                answers: c
                    .answers_changed
                    .iter()
                    .map(|a| {
                        format!(
                            "{}: {} → {}",
                            row_of(lang, ins, &a.item, Some(a.scope)),
                            status_label(lang, a.before),
                            status_label(lang, a.after)
                        )
                    })
                    .collect(),
                targets: c
                    .targets_moved
                    .iter()
                    .map(|t| {
                        let d = |x: Option<jiff::civil::Date>| {
                            x.map_or_else(
                                || tr!(lang, "inspect.none").to_string(),
                                |d| d.to_string(),
                            )
                        };
                        format!(
                            "{}: {} → {}",
                            row_of(lang, ins, &t.item, Some(t.scope)),
                            d(t.before),
                            d(t.after)
                        )
                    })
                    .collect(),
                ledger_added: c.ledger_added.iter().map(ledger).collect(),
                ledger_retired: c.ledger_retired.iter().map(ledger).collect(),
                ledger_vanished: c.ledger_vanished.iter().map(ledger).collect(),
                history,
                alarm,
                other_facility: c.other_facility,
            }
        });
        InspectionView {
            lang: lang.as_str(),
            generated: DateOut::new(ins.today),
            facility_name: f.name.clone(),
            facility,
            bundle,
            key_warning,
            edition_warning: e.differs,
            edition_notes,
            ready: ins.ready,
            verdict: verdict_label(lang, ins.ready).to_string(),
            gate: ins.gate.map_or_else(
                || tr!(lang, "inspect.none").to_string(),
                |g| status_label(lang, g).to_string(),
            ),
            findings,
            rows,
            nos,
            overdue,
            contracts_declared,
            contracts,
            contracts_note,
            unverified,
            chart,
            chart_missing,
            evidence,
            discuss,
            audit,
            comparison,
            vendors: ins.vendors.as_ref().map(|v| VendorsView::new(lang, v)),
            t: labels(lang),
        }
    }
}

/// One facility line of the roll-up, worded.
#[derive(Debug, Clone, Serialize)]
pub struct FacilityRowView {
    pub name: String,
    pub code: String,
    pub kind: String,
    pub band: String,
    pub edition: String,
    pub fiscal_year: String,
    pub ready: bool,
    pub verdict: String,
    pub findings: usize,
    pub nos: usize,
    pub overdue: usize,
    pub key: String,
    pub bundle_date: String,
    pub path: String,
    pub edition_differs: bool,
    /// History against the facility's older bundle in the roll-up, when there is one.
    pub history: Option<String>,
    pub alarm: bool,
    pub superseded: Vec<String>,
    pub finding_lines: Vec<FindingLine>,
}

/// One share cell: counts and percentages.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    pub yes: usize,
    pub no: usize,
    pub unanswered: usize,
    pub total: usize,
    pub yes_pct: f64,
    pub no_pct: f64,
    pub unanswered_pct: f64,
}

impl ShareView {
    pub fn of(s: &Share) -> ShareView {
        let (y, n, u) = s.percent();
        ShareView {
            yes: s.yes,
            no: s.no,
            unanswered: s.unanswered,
            total: s.total(),
            yes_pct: y,
            no_pct: n,
            unanswered_pct: u,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub edition: String,
    pub row: String,
    pub text: String,
    pub overall: ShareView,
    /// In [`AggregateView::kinds`] order.
    pub by_kind: Vec<ShareView>,
    /// In [`AggregateView::bands`] order.
    pub by_band: Vec<ShareView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefusedView {
    pub path: String,
    pub reason: String,
    pub reason_id: Reason,
    pub message: String,
    pub fingerprint: String,
    pub facility: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub id: &'static str,
    pub label: String,
    pub facilities: usize,
    pub ready: usize,
}

/// The roll-up, worded.
#[derive(Debug, Clone, Serialize)]
pub struct AggregateView {
    pub lang: &'static str,
    pub generated: DateOut,
    pub summary: Vec<Fact>,
    pub facilities: Vec<FacilityRowView>,
    pub kinds: Vec<Column>,
    pub bands: Vec<Column>,
    pub items: Vec<ItemView>,
    pub not_ready: Vec<FacilityRowView>,
    pub refused: Vec<RefusedView>,
    pub t: BTreeMap<&'static str, &'static str>,
}

pub fn band_label(lang: Lang, band: &str) -> String {
    match band {
        "clinic" => tr!(lang, "aggregate.band.clinic").to_string(),
        "pharmacy" => tr!(lang, "aggregate.band.pharmacy").to_string(),
        "unknown" => tr!(lang, "aggregate.band.unknown").to_string(),
        b => tr!(lang, "aggregate.band.beds", band = b),
    }
}

pub fn refused_view(lang: Lang, r: &Refused) -> RefusedView {
    RefusedView {
        path: r.path.clone(),
        reason: reason_label(lang, r.reason).to_string(),
        reason_id: r.reason,
        message: r.message.clone(),
        fingerprint: r.fingerprint.clone().unwrap_or_default(),
        facility: r.facility.clone().unwrap_or_default(),
    }
}

impl AggregateView {
    pub fn new(lang: Lang, agg: &Aggregate) -> AggregateView {
        use crate::model::facility::FacilityKind;
        let r = &agg.rollup;
        let kinds: Vec<Column> = FacilityKind::ALL
            .iter()
            .map(|k| Column {
                id: k.as_str(),
                label: kind_label(lang, *k).to_string(),
                facilities: r.totals.by_kind.get(k.as_str()).copied().unwrap_or(0),
                ready: r.totals.ready_by_kind.get(k.as_str()).copied().unwrap_or(0),
            })
            .collect();
        let ready_by_band = |b: &str| {
            r.facilities
                .iter()
                .filter(|f| f.band == b && f.bundle.ready)
                .count()
        };
        let bands: Vec<Column> = BANDS
            .iter()
            .map(|b| Column {
                id: b,
                label: band_label(lang, b),
                facilities: r.totals.by_band.get(b).copied().unwrap_or(0),
                ready: ready_by_band(b),
            })
            .collect();
        let facilities: Vec<FacilityRowView> = r
            .facilities
            .iter()
            .map(|f| {
                let b = &f.bundle;
                let (history, alarm) = match &b.history {
                    Some(h) => {
                        let (t, a) = history_text(lang, h);
                        (Some(t), a)
                    }
                    None => (None, false),
                };
                FacilityRowView {
                    name: b.facility.name.clone(),
                    code: b.facility.institution_code.clone().unwrap_or_default(),
                    kind: kind_label(lang, b.facility.kind).to_string(),
                    band: band_label(lang, f.band),
                    edition: b.edition.clone(),
                    fiscal_year: format_fiscal_year(b.fiscal_year),
                    ready: b.ready,
                    verdict: verdict_label(lang, b.ready).to_string(),
                    findings: b.finding_count(),
                    nos: b.nos,
                    overdue: b.overdue,
                    key: key_label(lang, &b.key).to_string(),
                    bundle_date: b.created_at.clone(),
                    path: b.path.clone(),
                    edition_differs: b.edition_differs,
                    history,
                    alarm,
                    superseded: f
                        .superseded
                        .iter()
                        .map(|o| format!("{}（{}）", o.path, o.created_at))
                        .collect(),
                    finding_lines: b
                        .findings
                        .iter()
                        .map(|x| FindingLine {
                            severity: x.severity,
                            severity_label: severity_label(lang, x.severity).to_string(),
                            row: x
                                .item
                                .as_deref()
                                .map(|i| item_row(lang, r, &b.edition, i, x.scope))
                                .unwrap_or_else(|| "-".into()),
                            message: finding_message(lang, x),
                        })
                        .collect(),
                }
            })
            .collect();
        let items = r
            .items
            .iter()
            .map(|s| ItemView {
                edition: s.edition.clone(),
                row: row_name(lang, s.section, &s.number, &s.text, &s.item, s.scope),
                text: s.text.clone(),
                overall: ShareView::of(&s.overall),
                by_kind: kinds
                    .iter()
                    .map(|k| ShareView::of(&s.by_kind.get(k.id).copied().unwrap_or_default()))
                    .collect(),
                by_band: bands
                    .iter()
                    .map(|b| ShareView::of(&s.by_band.get(b.id).copied().unwrap_or_default()))
                    .collect(),
            })
            .collect();
        let not_ready = facilities.iter().filter(|f| !f.ready).cloned().collect();
        let t = &r.totals;
        let summary = vec![
            fact(
                tr!(lang, "aggregate.label.facilities"),
                t.facilities.to_string(),
            ),
            fact(tr!(lang, "aggregate.label.ready"), t.ready.to_string()),
            fact(
                tr!(lang, "aggregate.label.not_ready"),
                t.not_ready.to_string(),
            ),
            fact(tr!(lang, "aggregate.label.bundles"), t.bundles.to_string()),
            fact(
                tr!(lang, "aggregate.label.superseded"),
                t.superseded.to_string(),
            ),
            fact(
                tr!(lang, "aggregate.label.refused"),
                agg.refused.len().to_string(),
            ),
            fact(
                tr!(lang, "aggregate.label.history_alarms"),
                t.history_alarms.to_string(),
            ),
        ];
        AggregateView {
            lang: lang.as_str(),
            generated: DateOut::new(agg.today),
            summary,
            facilities,
            kinds,
            bands,
            items,
            not_ready,
            refused: agg.refused.iter().map(|x| refused_view(lang, x)).collect(),
            t: labels(lang),
        }
    }
}

/// The row name of an item of an edition in the roll-up (from its item shares).
fn item_row(
    lang: Lang,
    r: &crate::model::rollup::Rollup,
    edition: &str,
    item: &str,
    scope: Option<Scope>,
) -> String {
    let scope = scope.unwrap_or(Scope::General);
    r.items
        .iter()
        .find(|s| s.edition == edition && s.item == item)
        .map_or_else(
            || item.to_string(),
            |s| row_name(lang, s.section, &s.number, &s.text, item, scope),
        )
}

/// The `t` map of the templates and the workbooks: short name → text.
pub fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("aggregate_title", tr!(lang, "aggregate.title")),
        ("answer_no", tr!(lang, "answer.no")),
        ("answer_yes", tr!(lang, "answer.yes")),
        ("audit", tr!(lang, "inspect.heading.audit")),
        ("band", tr!(lang, "aggregate.col.band")),
        ("by_band", tr!(lang, "aggregate.heading.by_band")),
        ("by_kind", tr!(lang, "aggregate.heading.by_kind")),
        ("bundle", tr!(lang, "inspect.heading.bundle")),
        ("bundle_date", tr!(lang, "aggregate.col.bundle_date")),
        ("code", tr!(lang, "facility.label.institution_code")),
        ("col_first", tr!(lang, "report.label.col_first")),
        ("col_item", tr!(lang, "report.label.col_item")),
        ("col_second", tr!(lang, "report.label.col_second")),
        ("col_status", tr!(lang, "inspect.col.status")),
        ("col_target", tr!(lang, "report.label.col_target")),
        ("col_text", tr!(lang, "inspect.col.text")),
        ("comparison", tr!(lang, "inspect.heading.comparison")),
        ("contracts", tr!(lang, "inspect.heading.contracts")),
        ("deadline", tr!(lang, "inspect.col.deadline")),
        ("discuss", tr!(lang, "inspect.visit.discuss")),
        ("edition", tr!(lang, "report.label.edition")),
        ("edition_check", tr!(lang, "inspect.heading.edition")),
        ("evidence", tr!(lang, "inspect.visit.evidence")),
        ("facilities", tr!(lang, "aggregate.heading.facilities")),
        ("facility", tr!(lang, "report.label.facility")),
        ("facility_kind", tr!(lang, "report.label.facility_kind")),
        ("findings", tr!(lang, "report.label.findings")),
        ("findings_count", tr!(lang, "aggregate.col.findings")),
        ("findings_none", tr!(lang, "report.label.findings_none")),
        ("first_checks", tr!(lang, "inspect.heading.first_checks")),
        ("fiscal_year", tr!(lang, "report.label.fiscal_year")),
        ("fit", tr!(lang, "inspect.col.fit")),
        ("gate", tr!(lang, "inspect.gate")),
        ("generated_on", tr!(lang, "report.label.generated_on")),
        ("guidance", tr!(lang, "inspect.sheet.guidance")),
        ("history", tr!(lang, "aggregate.col.history")),
        ("inspection_date", tr!(lang, "inspect.sheet.date")),
        ("inspector", tr!(lang, "inspect.sheet.inspector")),
        ("item_shares", tr!(lang, "aggregate.heading.items")),
        ("key", tr!(lang, "aggregate.col.key")),
        ("ledger_added", tr!(lang, "inspect.compare.ledger_added")),
        (
            "ledger_retired",
            tr!(lang, "inspect.compare.ledger_retired"),
        ),
        (
            "ledger_vanished",
            tr!(lang, "inspect.compare.ledger_vanished"),
        ),
        ("answers_changed", tr!(lang, "inspect.compare.answers")),
        ("targets_moved", tr!(lang, "inspect.compare.targets")),
        ("message", tr!(lang, "aggregate.col.message")),
        ("none", tr!(lang, "inspect.none")),
        ("nos", tr!(lang, "inspect.heading.nos")),
        ("nos_count", tr!(lang, "aggregate.col.nos")),
        ("not_ready", tr!(lang, "inspect.verdict.not_ready")),
        (
            "not_ready_facilities",
            tr!(lang, "aggregate.heading.not_ready"),
        ),
        ("older", tr!(lang, "aggregate.col.older")),
        ("overall", tr!(lang, "aggregate.col.overall")),
        ("overdue", tr!(lang, "report.label.overdue")),
        ("overdue_count", tr!(lang, "aggregate.col.overdue")),
        ("overdue_none", tr!(lang, "status.no_overdue")),
        ("path", tr!(lang, "aggregate.col.path")),
        ("reason", tr!(lang, "aggregate.col.reason")),
        ("ready", tr!(lang, "inspect.verdict.ready")),
        ("refused", tr!(lang, "aggregate.heading.refused")),
        ("refused_none", tr!(lang, "aggregate.refused_none")),
        ("seal", tr!(lang, "inspect.sheet.seal")),
        ("share_legend", tr!(lang, "aggregate.share_legend")),
        ("signature", tr!(lang, "inspect.sheet.signature")),
        ("summary", tr!(lang, "aggregate.heading.summary")),
        ("title", tr!(lang, "inspect.sheet.title")),
        ("unanswered", tr!(lang, "inspect.status.unanswered")),
        ("unverified", tr!(lang, "inspect.heading.unverified")),
        ("verdict", tr!(lang, "inspect.heading.verdict")),
        ("verdict_short", tr!(lang, "inspect.col.verdict")),
        ("vendors", tr!(lang, "inspect.heading.vendors")),
        ("visit", tr!(lang, "inspect.heading.visit")),
        ("fingerprint", tr!(lang, "aggregate.col.fingerprint")),
    ])
}
