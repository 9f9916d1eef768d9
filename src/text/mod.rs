//! Words for domain values and messages for domain errors, in the user's language. Shared by
//! the CLI, the TUI and the reports so that a state is called the same everywhere.

use anyhow::{Result, anyhow};
use jiff::civil::Date;

use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::checklist::{Edition, Form, Scope};
use crate::model::entry::Refusal;
use crate::model::facility::FacilityKind;
use crate::model::rules::{Finding, Rule};
use crate::model::wareki::{fiscal_year_end, format_fiscal_year, format_wareki};
use crate::tr;

pub mod scan;

pub fn form_label(lang: Lang, f: Form) -> &'static str {
    match f {
        Form::Hospital => tr!(lang, "form.hospital"),
        Form::Vendor => tr!(lang, "form.vendor"),
        Form::Pharmacy => tr!(lang, "form.pharmacy"),
    }
}

pub fn scope_label(lang: Lang, s: Scope) -> &'static str {
    match s {
        Scope::General => tr!(lang, "scope.general"),
        Scope::Server => tr!(lang, "scope.server"),
        Scope::Terminal => tr!(lang, "scope.terminal"),
        Scope::Network => tr!(lang, "scope.network"),
    }
}

pub fn kind_label(lang: crate::i18n::Lang, k: FacilityKind) -> &'static str {
    match k {
        FacilityKind::Hospital => tr!(lang, "kind.hospital"),
        FacilityKind::ClinicBeds => tr!(lang, "kind.clinic_beds"),
        FacilityKind::Clinic => tr!(lang, "kind.clinic"),
        FacilityKind::Pharmacy => tr!(lang, "kind.pharmacy"),
    }
}

pub fn role_label(lang: Lang, r: crate::model::contacts::Role) -> &'static str {
    use crate::model::contacts::Role;
    match r {
        Role::Department => tr!(lang, "contacts.role.department"),
        Role::SystemAdmin => tr!(lang, "contacts.role.system_admin"),
        Role::SecurityOfficer => tr!(lang, "contacts.role.security_officer"),
        Role::Manager => tr!(lang, "contacts.role.manager"),
        Role::Vendor => tr!(lang, "contacts.role.vendor"),
        Role::Mhlw => tr!(lang, "contacts.role.mhlw"),
        Role::Police => tr!(lang, "contacts.role.police"),
        Role::Prefecture => tr!(lang, "contacts.role.prefecture"),
        Role::HealthCenter => tr!(lang, "contacts.role.health_center"),
        Role::Other => tr!(lang, "contacts.role.other"),
    }
}

pub fn answer_label(lang: Lang, a: Answer) -> &'static str {
    match a {
        Answer::Yes => tr!(lang, "answer.yes"),
        Answer::No => tr!(lang, "answer.no"),
        Answer::Na => tr!(lang, "answer.na"),
    }
}

/// The rule's message for one finding, in the chosen language.
pub fn finding_message(lang: Lang, f: &Finding) -> String {
    let date = f
        .date
        .map(|d| format!("{d}（{}）", format_wareki(d)))
        .unwrap_or_default();
    let fy = f
        .deadline_fiscal_year
        .map(format_fiscal_year)
        .unwrap_or_default();
    let end = f
        .deadline_fiscal_year
        .map(|fy| fiscal_year_end(fy).to_string())
        .unwrap_or_default();
    match f.rule {
        Rule::GateUnanswered => tr!(lang, "rule.gate-unanswered").to_string(),
        Rule::GateNoSystem => tr!(lang, "rule.gate-no-system").to_string(),
        Rule::FirstCheckMissing => tr!(lang, "rule.first-check-missing").to_string(),
        Rule::FirstCheckCarried => tr!(lang, "rule.first-check-carried").to_string(),
        Rule::TargetMissing => tr!(lang, "rule.target-missing").to_string(),
        Rule::TargetAfterDeadline => tr!(
            lang,
            "rule.target-after-deadline",
            date = date,
            fy = fy,
            end = end
        ),
        Rule::TargetOverdue => tr!(lang, "rule.target-overdue", date = date),
        Rule::NaNotAllowed => tr!(lang, "rule.na-not-allowed").to_string(),
        Rule::ContactChartMissing => tr!(lang, "rule.contact-chart-missing").to_string(),
        Rule::ContactChartOnPaper => tr!(lang, "rule.contact-chart-on-paper").to_string(),
    }
}

pub fn row_label(f: &Finding) -> String {
    match (&f.item, f.scope) {
        (Some(i), Some(s)) if s != crate::model::checklist::Scope::General => format!("{i}@{s}"),
        (Some(i), _) => i.clone(),
        _ => "-".into(),
    }
}

pub fn section_title(e: &Edition, n: u32, lang: Lang) -> String {
    if n == 0 {
        return tr!(lang, "status.gate_section").to_string();
    }
    e.sections
        .iter()
        .find(|s| s.number == n)
        .map(|s| format!("{} {}", s.number, s.title))
        .unwrap_or_else(|| n.to_string())
}

/// Parse a date the way the officer may type it, with the catalog's error message.
pub fn parse_date_arg(lang: Lang, what: &str, s: &str) -> Result<Date> {
    use crate::model::wareki::DateParseError;
    crate::model::wareki::parse_date(s).map_err(|e| match e {
        DateParseError::NotADate { input } => {
            anyhow!(tr!(lang, "cli.bad_date", what = what, input = input))
        }
        DateParseError::OutsideEra { input, era } => {
            anyhow!(tr!(
                lang,
                "cli.date_outside_era",
                what = what,
                input = input,
                era = era
            ))
        }
    })
}

/// Store errors in the user's language; the English `Display` stays for logs and other callers.
pub fn store_error(lang: Lang, e: &crate::store::StoreError) -> String {
    use crate::store::StoreError as E;
    match e {
        E::NotSqlite { path } => tr!(lang, "store.not_sqlite", path = path.display()),
        E::NotKensa { path } => tr!(lang, "store.not_kensa", path = path.display()),
        E::Corrupt { path, detail } => tr!(
            lang,
            "store.corrupt",
            path = path.display(),
            detail = detail
        ),
        E::TooNew {
            path,
            found,
            supported,
        } => tr!(
            lang,
            "store.too_new",
            path = path.display(),
            found = found,
            supported = supported
        ),
        E::EvidenceTooLarge { path, size, limit } => tr!(
            lang,
            "store.evidence_too_large",
            path = path.display(),
            size = size,
            limit = limit
        ),
        E::SheetExists {
            edition,
            fiscal_year,
        } => tr!(
            lang,
            "store.sheet_exists",
            edition = edition,
            fy = fiscal_year
        ),
        E::Io { path, source } => tr!(lang, "store.io", path = path.display(), detail = source),
        E::Locked { path, waited_secs } => tr!(
            lang,
            "store.locked",
            path = path.display(),
            secs = waited_secs
        ),
        E::DiskFull { path } => tr!(lang, "store.disk_full", path = path.display()),
        E::Unwritable { path, detail } => tr!(
            lang,
            "store.unwritable",
            path = path.display(),
            detail = detail
        ),
        E::Sqlite(_) | E::Migration(_) => {
            use crate::store::SqliteTrouble;
            match e.sqlite_trouble() {
                Some(SqliteTrouble::Locked) => tr!(
                    lang,
                    "store.locked_db",
                    secs = crate::store::lock_wait_secs()
                ),
                Some(SqliteTrouble::DiskFull) => tr!(lang, "store.disk_full_db").to_string(),
                Some(SqliteTrouble::Other(detail)) if matches!(e, E::Migration(_)) => {
                    tr!(lang, "store.migration", detail = detail)
                }
                Some(SqliteTrouble::Other(detail)) => tr!(lang, "store.sqlite", detail = detail),
                None => e.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// Why an answer or 目標日 was refused, for row `item`/`scope`.
pub fn refusal_message(lang: Lang, r: &Refusal, item: &str, scope: Scope) -> String {
    match r {
        Refusal::NaNotAllowed => tr!(lang, "answer.na_not_allowed", item = item),
        Refusal::NaWithContracts => tr!(lang, "answer.na_with_contracts", item = item),
        Refusal::DateInFuture { date } => tr!(lang, "answer.date_in_future", date = date),
        Refusal::GateNoTarget => tr!(lang, "answer.gate_no_target").to_string(),
        Refusal::TargetOnlyForNo => tr!(lang, "answer.target_only_for_no").to_string(),
        Refusal::TargetBeforeCheck { target, check } => tr!(
            lang,
            "answer.target_before_check",
            target = target,
            date = check
        ),
        Refusal::TargetNotOnNo => tr!(lang, "target.not_no", item = item, scope = scope),
    }
}

/// A date in 西暦 with 和暦 alongside: `2026-03-31（令和8年3月31日）`.
pub fn date_both(d: Date) -> String {
    format!("{d}（{}）", format_wareki(d))
}
