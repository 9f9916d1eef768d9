//! Labels of the report in the chosen language: every text that is not official checklist wording
//! comes from the i18n catalog. Templates receive them as the `t` map, so a user template can use
//! the same words without repeating them.

use std::collections::BTreeMap;

use crate::i18n::Lang;
use crate::model::asset::AssetKind;
use crate::model::rules::Severity;
use crate::tr;

// The words for domain values are shared with the CLI and the TUI.
pub use crate::text::{answer_label, form_label, kind_label, role_label, scope_label};

pub fn severity_label(lang: Lang, s: Severity) -> &'static str {
    match s {
        Severity::Fail => tr!(lang, "severity.fail"),
        Severity::Warning => tr!(lang, "severity.warning"),
        Severity::Notice => tr!(lang, "severity.notice"),
    }
}

/// 種別 of a 台帳 row in words: the printed 台帳 never shows the stored value (`other`).
pub fn asset_kind_label(lang: Lang, k: AssetKind) -> &'static str {
    match k {
        AssetKind::Server => tr!(lang, "print.asset_kind.server"),
        AssetKind::Terminal => tr!(lang, "print.asset_kind.terminal"),
        AssetKind::Network => tr!(lang, "print.asset_kind.network"),
        AssetKind::MedicalDevice => tr!(lang, "print.asset_kind.medical_device"),
        AssetKind::Other => tr!(lang, "print.asset_kind.other"),
    }
}

/// The `t` map handed to templates: short name → text.
pub fn template_labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("answer_no", tr!(lang, "answer.no")),
        ("answer_yes", tr!(lang, "answer.yes")),
        ("checked_on", tr!(lang, "report.label.checked_on")),
        ("bcp", tr!(lang, "report.label.bcp")),
        ("checklist", tr!(lang, "report.label.checklist")),
        ("col_item", tr!(lang, "report.label.col_item")),
        ("col_first", tr!(lang, "report.label.col_first")),
        ("col_remarks", tr!(lang, "report.label.col_remarks")),
        ("col_result", tr!(lang, "report.label.col_result")),
        ("col_scope", tr!(lang, "report.label.col_scope")),
        ("col_second", tr!(lang, "report.label.col_second")),
        ("col_target", tr!(lang, "report.label.col_target")),
        ("contact_chart", tr!(lang, "report.label.contact_chart")),
        ("contacts_none", tr!(lang, "report.label.contacts_none")),
        (
            "contacts_missing",
            tr!(lang, "report.label.contacts_missing"),
        ),
        ("contact_email", tr!(lang, "contacts.col.email")),
        ("contact_name", tr!(lang, "contacts.col.name")),
        ("contact_order", tr!(lang, "contacts.col.order")),
        ("contact_org", tr!(lang, "contacts.col.org")),
        ("contact_phone", tr!(lang, "contacts.col.phone")),
        ("contact_role", tr!(lang, "contacts.col.role")),
        ("edition", tr!(lang, "report.label.edition")),
        ("evidence", tr!(lang, "report.label.evidence")),
        ("evidence_none", tr!(lang, "report.label.evidence_none")),
        ("evidence_row", tr!(lang, "report.label.evidence_row")),
        ("evidence_name", tr!(lang, "report.label.evidence_name")),
        ("evidence_size", tr!(lang, "report.label.evidence_size")),
        ("facility", tr!(lang, "report.label.facility")),
        ("facility_kind", tr!(lang, "report.label.facility_kind")),
        ("findings", tr!(lang, "report.label.findings")),
        ("findings_none", tr!(lang, "report.label.findings_none")),
        ("fingerprint", tr!(lang, "report.label.fingerprint")),
        (
            "fingerprint_note",
            tr!(lang, "report.label.fingerprint_note"),
        ),
        ("fiscal_year", tr!(lang, "report.label.fiscal_year")),
        ("gate", tr!(lang, "report.label.gate")),
        ("generated_on", tr!(lang, "report.label.generated_on")),
        ("history", tr!(lang, "print.label.history")),
        ("history_by", tr!(lang, "print.col.by")),
        ("history_evidence", tr!(lang, "print.col.evidence")),
        ("history_none", tr!(lang, "print.label.history_none")),
        ("history_note", tr!(lang, "print.label.history_note")),
        ("history_recorded", tr!(lang, "print.col.recorded")),
        ("history_result", tr!(lang, "print.col.result")),
        ("history_shown", tr!(lang, "print.col.shown")),
        ("ledger", tr!(lang, "report.label.ledger")),
        ("ledger_kind", tr!(lang, "report.label.ledger_kind")),
        ("manager", tr!(lang, "report.label.manager")),
        ("newer_edition", tr!(lang, "report.label.newer_edition")),
        ("not_ready", tr!(lang, "status.not_ready")),
        ("overdue", tr!(lang, "report.label.overdue")),
        ("overdue_none", tr!(lang, "status.no_overdue")),
        ("page", tr!(lang, "print.label.page")),
        ("prefecture", tr!(lang, "report.label.prefecture")),
        ("excluded", tr!(lang, "editions.excluded.heading")),
        ("ready", tr!(lang, "status.ready")),
        (
            "security_officer",
            tr!(lang, "report.label.security_officer"),
        ),
        ("source", tr!(lang, "report.label.source")),
        ("title", tr!(lang, "report.label.title")),
        ("vendor_sheets", tr!(lang, "report.label.vendor_sheets")),
        ("verdict", tr!(lang, "status.verdict")),
    ])
}
