//! The report as an xlsx workbook: the checklist in the official row/column layout (はい・いいえ
//! and dates filled), the 台帳 when there is one, and the contacts behind the 連絡体制図. Print
//! setup: A4, fit to page width, header rows repeated on every page.
//!
//! Every text is written as a string cell, never as a formula, so a name such as `=HYPERLINK(…)`
//! stays inert text when the workbook is opened.

use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::data::{CellOut, DateOut, ItemOut, ReportData, SheetReport, ledger_headers};
use super::labels::template_labels;
use crate::i18n::Lang;
use crate::tr;

/// Paper size code of A4 in the xlsx page setup.
const A4: u8 = 9;

/// Sheet names, fixed so other tools can find them.
pub const CHECKLIST_SHEET: &str = "チェックリスト";
pub const LEDGER_SHEET: &str = "台帳";
pub const CONTACTS_SHEET: &str = "連絡体制";
/// The vendors' status and coverage matrix, when the facility has vendors.
pub const VENDORS_SHEET: &str = "事業者カバー状況";

/// First data row of the checklist sheet (0-based); rows above are title and headers.
pub const CHECKLIST_FIRST_ROW: u32 = 6;

struct Formats {
    title: Format,
    plain: Format,
    header: Format,
    cell: Format,
    center: Format,
    date: Format,
    section: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        plain: Format::new(),
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
            .set_align(FormatAlign::Center)
            .set_num_format("yyyy/mm/dd"),
        section: base.set_bold().set_background_color("#F3F3F3"),
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

fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Option<&DateOut>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match d.and_then(excel_date) {
        Some(x) => ws.write_datetime_with_format(row, col, &x, &f.date)?,
        None => ws.write_string_with_format(row, col, "", &f.date)?,
    };
    Ok(())
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

fn write_item(
    ws: &mut Worksheet,
    row: &mut u32,
    item: &ItemOut,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let n = item.rows.len().max(1) as u32;
    let first = *row;
    if n > 1 {
        ws.merge_range(first, 0, first + n - 1, 0, &item.number, &f.center)?;
        ws.merge_range(first, 1, first + n - 1, 1, &item.text, &f.cell)?;
    } else {
        ws.write_string_with_format(first, 0, &item.number, &f.center)?;
        ws.write_string_with_format(first, 1, &item.text, &f.cell)?;
    }
    for r in &item.rows {
        ws.write_string_with_format(*row, 2, &r.scope_label, &f.center)?;
        write_cell(ws, *row, 3, r.first.as_ref(), f)?;
        write_date(ws, *row, 5, r.target.as_ref(), f)?;
        write_cell(ws, *row, 6, r.second.as_ref(), f)?;
        let mut remarks = r.remarks.clone();
        if item.unverified {
            let mark = tr!(lang, "report.label.unverified");
            remarks = if remarks.is_empty() {
                mark.to_string()
            } else {
                format!("{mark} {remarks}")
            };
        }
        ws.write_string_with_format(*row, 8, &remarks, &f.cell)?;
        *row += 1;
    }
    if item.rows.is_empty() {
        *row += 1;
    }
    Ok(())
}

fn checklist_sheet(
    ws: &mut Worksheet,
    data: &ReportData,
    s: &SheetReport,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = template_labels(lang);
    let label = |k: &str| t.get(k).copied().unwrap_or("");
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(3, 5)?;
    for (col, width) in [
        (0, 5.0),
        (1, 44.0),
        (2, 10.0),
        (3, 7.0),
        (4, 11.0),
        (5, 11.0),
        (6, 7.0),
        (7, 11.0),
        (8, 20.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    ws.merge_range(0, 0, 0, 8, &s.title, &f.title)?;
    let facts = format!(
        "{}: {}（{}）　{}　{}　{}: {}（{}）",
        label("facility"),
        data.facility.name,
        data.facility.kind_label,
        s.form_label,
        s.fiscal_year_label,
        label("generated_on"),
        data.generated_on.iso,
        data.generated_on.wareki
    );
    ws.write_string_with_format(1, 0, &facts, &f.plain)?;
    let verdict = format!(
        "{}: {}",
        label("verdict"),
        if s.ready {
            label("ready")
        } else {
            label("not_ready")
        }
    );
    ws.write_string_with_format(2, 0, &verdict, &f.plain)?;
    ws.merge_range(3, 0, 5, 1, label("col_item"), &f.header)?;
    ws.merge_range(3, 2, 5, 2, label("col_scope"), &f.header)?;
    ws.merge_range(3, 3, 3, 7, label("col_result"), &f.header)?;
    ws.merge_range(3, 8, 5, 8, label("col_remarks"), &f.header)?;
    ws.merge_range(4, 3, 4, 4, label("col_first"), &f.header)?;
    ws.merge_range(4, 5, 5, 5, label("col_target"), &f.header)?;
    ws.merge_range(4, 6, 4, 7, label("col_second"), &f.header)?;
    let yes_no = format!("{}・{}", label("answer_yes"), label("answer_no"));
    let checked = tr!(lang, "report.label.checked_on");
    for (col, text) in [
        (3, yes_no.as_str()),
        (4, checked),
        (6, yes_no.as_str()),
        (7, checked),
    ] {
        ws.write_string_with_format(5, col, text, &f.header)?;
    }
    let mut row = CHECKLIST_FIRST_ROW;
    if let Some(g) = &s.gate {
        ws.merge_range(row, 0, row, 8, label("gate"), &f.section)?;
        row += 1;
        write_item(ws, &mut row, g, lang, f)?;
    }
    for sec in &s.sections {
        let title = format!("{}　{}", sec.number, sec.title);
        ws.merge_range(row, 0, row, 8, &title, &f.section)?;
        row += 1;
        for item in &sec.items {
            write_item(ws, &mut row, item, lang, f)?;
        }
    }
    Ok(())
}

/// The vendors with their status, then the coverage matrix (item × facility/vendor), gaps marked.
fn vendors_sheet(
    ws: &mut Worksheet,
    v: &super::vendors::VendorReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let label = |k: &str| v.labels.get(k).copied().unwrap_or("");
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
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
    let lang = if data.lang == "en" {
        Lang::En
    } else {
        Lang::Ja
    };
    let f = formats();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(CHECKLIST_SHEET)?;
        checklist_sheet(ws, data, &data.sheet, lang, &f)?;
    }
    // Each vendor sheet on a tab named after its vendor.
    let mut taken: Vec<String> = [CHECKLIST_SHEET, LEDGER_SHEET, CONTACTS_SHEET, VENDORS_SHEET]
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
        ws.set_name(name)?;
        checklist_sheet(ws, data, vs, lang, &f)?;
    }
    if let Some(v) = &data.vendors {
        let ws = wb.add_worksheet();
        ws.set_name(VENDORS_SHEET)?;
        vendors_sheet(ws, v, &f)?;
    }
    if !data.ledger.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(LEDGER_SHEET)?;
        ws.set_paper_size(A4);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        ws.set_freeze_panes(1, 0)?;
        for (col, h) in ledger_headers(lang).iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &f.header)?;
            ws.set_column_width(col as u16, 14.0)?;
        }
        for (i, r) in data.ledger.iter().enumerate() {
            for (col, v) in r.cells().iter().enumerate() {
                ws.write_string_with_format(i as u32 + 1, col as u16, *v, &f.cell)?;
            }
        }
        ws.autofilter(0, 0, data.ledger.len() as u32, 12)?;
    }
    {
        let t = template_labels(lang);
        let label = |k: &str| t.get(k).copied().unwrap_or("");
        let ws = wb.add_worksheet();
        ws.set_name(CONTACTS_SHEET)?;
        ws.set_paper_size(A4);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        let heads = [
            label("contact_order"),
            label("contact_role"),
            label("contact_name"),
            label("contact_org"),
            label("contact_phone"),
            label("contact_email"),
        ];
        for (col, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &f.header)?;
            ws.set_column_width(col as u16, if col == 0 { 6.0 } else { 20.0 })?;
        }
        for (i, c) in data.contacts.iter().enumerate() {
            let row = i as u32 + 1;
            let org = match (&c.org, &c.system) {
                (Some(o), Some(s)) => format!("{o}（{s}）"),
                (Some(o), None) => o.clone(),
                (None, Some(s)) => format!("（{s}）"),
                (None, None) => String::new(),
            };
            ws.write_number_with_format(row, 0, c.order, &f.center)?;
            for (col, v) in [
                c.role_label.as_str(),
                c.name.as_str(),
                org.as_str(),
                c.phone.as_deref().unwrap_or(""),
                c.email.as_deref().unwrap_or(""),
            ]
            .iter()
            .enumerate()
            {
                ws.write_string_with_format(row, col as u16 + 1, *v, &f.cell)?;
            }
        }
    }
    wb.save_to_buffer()
}
