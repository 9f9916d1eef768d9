//! Vendor texts in the user's language: the vendor rules' messages, statuses, the coverage
//! matrix's cells, why a response cannot be imported. Shared by the CLI and the report (and the
//! TUI's 事業者 screen when it lands).

use super::date_both;
use super::safe::safe;
use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::checklist::Scope;
use crate::model::vendor::coverage::{Column, CoverageCell, VendorFinding, VendorRule};
use crate::model::vendor::exchange::{Cells, PlanError, PlanProblem, ResponseCell};
use crate::model::vendor::{SheetStatus, Vendor};
use crate::model::wareki::format_fiscal_year;
use crate::store::VendorError;
use crate::tr;

/// A vendor by id: its name, or `#id` when the record has none by that id.
pub fn vendor_name(vendors: &[Vendor], id: i64) -> String {
    vendors
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| format!("#{id}"), |v| v.name.clone())
}

fn names(lang: Lang, vendors: &[Vendor], ids: &[i64]) -> String {
    let sep = match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    };
    ids.iter()
        .map(|id| vendor_name(vendors, *id))
        .collect::<Vec<_>>()
        .join(sep)
}

/// `2-7@server` or `1-1`.
pub fn row_label(item: &str, scope: Scope) -> String {
    if scope == Scope::General {
        item.to_string()
    } else {
        format!("{item}@{scope}")
    }
}

/// The message of a vendor finding. Vendor names are outside text: the caller prints the
/// message through `outln!` (or a template's escaping), which makes them safe.
pub fn finding_message(lang: Lang, f: &VendorFinding, vendors: &[Vendor]) -> String {
    let vendor = names(lang, vendors, &f.vendors);
    let date = f.date.map(date_both).unwrap_or_default();
    let fy = f
        .deadline_fiscal_year
        .map(format_fiscal_year)
        .unwrap_or_default();
    let row = match (&f.item, f.scope) {
        (Some(i), Some(s)) => row_label(i, s),
        _ => String::new(),
    };
    match f.rule {
        VendorRule::NoneRegistered => tr!(lang, "vendor.rule.vendor-none-registered").to_string(),
        VendorRule::ContractsFlagOff => {
            tr!(lang, "vendor.rule.vendor-contracts-flag-off").to_string()
        }
        VendorRule::SheetMissing => tr!(lang, "vendor.rule.vendor-sheet-missing", vendor = vendor),
        VendorRule::SheetUnattached => tr!(
            lang,
            "vendor.rule.vendor-sheet-unattached",
            sheet = f.sheet.unwrap_or_default()
        ),
        VendorRule::RowUnanswered => {
            tr!(
                lang,
                "vendor.rule.vendor-row-unanswered",
                vendor = vendor,
                row = row
            )
        }
        VendorRule::RowCarried => {
            tr!(
                lang,
                "vendor.rule.vendor-row-carried",
                vendor = vendor,
                row = row
            )
        }
        VendorRule::CheckOutsideFiscalYear => tr!(
            lang,
            "vendor.rule.vendor-check-outside-fiscal-year",
            vendor = vendor,
            row = row,
            date = date,
            fy = fy
        ),
        VendorRule::NaUncovered => {
            tr!(
                lang,
                "vendor.rule.vendor-na-uncovered",
                vendor = vendor,
                row = row
            )
        }
        VendorRule::TargetMissing => {
            tr!(
                lang,
                "vendor.rule.vendor-target-missing",
                vendor = vendor,
                row = row
            )
        }
        VendorRule::TargetAfterDeadline => tr!(
            lang,
            "vendor.rule.vendor-target-after-deadline",
            vendor = vendor,
            row = row,
            date = date,
            fy = fy
        ),
        VendorRule::TargetAtNextRenewal => tr!(
            lang,
            "vendor.rule.vendor-target-next-renewal",
            vendor = vendor,
            row = row,
            date = date,
            fy = fy
        ),
        VendorRule::TargetOverdue => tr!(
            lang,
            "vendor.rule.vendor-target-overdue",
            vendor = vendor,
            row = row,
            date = date
        ),
        VendorRule::RequestOverdue => tr!(
            lang,
            "vendor.rule.vendor-request-overdue",
            vendor = vendor,
            date = date
        ),
        VendorRule::DisclosureMissing => {
            tr!(
                lang,
                "vendor.rule.vendor-disclosure-missing",
                vendor = vendor
            )
        }
        VendorRule::DisclosureNoRemaining => tr!(
            lang,
            "vendor.rule.vendor-disclosure-no-remaining",
            vendor = vendor,
            product = f.product.as_deref().unwrap_or(""),
            count = f.count.unwrap_or_default()
        ),
        VendorRule::DisclosureOld => tr!(
            lang,
            "vendor.rule.vendor-disclosure-old",
            vendor = vendor,
            product = f.product.as_deref().unwrap_or(""),
            date = date
        ),
    }
}

/// 未依頼 / 依頼中（送付日） / 期限超過 / 回答済.
pub fn status_label(lang: Lang, s: &SheetStatus) -> String {
    match s {
        SheetStatus::NotRequested => tr!(lang, "vendor.status.not_requested").to_string(),
        SheetStatus::Requested { sent_on, due_on } => match due_on {
            Some(due) => tr!(
                lang,
                "vendor.status.requested_due",
                sent = sent_on,
                due = due
            ),
            None => tr!(lang, "vendor.status.requested", sent = sent_on),
        },
        SheetStatus::Overdue { sent_on, due_on } => {
            tr!(lang, "vendor.status.overdue", sent = sent_on, due = due_on)
        }
        SheetStatus::Answered { on } => tr!(lang, "vendor.status.answered", on = on),
    }
}

/// The short state of a status, for tables: 未依頼, 依頼中, 期限超過, 回答済.
pub fn status_word(lang: Lang, s: &SheetStatus) -> &'static str {
    match s {
        SheetStatus::NotRequested => tr!(lang, "vendor.status.word.not_requested"),
        SheetStatus::Requested { .. } => tr!(lang, "vendor.status.word.requested"),
        SheetStatus::Overdue { .. } => tr!(lang, "vendor.status.word.overdue"),
        SheetStatus::Answered { .. } => tr!(lang, "vendor.status.word.answered"),
    }
}

/// A coverage cell in a table: ○ はい, × いいえ, 該当なし, (範囲外), 未回答, 未提出, －.
pub fn cell_label(lang: Lang, c: CoverageCell) -> &'static str {
    match c {
        CoverageCell::Yes => tr!(lang, "vendor.cell.yes"),
        CoverageCell::No => tr!(lang, "vendor.cell.no"),
        CoverageCell::Na => tr!(lang, "vendor.cell.na"),
        CoverageCell::OutOfContract => tr!(lang, "vendor.cell.out_of_contract"),
        CoverageCell::Unanswered => tr!(lang, "vendor.cell.unanswered"),
        CoverageCell::NoSheet => tr!(lang, "vendor.cell.no_sheet"),
        CoverageCell::NotOnForm => tr!(lang, "vendor.cell.not_on_form"),
    }
}

/// A column heading of the matrix: 自施設 or the vendor's name.
pub fn column_label(lang: Lang, c: Column, vendors: &[Vendor]) -> String {
    match c {
        Column::Facility => tr!(lang, "vendor.column.facility").to_string(),
        Column::Vendor(id) => vendor_name(vendors, id),
    }
}

fn answer_word(lang: Lang, a: Answer) -> &'static str {
    super::answer_label(lang, a)
}

fn response_cell(lang: Lang, c: Option<ResponseCell>) -> String {
    match c {
        Some(c) => format!("{} {}", answer_word(lang, c.answer), c.date),
        None => "－".into(),
    }
}

/// The cells of a row in one line: `1回目 いいえ 2025-06-01 / 目標日 2026-03-31 / 2回目 －`.
pub fn cells_line(lang: Lang, c: &Cells) -> String {
    tr!(
        lang,
        "vendor.import.cells",
        first = response_cell(lang, c.first),
        target = c.target.map_or_else(|| "－".to_string(), |d| d.to_string()),
        second = response_cell(lang, c.second)
    )
}

/// Why a row of a response cannot be imported, with the cell it is in.
pub fn plan_error(lang: Lang, e: &PlanError, item: Option<(&str, Scope)>) -> String {
    let what = match &e.problem {
        PlanProblem::Refused(r) => {
            let (i, s) = item.unwrap_or(("-", Scope::General));
            super::refusal_message(lang, r, i, s)
        }
        PlanProblem::NothingBeforeIt => tr!(lang, "vendor.import.nothing_before").to_string(),
        PlanProblem::SecondNotAfterFirst { first, second } => tr!(
            lang,
            "vendor.import.second_not_after_first",
            first = first,
            second = second
        ),
        PlanProblem::FirstDateChanged { stored, given } => tr!(
            lang,
            "vendor.import.first_date_changed",
            stored = stored,
            given = given
        ),
        PlanProblem::FirstWithdrawn { stored } => tr!(
            lang,
            "vendor.import.first_withdrawn",
            stored = response_cell(lang, Some(*stored))
        ),
        PlanProblem::SecondWithdrawn { stored } => tr!(
            lang,
            "vendor.import.second_withdrawn",
            stored = response_cell(lang, Some(*stored))
        ),
        PlanProblem::TargetWithdrawn { stored } => {
            tr!(lang, "vendor.import.target_withdrawn", stored = stored)
        }
        PlanProblem::SecondOlder { stored, given } => tr!(
            lang,
            "vendor.import.second_older",
            stored = stored,
            given = given
        ),
        PlanProblem::UnknownRow => tr!(lang, "vendor.import.unknown_row").to_string(),
        PlanProblem::DuplicateRow => tr!(lang, "vendor.import.duplicate_row").to_string(),
        PlanProblem::NoteTooLong(t) => super::too_long_message(lang, t),
    };
    format!("{}: {what}", safe(&e.place))
}

/// What the store refused about vendors.
pub fn store_message(lang: Lang, e: &VendorError) -> String {
    match e {
        VendorError::NameTaken { name } => {
            tr!(lang, "vendor.err.name_taken", name = safe(name))
        }
        VendorError::EmptyName => tr!(lang, "vendor.err.empty_name").to_string(),
        VendorError::ContractPeriod { from, until } => tr!(
            lang,
            "vendor.err.contract_period",
            from = from,
            until = until
        ),
        VendorError::NoSuchVendor { id } => tr!(lang, "vendor.err.no_such_vendor", id = id),
        VendorError::SheetExists {
            vendor,
            edition,
            fiscal_year,
        } => tr!(
            lang,
            "vendor.err.sheet_exists",
            vendor = vendor,
            edition = edition,
            fy = format_fiscal_year(*fiscal_year)
        ),
        VendorError::NotAttachable { sheet } => {
            tr!(lang, "vendor.err.not_attachable", sheet = sheet)
        }
        VendorError::NoSuchRequest { request } => {
            tr!(lang, "vendor.err.no_such_request", request = request)
        }
        VendorError::EmptyProduct => tr!(lang, "vendor.err.empty_product").to_string(),
        VendorError::NoCount { count } => tr!(lang, "vendor.err.no_count", count = count),
    }
}

/// Why a file could not be imported, one line per problem, each naming the file and, where
/// there is one, the sheet and cell (`回答.xlsx: 事業者確認用!F14: 日付を読めません（「2025-13-01」）`).
pub fn import_failure_lines(
    lang: Lang,
    file: &str,
    f: &crate::vendor::import::ImportFailure,
) -> Vec<String> {
    use crate::vendor::import::ImportFailure as F;
    use crate::vendor::signed::SignedError as S;
    use crate::vendor::xlsx_in::{FileProblem as P, Sniffed, XlsxFailure as X};
    let file = safe(file).to_string();
    let one = |m: String| vec![format!("{file}: {m}")];
    match f {
        F::NotAResponse(s) | F::Xlsx(X::File(P::NotXlsx(s))) => one(match s {
            Sniffed::Text => tr!(lang, "vendor.import.not_xlsx_text").to_string(),
            Sniffed::OldExcel => tr!(lang, "vendor.import.not_xlsx_xls").to_string(),
            Sniffed::Other => tr!(lang, "vendor.import.not_xlsx").to_string(),
        }),
        F::Xlsx(X::File(p)) => one(match p {
            P::NotXlsx(_) => tr!(lang, "vendor.import.not_xlsx").to_string(),
            P::Zip(d) => tr!(lang, "vendor.import.zip", detail = safe(d)),
            P::Inflated { limit } => tr!(lang, "vendor.import.inflated", limit = limit),
            P::TooManyMembers { count } => {
                tr!(lang, "vendor.import.members", count = count)
            }
            P::Workbook(d) => tr!(lang, "vendor.import.workbook", detail = safe(d)),
            P::NoIdentification => tr!(lang, "vendor.import.no_identification").to_string(),
            P::NoSheet => tr!(lang, "vendor.import.no_sheet").to_string(),
            P::UnknownEdition { id } => {
                tr!(lang, "vendor.import.unknown_edition", edition = safe(id))
            }
        }),
        F::Xlsx(X::Cells(cells)) => cells
            .iter()
            .map(|c| {
                format!(
                    "{file}: {}: {}",
                    safe(&c.place),
                    cell_problem(lang, &c.problem)
                )
            })
            .collect(),
        F::Signed(e) => one(match e {
            S::Json {
                line,
                column,
                message,
            } => tr!(
                lang,
                "vendor.import.json",
                line = line,
                column = column,
                detail = safe(message)
            ),
            S::Schema { found, expected } => tr!(
                lang,
                "vendor.import.schema",
                found = safe(found),
                expected = expected
            ),
            S::Key => tr!(lang, "vendor.import.bad_key").to_string(),
            S::Signature => tr!(lang, "vendor.import.bad_signature").to_string(),
            S::Payload {
                line,
                column,
                message,
            } => tr!(
                lang,
                "vendor.import.payload",
                line = line,
                column = column,
                detail = safe(message)
            ),
        }),
        F::UnknownRequest { request_id } => one(tr!(
            lang,
            "vendor.import.unknown_request",
            request = safe(request_id)
        )),
        F::OtherFacility { found, expected } => one(tr!(
            lang,
            "vendor.import.other_facility",
            found = safe(found),
            expected = safe(expected)
        )),
        F::OtherVendor { found, expected } => one(tr!(
            lang,
            "vendor.import.other_vendor",
            found = found,
            expected = expected
        )),
        F::OtherSheet { found, expected } => one(tr!(
            lang,
            "vendor.import.other_sheet",
            found = safe(found),
            expected = expected
        )),
        F::EditionChanged { edition } => one(tr!(
            lang,
            "vendor.import.edition_changed",
            edition = safe(edition)
        )),
        F::VendorRemoved { vendor } => {
            one(tr!(lang, "vendor.import.vendor_removed", vendor = vendor))
        }
        F::UntrustedKey { expected, found } => one(tr!(
            lang,
            "vendor.import.untrusted_key",
            expected = expected,
            found = found
        )),
        F::KeyChanged { before, now } => one(tr!(
            lang,
            "vendor.import.key_changed",
            before = before,
            now = now
        )),
        F::Plan(errors) => errors
            .iter()
            .map(|(e, row)| {
                let row = row.as_ref().map(|(i, s)| (i.as_str(), *s));
                format!("{file}: {}", plan_error(lang, e, row))
            })
            .collect(),
    }
}

fn cell_problem(lang: Lang, p: &crate::vendor::xlsx_in::CellProblem) -> String {
    use crate::vendor::xlsx_in::CellProblem as C;
    match p {
        C::BadAnswer { text } => tr!(lang, "vendor.cell_problem.bad_answer", text = safe(text)),
        C::BadDate { text } => tr!(lang, "vendor.cell_problem.bad_date", text = safe(text)),
        C::AnswerWithoutDate => tr!(lang, "vendor.cell_problem.answer_without_date").to_string(),
        C::DateWithoutAnswer => tr!(lang, "vendor.cell_problem.date_without_answer").to_string(),
        C::Formula { formula } => {
            tr!(lang, "vendor.cell_problem.formula", formula = safe(formula))
        }
        C::ErrorValue => tr!(lang, "vendor.cell_problem.error_value").to_string(),
        C::TextChanged { expected } => tr!(
            lang,
            "vendor.cell_problem.text_changed",
            expected = safe(expected)
        ),
        C::NumberChanged { expected } => tr!(
            lang,
            "vendor.cell_problem.number_changed",
            expected = safe(expected)
        ),
        C::ScopeChanged { expected } => tr!(
            lang,
            "vendor.cell_problem.scope_changed",
            expected = safe(expected)
        ),
        C::SectionChanged { expected } => tr!(
            lang,
            "vendor.cell_problem.section_changed",
            expected = safe(expected)
        ),
        C::ExtraContent => tr!(lang, "vendor.cell_problem.extra_content").to_string(),
        C::Merged => tr!(lang, "vendor.cell_problem.merged").to_string(),
        C::UnexpectedSheet { name } => {
            tr!(
                lang,
                "vendor.cell_problem.unexpected_sheet",
                name = safe(name)
            )
        }
        C::IdValue { key } => tr!(lang, "vendor.cell_problem.id_value", key = key),
    }
}
