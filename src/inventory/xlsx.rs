//! xlsx in (calamine) and out (rust_xlsxwriter).
//!
//! In: the sheet named 機器台帳, else the first sheet. Merged cells and formulas are refused
//! with the cell at fault: a merged 設置場所 or a `=A2` 利用者 does not say which row holds what,
//! and guessing would put data on the wrong device. Date cells become `YYYY-MM-DD`.
//!
//! Out: a printable ledger: bold shaded header row, repeated on every page, column widths to
//! fit, filters, frozen header, A4 landscape one page wide, page numbers in the footer.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook};

use super::table::Table;
use super::{ImportError, Problem};

/// The sheet name kensa writes and looks for first.
pub const SHEET_NAME: &str = "機器台帳";

/// `A1`-style reference of a 0-based cell.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut name = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        name.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

fn xlsx_err(path: &Path, e: impl std::fmt::Display) -> Vec<ImportError> {
    vec![ImportError::new(path, None, Problem::Xlsx(e.to_string()))]
}

/// A cell as text. Whole numbers lose the `.0` Excel stores (管理番号 typed as 1 is `1`).
fn cell_text(d: &Data) -> Result<String, ()> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, "00:00:00")) => date.to_string(),
            _ => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) => return Err(()),
    })
}

pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Table, Vec<ImportError>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_err(path, e))?;
    let names = wb.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.as_str() == SHEET_NAME)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| xlsx_err(path, "no worksheet"))?;
    let range = wb.worksheet_range(&sheet).map_err(|e| xlsx_err(path, e))?;
    let formulas = wb
        .worksheet_formula(&sheet)
        .map_err(|e| xlsx_err(path, e))?;
    let merges = wb
        .merge_cells_by_sheet_name(&sheet)
        .map_err(|e| xlsx_err(path, e))?;
    let mut errors = Vec::new();
    for m in &merges {
        errors.push(ImportError::new(
            path,
            Some(m.start.0 as usize + 1),
            Problem::MergedCells {
                range: format!(
                    "{}:{}",
                    cell_ref(m.start.0, m.start.1),
                    cell_ref(m.end.0, m.end.1)
                ),
            },
        ));
    }
    for (row, col, f) in formulas.used_cells() {
        if f.is_empty() {
            continue;
        }
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        let (r, c) = (r0 + row as u32, c0 + col as u32);
        errors.push(ImportError::new(
            path,
            Some(r as usize + 1),
            Problem::Formula {
                cell: cell_ref(r, c),
                formula: format!("={f}"),
            },
        ));
    }
    let mut table = Table::default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (i, row) in range.rows().enumerate() {
        let r = r0 + i as u32;
        // Keep cells aligned with column A whatever the used range's first column.
        let mut cells = vec![String::new(); c0 as usize];
        for (j, d) in row.iter().enumerate() {
            match cell_text(d) {
                Ok(t) => cells.push(t),
                Err(()) => {
                    errors.push(ImportError::new(
                        path,
                        Some(r as usize + 1),
                        Problem::CellError {
                            cell: cell_ref(r, c0 + j as u32),
                        },
                    ));
                    cells.push(String::new());
                }
            }
        }
        table.rows.push((r as usize + 1, cells));
    }
    if errors.is_empty() {
        Ok(table)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Columns written as Excel dates when their text is a date.
fn as_date(s: &str) -> Option<ExcelDateTime> {
    let d = crate::model::wareki::parse_date(s).ok()?;
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

/// Write the export table (header first) as a formatted, printable ledger.
pub fn write(rows: &[Vec<String>], date_columns: &[usize]) -> Result<Vec<u8>, Problem> {
    use unicode_width::UnicodeWidthStr;
    let err = |e: rust_xlsxwriter::XlsxError| Problem::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME).map_err(err)?;
    let font = "Yu Gothic";
    let header = Format::new()
        .set_font_name(font)
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let text = Format::new()
        .set_font_name(font)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_num_format("@");
    // Shown as typed, never run as a formula (Excel's own 'leading apostrophe' flag).
    let quoted = text.clone().set_quote_prefix();
    let date = Format::new()
        .set_font_name(font)
        .set_border(FormatBorder::Thin)
        .set_num_format("yyyy/m/d");
    let ncols = rows.first().map(Vec::len).unwrap_or(0);
    let mut widths = vec![6usize; ncols];
    for (r, row) in rows.iter().enumerate() {
        let r32 = u32::try_from(r).map_err(|_| Problem::Xlsx("too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c16 = u16::try_from(c).map_err(|_| Problem::Xlsx("too many columns".into()))?;
            let longest = cell.lines().map(|l| l.width()).max().unwrap_or(0);
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(longest);
            }
            if r == 0 {
                ws.write_string_with_format(r32, c16, cell, &header)
                    .map_err(err)?;
            } else if date_columns.contains(&c)
                && let Some(d) = as_date(cell)
            {
                ws.write_datetime_with_format(r32, c16, d, &date)
                    .map_err(err)?;
            } else if super::needs_neutralising(cell) {
                ws.write_string_with_format(r32, c16, cell, &quoted)
                    .map_err(err)?;
            } else {
                ws.write_string_with_format(r32, c16, cell, &text)
                    .map_err(err)?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let c16 = u16::try_from(c).map_err(|_| Problem::Xlsx("too many columns".into()))?;
        // Character cells, capped so one long 説明 does not push the sheet off the page.
        ws.set_column_width(c16, (*w).clamp(6, 40) as f64 + 2.0)
            .map_err(err)?;
    }
    let last_row = u32::try_from(rows.len().saturating_sub(1)).unwrap_or(0);
    let last_col = u16::try_from(ncols.saturating_sub(1)).unwrap_or(0);
    ws.autofilter(0, 0, last_row, last_col).map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.set_repeat_rows(0, 0).map_err(err)?;
    ws.set_landscape();
    // 9 = A4.
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&C&\"{font},Bold\"{SHEET_NAME}"));
    ws.set_footer("&C&P / &N");
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(2, 25), "Z3");
        assert_eq!(cell_ref(9, 26), "AA10");
    }

    #[test]
    fn written_ledger_reads_back() {
        let rows = vec![
            vec![
                "管理番号".to_string(),
                "登録日".to_string(),
                "説明".to_string(),
            ],
            vec![
                "001".to_string(),
                "2020/12/01".to_string(),
                "=1+1".to_string(),
            ],
        ];
        let bytes = write(&rows, &[1]).unwrap();
        let t = read(Path::new("t.xlsx"), bytes).unwrap();
        assert_eq!(t.rows[0].1, ["管理番号", "登録日", "説明"]);
        assert_eq!(t.rows[1].1, ["001", "2020-12-01", "=1+1"]);
        assert_eq!(t.rows[1].0, 2);
    }

    #[test]
    fn merged_cells_and_formulas_are_refused() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "管理番号").unwrap();
        ws.merge_range(1, 0, 1, 2, "merged", &Format::new())
            .unwrap();
        ws.write_formula(2, 1, "=A1").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let e = read(Path::new("t.xlsx"), bytes).unwrap_err();
        assert_eq!(
            e.iter().map(|e| &e.problem).collect::<Vec<_>>(),
            [
                &Problem::MergedCells {
                    range: "A2:C2".into()
                },
                &Problem::Formula {
                    cell: "B3".into(),
                    formula: "=A1".into()
                }
            ]
        );
        assert!(read(Path::new("t.xlsx"), b"PK\x03\x04garbage".to_vec()).is_err());
    }
}
