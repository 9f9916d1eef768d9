//! The request as an Excel workbook: the 事業者確認用 of the sheet's edition in the official row
//! layout, the facility's and the vendor's names printed on it, はい/いいえ/該当なし as drop-down
//! lists, date cells with date validation, the item texts locked (the sheet is protected; only
//! the answer cells are open), a hidden identification sheet, A4 one page wide.
//!
//! The workbook is the official Japanese form whatever the officer's language: its words are the
//! form's own, and the import reads exactly these answer words back.
//!
//! Every text is written as a string cell, never a formula, so a vendor name such as `=1+1`
//! stays text.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::RequestContent;
use super::layout;
use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::vendor::exchange::{Cells, ResponseCell};
use crate::model::wareki::{fiscal_year_end, fiscal_year_start, format_fiscal_year};
use crate::text::{answer_label, scope_label};
use crate::tr;

/// Paper size code of A4 in the xlsx page setup.
const A4: u8 = 9;
/// The workbook is the Japanese form.
const JA: Lang = Lang::Ja;

struct Formats {
    title: Format,
    plain: Format,
    header: Format,
    number: Format,
    text: Format,
    scope: Format,
    answer: Format,
    date: Format,
    note: Format,
    contract: Format,
    outside: Format,
    section: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    // The cells the vendor fills: open under the sheet protection and tinted.
    let fill = base.clone().set_unlocked().set_background_color("#FFFDE7");
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        plain: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        header: base
            .clone()
            .set_bold()
            .set_background_color("#EEEEEE")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        number: base.clone().set_align(FormatAlign::Center),
        text: base.clone(),
        scope: base.clone().set_align(FormatAlign::Center),
        answer: fill.clone().set_align(FormatAlign::Center),
        date: fill
            .clone()
            .set_align(FormatAlign::Center)
            .set_num_format("yyyy/mm/dd"),
        note: fill,
        contract: base.clone().set_align(FormatAlign::Center),
        outside: base
            .clone()
            .set_align(FormatAlign::Center)
            .set_background_color("#DDDDDD"),
        section: base.set_bold().set_background_color("#F3F3F3"),
    }
}

fn excel_date(d: jiff::civil::Date) -> Result<ExcelDateTime, XlsxError> {
    // Dates kensa keeps are range-checked (1900–2200), so these conversions hold.
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

fn write_answer(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: Option<ResponseCell>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Some(c) => {
            ws.write_string_with_format(row, col, answer_label(JA, c.answer), &f.answer)?;
            ws.write_datetime_with_format(row, col + 1, excel_date(c.date)?, &f.date)?;
        }
        None => {
            ws.write_blank(row, col, &f.answer)?;
            ws.write_blank(row, col + 1, &f.date)?;
        }
    }
    Ok(())
}

fn answer_validation() -> Result<DataValidation, XlsxError> {
    let words = [
        answer_label(JA, Answer::Yes),
        answer_label(JA, Answer::No),
        answer_label(JA, Answer::Na),
    ];
    DataValidation::new()
        .allow_list_strings(&words)?
        .set_error_title(tr!(JA, "vendor.xlsx.answer_error_title"))?
        .set_error_message(tr!(JA, "vendor.xlsx.answer_error"))
}

fn date_validation(
    from: jiff::civil::Date,
    to: jiff::civil::Date,
) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            excel_date(from)?,
            excel_date(to)?,
        ))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(tr!(JA, "vendor.xlsx.date_error_title"))?
        .set_error_message(tr!(JA, "vendor.xlsx.date_error", from = from, to = to))
}

/// Width of the item text column, in Excel's character units (half-width characters).
const TEXT_WIDTH: f64 = 50.0;
/// Height of one line of 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// Lines `text` wraps to in a column `width` half-width characters wide (Japanese characters
/// take two).
fn text_lines(text: &str, width: f64) -> u32 {
    use unicode_width::UnicodeWidthStr;
    let cells = text.width() as f64;
    // Less than the column: Excel and LibreOffice keep a margin, break before a wide character,
    // and some fonts run wider than the column unit.
    ((cells / (width * 0.8)).ceil() as u32).max(1)
}

/// The request workbook as bytes.
pub fn render(req: &RequestContent) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(layout::SHEET)?;
        fill_sheet(ws, req, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(layout::ID_SHEET)?;
        ws.write_string(0, 0, layout::ID_TAG)?;
        let values = [
            req.request_id.clone(),
            req.institution_code.clone().unwrap_or_default(),
            req.facility_name.clone(),
            req.vendor_id.to_string(),
            req.vendor_name.clone(),
            req.edition.id.clone(),
            req.edition_sha256.clone(),
            req.fiscal_year.to_string(),
        ];
        for (i, (k, v)) in layout::ID_KEYS.iter().zip(values).enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, *k)?;
            ws.write_string(row, 1, v)?;
        }
        ws.set_hidden(true);
        ws.protect();
    }
    wb.save_to_buffer()
}

fn fill_sheet(ws: &mut Worksheet, req: &RequestContent, f: &Formats) -> Result<(), XlsxError> {
    use layout::*;
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW + 2)?;
    ws.set_footer("&C&P / &N");
    ws.set_active(true);
    for (col, width) in [
        (COL_NUMBER, 5.0),
        (COL_TEXT, TEXT_WIDTH),
        (COL_SCOPE, 14.0),
        (COL_FIRST, 12.0),
        (COL_FIRST_DATE, 11.0),
        (COL_TARGET, 11.0),
        (COL_SECOND, 12.0),
        (COL_SECOND_DATE, 11.0),
        (COL_NOTE, 26.0),
        (COL_CONTRACT, 12.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    let e = req.edition;
    let title = format!("{}　{}", e.title, tr!(JA, "vendor.xlsx.form"));
    ws.merge_range(0, 0, 0, LAST_COL, &title, &f.title)?;
    let code = req
        .institution_code
        .as_deref()
        .map(|c| tr!(JA, "vendor.xlsx.code", code = c))
        .unwrap_or_default();
    let facility = tr!(
        JA,
        "vendor.xlsx.facility",
        name = req.facility_name,
        code = code
    );
    ws.merge_range(1, 0, 1, LAST_COL, &facility, &f.plain)?;
    let due = req
        .due_on
        .map(|d| tr!(JA, "vendor.xlsx.due", due = d))
        .unwrap_or_default();
    let vendor = tr!(
        JA,
        "vendor.xlsx.vendor",
        name = req.vendor_name,
        fy = format_fiscal_year(req.fiscal_year),
        sent = req.sent_on,
        due = due
    );
    ws.merge_range(2, 0, 2, LAST_COL, &vendor, &f.plain)?;
    ws.merge_range(3, 0, 3, LAST_COL, tr!(JA, "vendor.xlsx.how"), &f.plain)?;
    ws.set_row_height(3, 60.0)?;
    ws.set_row_height(HEADER_ROW + 2, 30.0)?;

    let h = HEADER_ROW;
    ws.merge_range(
        h,
        COL_NUMBER,
        h + 2,
        COL_TEXT,
        tr!(JA, "vendor.xlsx.col_item"),
        &f.header,
    )?;
    ws.merge_range(
        h,
        COL_SCOPE,
        h + 2,
        COL_SCOPE,
        tr!(JA, "vendor.xlsx.col_scope"),
        &f.header,
    )?;
    ws.merge_range(
        h,
        COL_FIRST,
        h,
        COL_SECOND_DATE,
        tr!(JA, "vendor.xlsx.col_result"),
        &f.header,
    )?;
    ws.merge_range(
        h,
        COL_NOTE,
        h + 2,
        COL_NOTE,
        tr!(JA, "vendor.xlsx.col_note"),
        &f.header,
    )?;
    ws.merge_range(
        h,
        COL_CONTRACT,
        h + 2,
        COL_CONTRACT,
        tr!(JA, "vendor.xlsx.col_contract"),
        &f.header,
    )?;
    ws.merge_range(
        h + 1,
        COL_FIRST,
        h + 1,
        COL_FIRST_DATE,
        tr!(JA, "vendor.xlsx.col_first"),
        &f.header,
    )?;
    ws.merge_range(
        h + 1,
        COL_TARGET,
        h + 2,
        COL_TARGET,
        tr!(JA, "vendor.xlsx.col_target"),
        &f.header,
    )?;
    ws.merge_range(
        h + 1,
        COL_SECOND,
        h + 1,
        COL_SECOND_DATE,
        tr!(JA, "vendor.xlsx.col_second"),
        &f.header,
    )?;
    let words = tr!(JA, "vendor.xlsx.col_answer");
    let checked = tr!(JA, "vendor.xlsx.col_checked_on");
    for (col, text) in [
        (COL_FIRST, words),
        (COL_FIRST_DATE, checked),
        (COL_SECOND, words),
        (COL_SECOND_DATE, checked),
    ] {
        ws.write_string_with_format(h + 2, col, text, &f.header)?;
    }
    ws.set_freeze_panes(FIRST_ROW, 0)?;

    let answers = answer_validation()?;
    let checks = date_validation(
        fiscal_year_start(req.fiscal_year),
        fiscal_year_end(req.fiscal_year),
    )?;
    let targets = date_validation(
        fiscal_year_start(req.fiscal_year),
        jiff::civil::date(2100, 12, 31),
    )?;
    for r in rows(e) {
        match r {
            Row::Section { row, number, title } => {
                ws.merge_range(
                    row,
                    0,
                    row,
                    LAST_COL,
                    &section_text(number, title),
                    &f.section,
                )?;
            }
            Row::Item {
                row,
                item,
                scope,
                first_of_item,
                span,
            } => {
                if first_of_item {
                    // Rows are not sized to their text by Excel when a file is opened: give
                    // the item's rows the height its wrapped text needs.
                    let lines = text_lines(&item.text, TEXT_WIDTH);
                    let per_row = (lines as f64 / f64::from(span)).ceil().max(1.0);
                    for r in row..row + span {
                        ws.set_row_height(r, LINE_HEIGHT * per_row)?;
                    }
                    if span > 1 {
                        ws.merge_range(
                            row,
                            COL_NUMBER,
                            row + span - 1,
                            COL_NUMBER,
                            &item.number,
                            &f.number,
                        )?;
                        ws.merge_range(
                            row,
                            COL_TEXT,
                            row + span - 1,
                            COL_TEXT,
                            &item.text,
                            &f.text,
                        )?;
                    } else {
                        ws.write_string_with_format(row, COL_NUMBER, &item.number, &f.number)?;
                        ws.write_string_with_format(row, COL_TEXT, &item.text, &f.text)?;
                    }
                }
                ws.write_string_with_format(row, COL_SCOPE, scope_label(JA, scope), &f.scope)?;
                let (cells, note) = req
                    .prefill
                    .iter()
                    .find(|(i, s, _, _)| *i == item.id && *s == scope)
                    .map(|(_, _, c, n)| (*c, n.as_str()))
                    .unwrap_or((Cells::default(), ""));
                write_answer(ws, row, COL_FIRST, cells.first, f)?;
                match cells.target {
                    Some(t) => {
                        ws.write_datetime_with_format(row, COL_TARGET, excel_date(t)?, &f.date)?
                    }
                    None => ws.write_blank(row, COL_TARGET, &f.date)?,
                };
                write_answer(ws, row, COL_SECOND, cells.second, f)?;
                ws.write_string_with_format(row, COL_NOTE, note, &f.note)?;
                let covered =
                    scope == crate::model::checklist::Scope::General || req.scopes.contains(&scope);
                if covered {
                    ws.write_string_with_format(
                        row,
                        COL_CONTRACT,
                        tr!(JA, "vendor.xlsx.in_contract"),
                        &f.contract,
                    )?;
                } else {
                    ws.write_string_with_format(
                        row,
                        COL_CONTRACT,
                        tr!(JA, "vendor.xlsx.out_of_contract"),
                        &f.outside,
                    )?;
                }
                ws.add_data_validation(row, COL_FIRST, row, COL_FIRST, &answers)?;
                ws.add_data_validation(row, COL_SECOND, row, COL_SECOND, &answers)?;
                ws.add_data_validation(row, COL_FIRST_DATE, row, COL_FIRST_DATE, &checks)?;
                ws.add_data_validation(row, COL_SECOND_DATE, row, COL_SECOND_DATE, &checks)?;
                ws.add_data_validation(row, COL_TARGET, row, COL_TARGET, &targets)?;
            }
        }
    }
    ws.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}
