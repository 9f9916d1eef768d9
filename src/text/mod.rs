//! Words for domain values and messages for domain errors, in the user's language. Shared by
//! the CLI, the TUI and the reports so that a state is called the same everywhere.

use anyhow::{Result, anyhow};
use jiff::civil::Date;

use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::checklist::{Edition, Form, Scope};
use crate::model::entry::{EntryNote, Refusal, SheetRefusal};
use crate::model::facility::FacilityKind;
use crate::model::rules::{Finding, Rule};
use crate::model::wareki::{
    fiscal_year_end, fiscal_year_of, fiscal_year_start, format_fiscal_year, format_wareki,
};
use crate::tr;

pub mod audit;
pub mod bundle;
pub mod editions;
pub mod evidence;
pub mod facility;
pub mod record;
pub mod safe;
pub mod scan;
pub mod vendor;

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
/// Where a message is shown: a message that tells the user what to do names a command on the
/// command line and a key in the TUI (a command cut off on the TUI's status line sends the
/// officer to a tool they are not using).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Cli,
    Tui,
}

pub fn finding_message(lang: Lang, f: &Finding) -> String {
    finding_message_in(lang, f, Surface::Cli)
}

/// [`finding_message`] worded for `surface`.
pub fn finding_message_in(lang: Lang, f: &Finding, surface: Surface) -> String {
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
        Rule::CheckOutsideFiscalYear => {
            let fy_of_sheet = f.deadline_fiscal_year.unwrap_or_default();
            tr!(
                lang,
                "rule.check-outside-fiscal-year",
                date = date,
                fy = fy,
                start = date_both(fiscal_year_start(fy_of_sheet)),
                end = date_both(fiscal_year_end(fy_of_sheet))
            )
        }
        Rule::TargetMissing => tr!(lang, "rule.target-missing").to_string(),
        Rule::TargetAfterDeadline => tr!(
            lang,
            "rule.target-after-deadline",
            date = date,
            fy = fy,
            end = end
        ),
        Rule::TargetAtNextRenewal => tr!(
            lang,
            "rule.target-next-renewal",
            date = date,
            fy = fy,
            end = end
        ),
        Rule::TargetOverdue => tr!(lang, "rule.target-overdue", date = date),
        Rule::NaNotAllowed => tr!(lang, "rule.na-not-allowed").to_string(),
        Rule::ContactChartMissing => tr!(lang, "rule.contact-chart-missing").to_string(),
        Rule::ContactChartIncomplete => {
            let sep = match lang {
                Lang::Ja => "、",
                Lang::En => ", ",
            };
            let roles: Vec<&str> = f.roles.iter().map(|r| role_label(lang, *r)).collect();
            let roles = roles.join(sep);
            match surface {
                Surface::Cli => tr!(lang, "rule.contact-chart-incomplete", roles = roles),
                Surface::Tui => tr!(lang, "tui.rule.contact-chart-incomplete", roles = roles),
            }
        }
        Rule::ContactChartOnPaper => tr!(lang, "rule.contact-chart-on-paper").to_string(),
        Rule::NoTargetCell => tr!(lang, "rule.no-target-cell").to_string(),
        Rule::TextUnknown => tr!(lang, "rule.text-unknown").to_string(),
    }
}

/// An item as named in messages: its id (`2-7`, what `kensa answer` takes), or for the
/// 医療情報システムの有無 question its name, never the internal id `gate`.
pub fn item_words(lang: Lang, edition: Option<&Edition>, item: &str) -> String {
    if edition.is_some_and(|e| e.is_gate(item)) {
        tr!(lang, "report.label.gate").to_string()
    } else {
        item.to_string()
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

/// One date written the four ways kensa reads dates (`2027-03-31`, `2027/3/31`, `R9.3.31`,
/// `令和9年3月31日`), for the examples in hints and errors.
pub struct DateExamples {
    pub iso: String,
    pub slash: String,
    pub short: String,
    pub wareki: String,
}

/// The examples for a hint shown on `today`: the end of its 年度, a date that is never in the
/// past and is a plausible 目標日 (a fixed example goes stale and is then refused when typed).
pub fn date_examples(today: Date) -> DateExamples {
    let d = fiscal_year_end(fiscal_year_of(today));
    DateExamples {
        iso: d.to_string(),
        slash: format!("{}/{}/{}", d.year(), d.month(), d.day()),
        short: crate::model::wareki::format_wareki_short(d),
        wareki: crate::model::wareki::format_wareki(d),
    }
}

/// Parse a date the way the officer may type it, with the catalog's error message.
pub fn parse_date_arg(lang: Lang, what: &str, s: &str) -> Result<Date> {
    use crate::model::wareki::DateParseError;
    crate::model::wareki::parse_date(s).map_err(|e| match e {
        DateParseError::NotADate { input } => {
            let x =
                date_examples(crate::clock::today().unwrap_or_else(|_| jiff::Zoned::now().date()));
            anyhow!(tr!(
                lang,
                "cli.bad_date",
                what = what,
                input = safe::safe(&input),
                iso = x.iso,
                slash = x.slash,
                short = x.short,
                wareki = x.wareki
            ))
        }
        DateParseError::OutsideEra { input, era } => {
            anyhow!(tr!(
                lang,
                "cli.date_outside_era",
                what = what,
                input = safe::safe(&input),
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
        E::TooLong(t) => too_long_message(lang, t),
        E::Io { path, source } => tr!(
            lang,
            "store.io",
            path = path.display(),
            detail = io_detail(lang, source)
        ),
        E::SchemaAltered { path, problems } => tr!(
            lang,
            "store.schema_altered",
            path = path.display(),
            problems = audit::schema_problems(lang, problems)
        ),
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
        E::Vendor(v) => vendor::store_message(lang, v),
        other => other.to_string(),
    }
}

/// Why an answer or 目標日 was refused, for row `item`/`scope`.
pub fn refusal_message(lang: Lang, r: &Refusal, item: &str, scope: Scope) -> String {
    refusal_message_in(lang, r, item, scope, Surface::Cli)
}

/// [`refusal_message`] worded for `surface`.
pub fn refusal_message_in(
    lang: Lang,
    r: &Refusal,
    item: &str,
    scope: Scope,
    surface: Surface,
) -> String {
    match (r, surface) {
        (Refusal::NaWithContracts, Surface::Tui) => {
            return tr!(lang, "tui.refusal.na_with_contracts", item = item);
        }
        (Refusal::TargetNotOnNo, Surface::Tui) => {
            return tr!(
                lang,
                "tui.refusal.target_not_on_no",
                item = item,
                scope = scope
            );
        }
        _ => {}
    }
    match r {
        Refusal::NaNotAllowed => tr!(lang, "answer.na_not_allowed", item = item),
        Refusal::NaWithContracts => tr!(lang, "answer.na_with_contracts", item = item),
        Refusal::DateInFuture { date } => tr!(lang, "answer.date_in_future", date = date),
        Refusal::CheckOutsideFiscalYear { date, fiscal_year } => tr!(
            lang,
            "answer.date_outside_fiscal_year",
            date = date_both(*date),
            fy = format_fiscal_year(*fiscal_year),
            start = date_both(fiscal_year_start(*fiscal_year)),
            end = date_both(fiscal_year_end(*fiscal_year))
        ),
        Refusal::GateNoTarget => tr!(lang, "answer.gate_no_target").to_string(),
        Refusal::TargetOnlyForNo => tr!(lang, "answer.target_only_for_no").to_string(),
        Refusal::TargetBeforeCheck { target, check } => tr!(
            lang,
            "answer.target_before_check",
            target = target,
            date = check
        ),
        Refusal::TargetNotOnNo => tr!(lang, "target.not_no", item = item, scope = scope),
        Refusal::TargetNotOnForm => tr!(lang, "answer.target_not_on_form", item = item),
        Refusal::TargetAfterDeadline {
            target,
            deadline_fiscal_year,
        } => tr!(
            lang,
            "answer.target_after_deadline",
            target = date_both(*target),
            fy = format_fiscal_year(*deadline_fiscal_year),
            end = date_both(fiscal_year_end(*deadline_fiscal_year))
        ),
    }
}

/// Why a new sheet of `edition` for 年度 `fy` was refused.
pub fn sheet_refusal_message(lang: Lang, r: &SheetRefusal, edition: &Edition, fy: i16) -> String {
    match r {
        SheetRefusal::TooFarAhead {
            fiscal_year,
            latest,
        } => tr!(
            lang,
            "sheet.too_far_ahead",
            fy = format_fiscal_year(*fiscal_year),
            latest = format_fiscal_year(*latest),
            year = latest
        ),
        SheetRefusal::OlderEdition { newer } => tr!(
            lang,
            "sheet.older_edition",
            edition = edition.id,
            edition_fy = edition_year(lang, edition),
            fy = format_fiscal_year(fy),
            newer = newer
        ),
    }
}

/// `令和5年度版`: the 年度 an edition was published for.
pub fn edition_year(lang: Lang, edition: &Edition) -> String {
    // Edition files are validated to a 4-digit year, so the conversion cannot fail.
    let fy = i16::try_from(edition.fiscal_year).unwrap_or_default();
    tr!(lang, "edition.year", fy = format_fiscal_year(fy))
}

/// What the officer is told about an entry that was accepted with a reservation.
pub fn entry_note_message(lang: Lang, n: &EntryNote) -> String {
    match n {
        EntryNote::TargetAtNextRenewal {
            target,
            deadline_fiscal_year,
        } => tr!(
            lang,
            "answer.target_next_renewal",
            target = date_both(*target),
            fy = format_fiscal_year(*deadline_fiscal_year),
            end = date_both(fiscal_year_end(*deadline_fiscal_year))
        ),
    }
}

/// What was found where a regular file belongs, in the user's language.
pub fn file_kind_label(lang: Lang, kind: crate::fsio::FileKind) -> &'static str {
    use crate::fsio::FileKind as K;
    match kind {
        K::Directory => tr!(lang, "fsio.kind.directory"),
        K::Fifo => tr!(lang, "fsio.kind.fifo"),
        K::Socket => tr!(lang, "fsio.kind.socket"),
        K::CharDevice => tr!(lang, "fsio.kind.char_device"),
        K::BlockDevice => tr!(lang, "fsio.kind.block_device"),
        K::Other => tr!(lang, "fsio.kind.other"),
    }
}

/// An I/O error's detail for the user: a special file refused by [`crate::fsio`] in the user's
/// language, anything else as the operating system words it.
pub fn io_detail(lang: Lang, e: &std::io::Error) -> String {
    match crate::fsio::not_regular(e) {
        Some(kind) => tr!(lang, "fsio.not_regular", kind = file_kind_label(lang, kind)),
        None => e.to_string(),
    }
}

/// The name of a field with a length limit, in the user's language.
pub fn limit_field_label(lang: Lang, field: crate::model::limits::Field) -> &'static str {
    use crate::model::limits::Field as F;
    match field {
        F::Note => tr!(lang, "limits.field.note"),
        F::Actor => tr!(lang, "limits.field.actor"),
        F::FacilityName => tr!(lang, "limits.field.facility_name"),
        F::Prefecture => tr!(lang, "limits.field.prefecture"),
        F::Manager => tr!(lang, "limits.field.manager"),
        F::SecurityOfficer => tr!(lang, "limits.field.security_officer"),
        F::Founder => tr!(lang, "limits.field.founder"),
        F::ContactName => tr!(lang, "limits.field.contact_name"),
        F::ContactOrg => tr!(lang, "limits.field.contact_org"),
        F::ContactSystem => tr!(lang, "limits.field.contact_system"),
        F::ContactPhone => tr!(lang, "limits.field.contact_phone"),
        F::ContactEmail => tr!(lang, "limits.field.contact_email"),
        // The official column names, the same in both languages.
        F::Ledger { header, .. } => header,
        F::EvidenceName => tr!(lang, "limits.field.evidence_name"),
        F::VendorName => tr!(lang, "vendor.field.name"),
        F::DisclosureProduct => tr!(lang, "vendor.field.product"),
        // The option that sets the field, the same in both languages.
        F::BcpShort(option) | F::BcpLong(option) => option,
    }
}

/// Text over its field's limit: the field, the limit and how long it is.
pub fn too_long_message(lang: Lang, e: &crate::model::limits::TooLong) -> String {
    tr!(
        lang,
        "limits.too_long",
        field = limit_field_label(lang, e.field),
        max = e.max,
        chars = e.chars
    )
}

/// A date in 西暦 with 和暦 alongside: `2026-03-31（令和8年3月31日）`.
pub fn date_both(d: Date) -> String {
    format!("{d}（{}）", format_wareki(d))
}
