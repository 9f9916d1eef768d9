//! The report as an xlsx workbook that prints: the checklist in the official header layout
//! (はい・いいえ and dates filled, 西暦 and 和暦 in each date cell), the verdict and findings, the
//! vendor sheets, the 台帳, the contacts behind the 連絡体制図 and the 確認履歴 (every record of
//! every row).
//!
//! Printing is set up on every sheet: A4 (landscape for the wide ones), fit to the page width,
//! header rows repeated, the facility name, form and 年度 in the page header and the page number
//! in the footer. Row heights are computed from the text and the column widths (`fit`), never left
//! to the viewer's auto-fit, which LibreOffice and Excel do not apply to rows a file sizes; a text
//! taller than Excel's largest row continues in the rows below.
//!
//! Every text is written as a string cell, never as a formula, so a name such as `=HYPERLINK(…)`
//! stays inert text when the workbook is opened.

use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::data::{
    CellOut, DateOut, FindingOut, HistoryRow, ItemOut, ReportData, SheetReport, ledger_headers,
};
use super::fit;
use super::labels::template_labels;
use crate::i18n::Lang;
use crate::tr;

/// Paper size code of A4 in the xlsx page setup.
const A4: u8 = 9;

/// Sheet names, fixed so other tools can find them.
pub const CHECKLIST_SHEET: &str = "チェックリスト";
pub const FINDINGS_SHEET: &str = "指摘事項";
pub const LEDGER_SHEET: &str = "台帳";
pub const CONTACTS_SHEET: &str = "連絡体制";
pub const HISTORY_SHEET: &str = "確認履歴";
/// The vendors' status and coverage matrix, when the facility has vendors.
pub const VENDORS_SHEET: &str = "事業者カバー状況";

/// First data row of the checklist sheet (0-based); rows above are title and headers.
pub const CHECKLIST_FIRST_ROW: u32 = 6;

/// A Japanese UI font every Japanese Windows has; other viewers substitute their own.
const FONT: &str = "Meiryo UI";
/// Body text, in points.
const BODY_PT: f64 = 9.0;
/// Date cells (two lines: 西暦, 和暦), in points.
const DATE_PT: f64 = 8.0;
const TITLE_PT: f64 = 14.0;

/// 西暦 on the first line and 和暦 on the second, from the date value itself, so the cell stays a
/// date for sorting and formulas. `[$-411]` (ja-JP) makes `ggg` the era and `e` its year in
/// Excel and LibreOffice alike.
const DATE_FORMAT: &str = "[$-411]yyyy/mm/dd\"\n\"ggge\"年\"m\"月\"d\"日\"";

/// Columns of the checklist: No. | チェック項目 | 対象 | 1回目 はい・いいえ | 1回目 確認日 | 目標日 |
/// 2回目 はい・いいえ | 2回目 確認日 | 備考. 対象 fits 「ネットワーク機器」 on one line, the answer
/// columns 「はい・いいえ」 (the form's sub-header, never broken), the date columns
/// 「令和7年12月26日」.
const CHECKLIST_COLS: [f64; 9] = [4.0, 42.0, 16.0, 12.0, 16.0, 16.0, 12.0, 16.0, 26.0];
const FINDINGS_COLS: [f64; 3] = [8.0, 24.0, 68.0];
const LEDGER_COLS: [f64; 13] = [
    10.0, 10.0, 14.0, 14.0, 9.0, 14.0, 12.0, 10.0, 12.0, 12.0, 6.0, 30.0, 14.0,
];
const CONTACTS_COLS: [f64; 6] = [7.0, 16.0, 20.0, 26.0, 15.0, 22.0];
/// 確認履歴: チェック項目 | 確認日 | 結果 | 目標日 | 確認者 | 記録日時 | 備考 | 証跡 | 様式の欄.
const HISTORY_COLS: [f64; 9] = [34.0, 16.0, 12.0, 16.0, 14.0, 16.0, 36.0, 16.0, 10.0];

struct Formats {
    title: Format,
    plain: Format,
    bold: Format,
    header: Format,
    cell: Format,
    center: Format,
    date: Format,
    section: Format,
    mark: Format,
}

fn formats() -> Formats {
    let text = Format::new().set_font_name(FONT).set_font_size(BODY_PT);
    let base = text
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    Formats {
        title: text.clone().set_bold().set_font_size(TITLE_PT),
        plain: text.clone().set_text_wrap().set_align(FormatAlign::Top),
        bold: text
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        header: base
            .clone()
            .set_bold()
            .set_background_color("#EEEEEE")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        cell: base.clone(),
        center: base.clone().set_align(FormatAlign::Center),
        date: base
            .clone()
            .set_font_size(DATE_PT)
            .set_align(FormatAlign::Center)
            .set_num_format(DATE_FORMAT),
        section: base.set_bold().set_background_color("#F3F3F3"),
        mark: text.set_bold().set_font_color("#AA0000"),
    }
}

fn lang_of(data: &ReportData) -> Lang {
    if data.lang == "en" {
        Lang::En
    } else {
        Lang::Ja
    }
}

fn excel_date(d: &DateOut) -> Option<ExcelDateTime> {
    let date: jiff::civil::Date = d.iso.parse().ok()?;
    // A year before 0 must not wrap to 65535; such a date is written as text.
    ExcelDateTime::from_ymd(
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// Width of columns `from..=to` together, as one merged cell shows text.
fn span(cols: &[f64], from: usize, to: usize) -> f64 {
    cols[from..=to].iter().sum::<f64>() + 0.7 * (to - from) as f64
}

/// Points a row needs for `text` in a cell of `width` units at `pt`.
fn need(text: &str, width: f64, pt: f64) -> f64 {
    fit::height(fit::lines(text, width, pt), pt)
}

/// Text for a page header or footer section: `&` doubled (Excel's escape), control characters
/// as spaces, and at most `max` characters so the whole string stays under Excel's 255.
fn hf_text(s: &str, max: usize) -> String {
    let clipped: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect();
    let clipped = if s.chars().count() > max {
        format!("{clipped}…")
    } else {
        clipped
    };
    clipped.replace('&', "&&")
}

/// A4, fit to the page width, header rows repeated, and on every page: the facility name, the
/// form and 年度 and the sheet's name in the header; the date made, page / pages and kensa in
/// the footer.
fn page_setup(
    ws: &mut Worksheet,
    data: &ReportData,
    s: &SheetReport,
    what: &str,
    landscape: bool,
    repeat: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.75, 0.6, 0.3, 0.3);
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_header(format!(
        "&L{}&C{}　{}&R{}",
        hf_text(&data.facility.name, 60),
        hf_text(&s.form_label, 30),
        hf_text(&s.fiscal_year_label, 20),
        hf_text(what, 30)
    ));
    ws.set_footer(format!(
        "&L{}&C&P / &N&Rkensa {}",
        hf_text(
            &format!(
                "{} {}（{}）",
                tr!(lang_of(data), "report.label.generated_on"),
                data.generated_on.iso,
                data.generated_on.wareki
            ),
            60
        ),
        hf_text(data.kensa_version, 20)
    ));
    Ok(())
}

/// Column widths and the row heights, set together.
fn set_widths(ws: &mut Worksheet, cols: &[f64]) -> Result<(), XlsxError> {
    for (i, w) in cols.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    Ok(())
}

fn set_height(ws: &mut Worksheet, row: u32, pt: f64) -> Result<(), XlsxError> {
    ws.set_row_height(row, pt.min(fit::MAX_ROW_PT))?;
    Ok(())
}

/// A table's header cells in `row`, the row as high as its tallest heading needs.
fn header_row(
    ws: &mut Worksheet,
    row: u32,
    heads: &[&str],
    cols: &[f64],
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut h = fit::height(1, BODY_PT);
    for (col, (head, width)) in heads.iter().zip(cols).enumerate() {
        ws.write_string_with_format(row, col as u16, *head, &f.header)?;
        h = h.max(need(head, *width, BODY_PT));
    }
    set_height(ws, row, h)
}

/// A line of text across columns `0..=last` (title, facts, notes above a table).
fn banner(
    ws: &mut Worksheet,
    row: u32,
    cols: &[f64],
    text: &str,
    f: &Format,
    pt: f64,
) -> Result<(), XlsxError> {
    let last = cols.len() - 1;
    ws.merge_range(row, 0, row, last as u16, text, f)?;
    set_height(ws, row, need(text, span(cols, 0, last), pt))
}

fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Option<&DateOut>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match d.and_then(excel_date) {
        Some(x) => ws.write_datetime_with_format(row, col, &x, &f.date)?,
        // Outside Excel's dates (before 1900): the 西暦 and 和暦 as text.
        None => match d {
            Some(d) => {
                ws.write_string_with_format(row, col, format!("{}\n{}", d.iso, d.wareki), &f.date)?
            }
            None => ws.write_string_with_format(row, col, "", &f.date)?,
        },
    };
    Ok(())
}

/// Height of a date cell: two lines.
fn date_need() -> f64 {
    fit::height(2, DATE_PT)
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    c: Option<&CellOut>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, c.map_or("", |c| c.label.as_str()), &f.center)?;
    write_date(ws, row, col + 1, c.map(|c| &c.date), f)
}

/// The item text, with its wording mark (［文言は案から］, ［文言未確認］, ［本文未確認…］) in red
/// on a line of its own when the wording is not verified: beside the text it qualifies, leaving
/// 備考 to the officer's notes.
fn write_item_text(
    ws: &mut Worksheet,
    rows: (u32, u32),
    item: &ItemOut,
    f: &Formats,
) -> Result<String, XlsxError> {
    let (first, last) = rows;
    if last > first {
        ws.merge_range(first, 1, last, 1, "", &f.cell)?;
    }
    if let Some(mark) = item.wording_mark.as_deref() {
        let text_fmt = Format::new().set_font_name(FONT).set_font_size(BODY_PT);
        let text = format!("{}\n", item.text);
        ws.write_rich_string_with_format(
            first,
            1,
            &[(&text_fmt, text.as_str()), (&f.mark, mark)],
            &f.cell,
        )?;
        Ok(format!("{text}{mark}"))
    } else {
        ws.write_string_with_format(first, 1, &item.text, &f.cell)?;
        Ok(item.text.clone())
    }
}

/// 備考 as the form cell holds it: a note too long for the tallest row is cut, and the cell says
/// the whole text is in the 確認履歴 sheet.
fn remarks_cell(lang: Lang, remarks: &str) -> String {
    let width = CHECKLIST_COLS[8];
    let max = fit::max_lines(BODY_PT);
    if fit::lines(remarks, width, BODY_PT) <= max {
        return remarks.to_string();
    }
    let head = fit::pieces(remarks, width, BODY_PT, max - 1)
        .into_iter()
        .next()
        .unwrap_or_default();
    format!("{head}\n{}", tr!(lang, "print.remark.cut"))
}

fn write_item(
    ws: &mut Worksheet,
    row: &mut u32,
    item: &ItemOut,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let n = item.rows.len().max(1) as u32;
    let first = *row;
    let last = first + n - 1;
    if n > 1 {
        ws.merge_range(first, 0, last, 0, &item.number, &f.center)?;
    } else {
        ws.write_string_with_format(first, 0, &item.number, &f.center)?;
    }
    let text = write_item_text(ws, (first, last), item, f)?;
    let mut heights = Vec::new();
    for r in &item.rows {
        ws.write_string_with_format(*row, 2, &r.scope_label, &f.center)?;
        write_cell(ws, *row, 3, r.first.as_ref(), f)?;
        write_date(ws, *row, 5, r.target.as_ref(), f)?;
        write_cell(ws, *row, 6, r.second.as_ref(), f)?;
        let remarks = remarks_cell(lang, &r.remarks);
        ws.write_string_with_format(*row, 8, &remarks, &f.cell)?;
        let mut h = need(&r.scope_label, CHECKLIST_COLS[2], BODY_PT).max(need(
            &remarks,
            CHECKLIST_COLS[8],
            BODY_PT,
        ));
        if r.first.is_some() || r.target.is_some() || r.second.is_some() {
            h = h.max(date_need());
        }
        heights.push(h);
        *row += 1;
    }
    if item.rows.is_empty() {
        heights.push(fit::height(1, BODY_PT));
        *row += 1;
    }
    // The merged item text spreads over the rows of its scopes: give each the same extra room.
    let text_need = need(&text, CHECKLIST_COLS[1], BODY_PT);
    let total: f64 = heights.iter().sum();
    let extra = ((text_need - total) / heights.len() as f64).max(0.0);
    for (i, h) in heights.iter().enumerate() {
        set_height(ws, first + i as u32, h + extra)?;
    }
    Ok(())
}

/// The facts line under a sheet's title: facility, form, 年度, date made.
fn facts_line(data: &ReportData, s: &SheetReport, lang: Lang) -> String {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    format!(
        "{}: {}（{}）　{}　{}（{}年度）　{}: {}（{}）",
        label("facility"),
        data.facility.name,
        data.facility.kind_label,
        s.form_label,
        s.fiscal_year_label,
        s.fiscal_year,
        label("generated_on"),
        data.generated_on.iso,
        data.generated_on.wareki
    )
}

/// `判定: …` for `ready`: the facility's verdict on its own sheet's tabs, a vendor sheet's own
/// on that sheet's tab.
fn verdict_line(ready: bool, lang: Lang) -> String {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    format!(
        "{}: {}",
        label("verdict"),
        if ready {
            label("ready")
        } else {
            label("not_ready")
        }
    )
}

fn checklist_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    s: &SheetReport,
    // The verdict printed on the tab: the facility's on its own sheet, a vendor sheet's own.
    ready: bool,
    what: &str,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    let cols = &CHECKLIST_COLS;
    page_setup(ws, data, s, what, true, Some((3, 5)))?;
    set_widths(ws, cols)?;
    banner(ws, 0, cols, &s.title, &f.title, TITLE_PT)?;
    banner(ws, 1, cols, &facts_line(data, s, lang), &f.plain, BODY_PT)?;
    let mut verdict = verdict_line(ready, lang);
    // The R8 notice, the wording legends and the items left out of the verdict sit with the
    // verdict they qualify.
    for line in s
        .edition_notices
        .iter()
        .chain(&s.wording_legends)
        .chain(&s.excluded)
    {
        verdict = format!("{verdict}\n{line}");
    }
    banner(ws, 2, cols, &verdict, &f.bold, BODY_PT)?;
    // The official header block: チェック項目 | 確認結果（日付） over 1回目 / 目標日 / 2回目, each
    // answer column split into はい・いいえ and its date.
    ws.merge_range(3, 0, 5, 1, label("col_item"), &f.header)?;
    ws.merge_range(3, 2, 5, 2, label("col_scope"), &f.header)?;
    ws.merge_range(3, 3, 3, 7, label("col_result"), &f.header)?;
    ws.merge_range(3, 8, 5, 8, label("col_remarks"), &f.header)?;
    ws.merge_range(4, 3, 4, 4, label("col_first"), &f.header)?;
    ws.merge_range(4, 5, 5, 5, label("col_target"), &f.header)?;
    ws.merge_range(4, 6, 4, 7, label("col_second"), &f.header)?;
    let yes_no = format!("{}・{}", label("answer_yes"), label("answer_no"));
    let checked = label("checked_on");
    for (col, text) in [
        (3, yes_no.as_str()),
        (4, checked),
        (6, yes_no.as_str()),
        (7, checked),
    ] {
        ws.write_string_with_format(5, col, text, &f.header)?;
    }
    for (r, h) in [
        (3, need(label("col_result"), span(cols, 3, 7), BODY_PT)),
        (4, need(label("col_target"), cols[5], BODY_PT)),
        (
            5,
            need(&yes_no, cols[3], BODY_PT).max(need(checked, cols[4], BODY_PT)),
        ),
    ] {
        set_height(ws, r, h)?;
    }
    let mut row = CHECKLIST_FIRST_ROW;
    if let Some(g) = &s.gate {
        banner(ws, row, cols, label("gate"), &f.section, BODY_PT)?;
        row += 1;
        write_item(ws, &mut row, g, lang, f)?;
    }
    for sec in &s.sections {
        let title = format!("{}　{}", sec.number, sec.title);
        banner(ws, row, cols, &title, &f.section, BODY_PT)?;
        row += 1;
        for item in &sec.items {
            write_item(ws, &mut row, item, lang, f)?;
        }
    }
    for line in &s.instructions {
        row += 1;
        banner(ws, row, cols, line, &f.plain, BODY_PT)?;
    }
    Ok(())
}

/// One table row of plain texts; a text taller than Excel's largest row continues in the rows
/// below (the other cells of those rows left empty), so nothing is clipped. Returns the next row.
fn table_row(
    ws: &mut Worksheet,
    row: u32,
    cols: &[f64],
    cells: &[(&str, &Format)],
) -> Result<u32, XlsxError> {
    let max = fit::max_lines(BODY_PT);
    let lines: Vec<usize> = cells
        .iter()
        .enumerate()
        .map(|(i, (text, _))| fit::lines(text, cols[i], BODY_PT))
        .collect();
    let tallest = lines.iter().copied().max().unwrap_or(1);
    if tallest <= max {
        // The common case, measured once per cell.
        for (i, (text, format)) in cells.iter().enumerate() {
            ws.write_string_with_format(row, i as u16, *text, format)?;
        }
        set_height(ws, row, fit::height(tallest, BODY_PT))?;
        return Ok(row + 1);
    }
    let pieces: Vec<Vec<String>> = cells
        .iter()
        .enumerate()
        .map(|(i, (text, _))| fit::pieces(text, cols[i], BODY_PT, max))
        .collect();
    let n = pieces.iter().map(Vec::len).max().unwrap_or(1).max(1);
    for k in 0..n {
        let r = row + k as u32;
        let mut h = fit::height(1, BODY_PT);
        for (i, (_, format)) in cells.iter().enumerate() {
            let text = pieces[i].get(k).map_or("", String::as_str);
            ws.write_string_with_format(r, i as u16, text, format)?;
            h = h.max(need(text, cols[i], BODY_PT));
        }
        set_height(ws, r, h)?;
    }
    Ok(row + n as u32)
}

fn findings_block(
    ws: &mut Worksheet,
    mut row: u32,
    findings: &[FindingOut],
    overdue: &[FindingOut],
    lang: Lang,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    let cols = &FINDINGS_COLS;
    if findings.is_empty() {
        banner(ws, row, cols, label("findings_none"), &f.plain, BODY_PT)?;
        row += 1;
    }
    for x in findings {
        row = table_row(
            ws,
            row,
            cols,
            &[
                (&x.severity_label, &f.center),
                (&x.place, &f.cell),
                (&x.message, &f.cell),
            ],
        )?;
    }
    row += 1;
    banner(ws, row, cols, label("overdue"), &f.bold, BODY_PT)?;
    row += 1;
    if overdue.is_empty() {
        banner(ws, row, cols, label("overdue_none"), &f.plain, BODY_PT)?;
        row += 1;
    }
    for x in overdue {
        let date = x
            .date
            .as_ref()
            .map(|d| format!("{}（{}）", d.iso, d.wareki))
            .unwrap_or_default();
        row = table_row(
            ws,
            row,
            cols,
            &[("", &f.cell), (&x.place, &f.cell), (&date, &f.cell)],
        )?;
    }
    Ok(row + 1)
}

/// 判定 and every finding of the facility's sheet, then of each vendor sheet.
fn findings_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    let cols = &FINDINGS_COLS;
    let s = &data.sheet;
    page_setup(ws, data, s, FINDINGS_SHEET, false, Some((3, 3)))?;
    set_widths(ws, cols)?;
    banner(ws, 0, cols, &s.title, &f.title, TITLE_PT)?;
    banner(ws, 1, cols, &facts_line(data, s, lang), &f.plain, BODY_PT)?;
    banner(
        ws,
        2,
        cols,
        &verdict_line(data.ready, lang),
        &f.bold,
        BODY_PT,
    )?;
    let heads = [
        tr!(lang, "print.col.severity"),
        label("col_item"),
        label("findings"),
    ];
    header_row(ws, 3, &heads, cols, f)?;
    let mut row = findings_block(ws, 4, &s.findings, &s.overdue, lang, f)?;
    for vs in &data.vendor_sheets {
        let heading = format!(
            "{}　{}（{}年度）— {}",
            vs.form_label,
            vs.fiscal_year_label,
            vs.fiscal_year,
            verdict_line(vs.ready, lang)
        );
        banner(ws, row, cols, &heading, &f.section, BODY_PT)?;
        row = findings_block(ws, row + 1, &vs.findings, &vs.overdue, lang, f)?;
    }
    Ok(())
}

fn ledger_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let cols = &LEDGER_COLS;
    page_setup(ws, data, &data.sheet, LEDGER_SHEET, true, Some((0, 0)))?;
    set_widths(ws, cols)?;
    ws.set_freeze_panes(1, 0)?;
    let heads = ledger_headers(lang);
    header_row(ws, 0, &heads, cols, f)?;
    let mut row = 1;
    for r in &data.ledger {
        let cells: Vec<(&str, &Format)> = r.cells().iter().map(|c| (*c, &f.cell)).collect();
        row = table_row(ws, row, cols, &cells)?;
    }
    ws.autofilter(0, 0, row - 1, 12)?;
    Ok(())
}

fn contacts_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    let cols = &CONTACTS_COLS;
    page_setup(ws, data, &data.sheet, CONTACTS_SHEET, false, Some((0, 0)))?;
    set_widths(ws, cols)?;
    let heads = [
        label("contact_order"),
        label("contact_role"),
        label("contact_name"),
        label("contact_org"),
        label("contact_phone"),
        label("contact_email"),
    ];
    header_row(ws, 0, &heads, cols, f)?;
    let mut row = 1;
    for c in &data.contacts {
        let org = match (&c.org, &c.system) {
            (Some(o), Some(s)) => format!("{o}（{s}）"),
            (Some(o), None) => o.clone(),
            (None, Some(s)) => format!("（{s}）"),
            (None, None) => String::new(),
        };
        let order = c.order.to_string();
        row = table_row(
            ws,
            row,
            cols,
            &[
                (&order, &f.center),
                (&c.role_label, &f.cell),
                (&c.name, &f.cell),
                (&org, &f.cell),
                (c.phone.as_deref().unwrap_or(""), &f.cell),
                (c.email.as_deref().unwrap_or(""), &f.cell),
            ],
        )?;
    }
    if !data.contacts_missing.is_empty() {
        let names: Vec<&str> = data
            .contacts_missing
            .iter()
            .map(|r| r.label.as_str())
            .collect();
        let line = format!("{}: {}", label("contacts_missing"), names.join("、"));
        banner(ws, row + 1, cols, &line, &f.bold, BODY_PT)?;
    }
    Ok(())
}

/// The rows of one sheet's 確認履歴: the row's item (merged down its entries), then one line per
/// entry; a note too long for one row continues below. Returns the next row.
fn history_rows(
    ws: &mut Worksheet,
    mut row: u32,
    h: &HistoryRow,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let cols = &HISTORY_COLS;
    let max = fit::max_lines(BODY_PT);
    let first = row;
    let mut heights = Vec::new();
    for e in &h.entries {
        let notes = fit::pieces(&e.note, cols[6], BODY_PT, max);
        let evidence = e.evidence.join("\n");
        for (k, note) in notes.iter().enumerate() {
            let r = row;
            if k == 0 {
                write_date(ws, r, 1, e.date.as_ref(), f)?;
                ws.write_string_with_format(r, 2, &e.result, &f.center)?;
                write_date(ws, r, 3, e.target.as_ref(), f)?;
                ws.write_string_with_format(r, 4, &e.by, &f.cell)?;
                ws.write_string_with_format(r, 5, &e.recorded, &f.cell)?;
                ws.write_string_with_format(r, 7, &evidence, &f.cell)?;
                ws.write_string_with_format(r, 8, &e.shown, &f.center)?;
            } else {
                for c in [1, 2, 3, 4, 5, 7, 8] {
                    ws.write_string_with_format(r, c, "", &f.cell)?;
                }
            }
            ws.write_string_with_format(r, 6, note, &f.cell)?;
            let mut need_pt = need(note, cols[6], BODY_PT);
            if k == 0 {
                for (text, c) in [
                    (e.result.as_str(), 2),
                    (e.by.as_str(), 4),
                    (e.recorded.as_str(), 5),
                    (evidence.as_str(), 7),
                    (e.shown.as_str(), 8),
                ] {
                    need_pt = need_pt.max(need(text, cols[c], BODY_PT));
                }
                if e.date.is_some() || e.target.is_some() {
                    need_pt = need_pt.max(date_need());
                }
            }
            heights.push(need_pt);
            row += 1;
        }
    }
    let last = row.max(first + 1) - 1;
    let section = h.section.map(|n| format!("{n} ")).unwrap_or_default();
    let number = if h.number.is_empty() {
        String::new()
    } else {
        format!("{} ", h.number)
    };
    let item = format!("{section}{number}{}\n（{}）", h.text, h.scope_label);
    if last > first {
        ws.merge_range(first, 0, last, 0, &item, &f.cell)?;
    } else {
        ws.write_string_with_format(first, 0, &item, &f.cell)?;
    }
    if heights.is_empty() {
        heights.push(fit::height(1, BODY_PT));
        row += 1;
    }
    let item_need = need(&item, cols[0], BODY_PT);
    let extra = ((item_need - heights.iter().sum::<f64>()) / heights.len() as f64).max(0.0);
    for (i, pt) in heights.iter().enumerate() {
        set_height(ws, first + i as u32, pt + extra)?;
    }
    Ok(row)
}

fn history_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    let cols = &HISTORY_COLS;
    page_setup(ws, data, &data.sheet, HISTORY_SHEET, true, Some((3, 3)))?;
    set_widths(ws, cols)?;
    banner(ws, 0, cols, label("history"), &f.title, TITLE_PT)?;
    banner(
        ws,
        1,
        cols,
        &facts_line(data, &data.sheet, lang),
        &f.plain,
        BODY_PT,
    )?;
    banner(ws, 2, cols, label("history_note"), &f.plain, BODY_PT)?;
    let heads = [
        label("col_item"),
        label("checked_on"),
        label("history_result"),
        label("col_target"),
        label("history_by"),
        label("history_recorded"),
        label("col_remarks"),
        label("history_evidence"),
        label("history_shown"),
    ];
    header_row(ws, 3, &heads, cols, f)?;
    let mut row = 4;
    for s in std::iter::once(&data.sheet).chain(&data.vendor_sheets) {
        let heading = format!(
            "{}　{}（{}年度）　{}",
            s.form_label, s.fiscal_year_label, s.fiscal_year, s.title
        );
        banner(ws, row, cols, &heading, &f.section, BODY_PT)?;
        row += 1;
        if s.history.is_empty() {
            banner(ws, row, cols, label("history_none"), &f.plain, BODY_PT)?;
            row += 1;
        }
        for hr in &s.history {
            row = history_rows(ws, row, hr, f)?;
        }
    }
    Ok(())
}

/// The vendors with their status, then the coverage matrix (item × facility/vendor), gaps marked.
fn vendors_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    v: &super::vendors::VendorReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let label = |k: &str| v.labels.get(k).copied().unwrap_or("");
    page_setup(ws, data, &data.sheet, VENDORS_SHEET, true, None)?;
    ws.write_string_with_format(0, 0, label("title"), &f.title)?;
    let mut row = 1;
    for (col, h) in [
        label("name"),
        label("systems"),
        label("sheet"),
        label("rows"),
        label("status"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, col as u16, *h, &f.header)?;
    }
    for x in &v.vendors {
        row += 1;
        for (col, text) in [
            x.name.clone(),
            x.systems.join("、"),
            x.sheet.clone().unwrap_or_default(),
            format!("{}/{}", x.rows_answered, x.rows_required),
            x.status.clone(),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, col as u16, text, &f.cell)?;
        }
    }
    row += 2;
    ws.write_string_with_format(row, 0, label("coverage"), &f.title)?;
    row += 1;
    ws.write_string_with_format(row, 0, label("item"), &f.header)?;
    for (i, c) in v.columns.iter().enumerate() {
        ws.write_string_with_format(row, i as u16 + 1, c, &f.header)?;
    }
    let last = v.columns.len() as u16 + 1;
    ws.write_string_with_format(row, last, label("judgement"), &f.header)?;
    let gap = f.center.clone().set_bold().set_background_color("#FFDDDD");
    for r in &v.rows {
        row += 1;
        let cell = if r.gap { &gap } else { &f.center };
        ws.write_string_with_format(row, 0, &r.row, &f.cell)?;
        for (i, c) in r.cells.iter().enumerate() {
            ws.write_string_with_format(row, i as u16 + 1, c, cell)?;
        }
        ws.write_string_with_format(row, last, &r.coverage_label, cell)?;
    }
    ws.set_column_width(0, 16.0)?;
    for c in 1..=last {
        ws.set_column_width(c, 14.0)?;
    }
    Ok(())
}

/// The whole workbook as bytes.
pub fn render_xlsx(data: &ReportData) -> Result<Vec<u8>, XlsxError> {
    let lang = lang_of(data);
    let f = formats();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(CHECKLIST_SHEET)?;
        checklist_sheet(ws, data, &data.sheet, data.ready, CHECKLIST_SHEET, lang, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(FINDINGS_SHEET)?;
        findings_sheet(ws, data, lang, &f)?;
    }
    // Each vendor sheet on a tab named after its vendor.
    let mut taken: Vec<String> = [
        CHECKLIST_SHEET,
        FINDINGS_SHEET,
        LEDGER_SHEET,
        CONTACTS_SHEET,
        HISTORY_SHEET,
        VENDORS_SHEET,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (i, vs) in data.vendor_sheets.iter().enumerate() {
        let name = match &vs.vendor_name {
            Some(n) => super::vendors::tab_name(n, &taken),
            None => super::vendors::tab_name(&format!("事業者確認用{}", i + 1), &taken),
        };
        taken.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        checklist_sheet(ws, data, vs, vs.ready, &name, lang, &f)?;
    }
    if let Some(v) = &data.vendors {
        let ws = wb.add_worksheet();
        ws.set_name(VENDORS_SHEET)?;
        vendors_sheet(ws, data, v, &f)?;
    }
    if !data.ledger.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(LEDGER_SHEET)?;
        ledger_sheet(ws, data, lang, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(CONTACTS_SHEET)?;
        contacts_sheet(ws, data, lang, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(HISTORY_SHEET)?;
        history_sheet(ws, data, lang, &f)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_is_escaped_and_short() {
        assert_eq!(hf_text("A&B病院", 60), "A&&B病院");
        assert_eq!(hf_text("改\n行", 60), "改 行");
        let long = hf_text(&"長".repeat(300), 60);
        assert_eq!(long.chars().count(), 61);
        assert!(long.ends_with('…'));
    }
}
