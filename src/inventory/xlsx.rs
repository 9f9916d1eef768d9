//! xlsx in (calamine) and out (rust_xlsxwriter).
//!
//! In: the sheet named 機器台帳, else the first sheet. Merged cells and formulas are refused
//! with the cell at fault: a merged 設置場所 or a `=A2` 利用者 does not say which row holds what,
//! and guessing would put data on the wrong device. Date cells become `YYYY-MM-DD`.
//!
//! An xlsx is a zip of XML parts, and both layers can claim far more than the file holds: a
//! 3 MB file can inflate to gigabytes, and a 2.5 KB sheet can place cells at A1 and
//! XFD1048576. So the package is checked before calamine opens it (the parts' inflated sizes
//! as the zip declares them, which the zip reader then enforces, and the shared-string count
//! calamine reserves room for), and the sheet is streamed cell by cell, never laid out as a
//! grid: memory follows one row, whatever the sheet declares. The limits are the `MAX_*`
//! constants below, documented in the README. `crate::workbook` (official checklist
//! workbooks) goes through the same package check and cell conversion.
//!
//! Out: a printable ledger: bold shaded header row, repeated on every page, column widths to
//! fit, filters, frozen header, A4 landscape one page wide, page numbers in the footer.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx, XlsxFormulaMetadata};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook};

use super::table::Table;
use super::{ExportError, ImportError, Problem, Problems};

/// The sheet name kensa writes and looks for first.
pub const SHEET_NAME: &str = "機器台帳";

/// Most parts (files inside the zip) an xlsx may have. Excel writes about a dozen for a
/// one-sheet workbook.
pub const MAX_PARTS: usize = 10_000;
/// Largest inflated size of a worksheet part. Worksheets are streamed, so this bounds time,
/// not memory: kensa's own export of 10,000 rows is about 10 MB.
pub const MAX_SHEET_PART_BYTES: u64 = 128 * 1024 * 1024;
/// Largest inflated size of any other part. calamine holds these whole (shared strings,
/// styles, the workbook), so this bounds memory.
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// Largest inflated size of all parts together.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// Most shared strings a workbook may declare: calamine reserves room for the declared count
/// before reading any.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// Columns read: A to IV. The ledger has 19 columns and some more of the officer's own.
pub const MAX_COLUMNS: u32 = 256;
/// The name of the last column read (a test checks it against [`MAX_COLUMNS`]).
pub const LAST_COLUMN: &str = "IV";
/// Excel's own limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Rows and columns of Excel's grid (XFD1048576).
pub(crate) const EXCEL_ROWS: u32 = 1_048_576;
pub(crate) const EXCEL_COLUMNS: u32 = 16_384;

pub use crate::model::grid::cell_ref;
#[cfg(test)]
use crate::model::grid::column_name;

pub(crate) fn xlsx_err(path: &Path, e: impl std::fmt::Display) -> ImportError {
    ImportError::new(path, None, Problem::Xlsx(e.to_string()))
}

/// A worksheet part by its conventional place (`xl/worksheets/sheet1.xml`). Any other part,
/// wherever the workbook's relationships point, gets the smaller limit of parts held whole.
pub(crate) fn is_worksheet_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let (dir, file) = lower.rsplit_once('/').unwrap_or(("", &lower));
    (dir == "worksheets" || dir.ends_with("/worksheets"))
        && file.starts_with("sheet")
        && file.ends_with(".xml")
}

/// The numbers of every `uniqueCount` attribute in the `sst` start tag at the head of a
/// shared-strings part, or `None` when no such tag starts within the head.
fn declared_unique_counts(head: &[u8]) -> Option<Vec<Option<u64>>> {
    let text = String::from_utf8_lossy(head);
    // `<sst` or a prefixed `<x:sst`, followed by a space, `>` or `/`.
    let tag_start = text.match_indices('<').map(|(i, _)| i).find(|&i| {
        let name = &text[i + 1..];
        let local = match name.find([' ', '\t', '\r', '\n', '>', '/']) {
            Some(end) => &name[..end],
            None => return false,
        };
        local == "sst" || local.ends_with(":sst")
    })?;
    let tag = &text[tag_start..];
    let tag = &tag[..tag.find('>')?];
    let mut counts = Vec::new();
    for (at, _) in tag.match_indices("uniqueCount") {
        let rest = tag[at + "uniqueCount".len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next();
        let value = match quote {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => continue,
        };
        counts.push(value.trim().parse::<u64>().ok());
    }
    Some(counts)
}

/// A declared count as calamine reads it (its leading digits); one too long for 64 bits is
/// as good as infinite.
fn declared_count(value: &str) -> u64 {
    let v = value.trim();
    let digits = &v[..v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len())];
    if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap_or(u64::MAX)
    }
}

/// How much of a shared-strings part is searched for its `sst` tag. Excel puts it right after
/// the XML declaration.
const SHARED_STRINGS_HEAD: u64 = 64 * 1024;

/// Check the zip before calamine reads anything: how many parts, what each inflates to (the
/// zip reader stops any part at its declared size, so the declared sizes are what counts),
/// and how many shared strings are declared.
pub(crate) fn check_package(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| xlsx_err(path, e))?;
    if zip.len() > MAX_PARTS {
        return Err(ImportError::new(
            path,
            None,
            Problem::XlsxTooManyParts {
                count: zip.len(),
                limit: MAX_PARTS,
            },
        ));
    }
    let mut total: u64 = 0;
    let mut shared_strings = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|e| xlsx_err(path, e))?;
        let name = entry.name().map_err(|e| xlsx_err(path, e))?.into_owned();
        let size = entry.size();
        let limit = if is_worksheet_part(&name) {
            MAX_SHEET_PART_BYTES
        } else {
            MAX_PART_BYTES
        };
        if size > limit {
            return Err(ImportError::new(
                path,
                None,
                Problem::XlsxPartTooLarge {
                    part: name,
                    size,
                    limit,
                },
            ));
        }
        total = total.saturating_add(size);
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            shared_strings.push((i, name));
        }
    }
    if total > MAX_INFLATED_BYTES {
        return Err(ImportError::new(
            path,
            None,
            Problem::XlsxTooLarge {
                size: total,
                limit: MAX_INFLATED_BYTES,
            },
        ));
    }
    // Ranges written backwards make calamine subtract past zero, and references past the
    // sheet's last column or row overflow its 32-bit arithmetic (a panic where overflow is
    // checked, nonsense where it wraps): refused before it sees the file. Each worksheet part
    // is read once more, in chunks.
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| xlsx_err(path, e))?;
        let name = part.name().map_err(|e| xlsx_err(path, e))?.into_owned();
        if !is_worksheet_part(&name) {
            continue;
        }
        if let Some(bad) = super::xml_scan::bad_range(part).map_err(|e| xlsx_err(path, e))? {
            return Err(ImportError::new(
                path,
                None,
                Problem::Xlsx(format!("{name}: {bad}")),
            ));
        }
    }
    for (i, name) in shared_strings {
        let mut head = Vec::new();
        {
            let mut part = zip.by_index(i).map_err(|e| xlsx_err(path, e))?;
            (&mut part)
                .take(SHARED_STRINGS_HEAD)
                .read_to_end(&mut head)
                .map_err(|e| xlsx_err(path, e))?;
        }
        // A shared-strings part must open with its `sst` tag; its counts are read below.
        declared_unique_counts(&head).ok_or_else(|| {
            ImportError::new(path, None, Problem::XlsxDamaged { part: name.clone() })
        })?;
        // calamine reserves room for the count of *every* `sst` start tag it meets, wherever it
        // is in the part and whichever of a repeated attribute: the whole part is searched, and
        // every `uniqueCount` in it counts, inside a tag as a strict reader would delimit it or
        // not (see `xml_scan::bad_range` for what calamine's parser reads as attributes).
        let mut declared = 0;
        let part = zip.by_index(i).map_err(|e| xlsx_err(path, e))?;
        super::xml_scan::scan(part, &mut |text| {
            for v in super::xml_scan::attr_values(text, "uniqueCount") {
                declared = declared.max(declared_count(&v));
            }
        })
        .map_err(|e| xlsx_err(path, e))?;
        if declared > MAX_SHARED_STRINGS {
            return Err(ImportError::new(
                path,
                None,
                Problem::XlsxSharedStrings {
                    declared,
                    limit: MAX_SHARED_STRINGS,
                },
            ));
        }
    }
    Ok(())
}

/// A cell as text. Whole numbers lose the `.0` Excel stores (管理番号 typed as 1 is `1`).
/// `Err` for an error value (#N/A …).
pub(crate) fn cell_text(d: &DataRef) -> Result<String, ()> {
    let number = |f: f64| {
        if f.fract() == 0.0 && f.abs() < 1e15 {
            // Whole and below 2^53: exact as an integer.
            format!("{}", f as i64)
        } else {
            f.to_string()
        }
    };
    Ok(match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // calamine converts serials from 1900 to 9999 only; anything else stays a number,
        // which the date columns then refuse by its value.
        DataRef::DateTime(dt) if !(0.0..2_958_466.0).contains(&dt.as_f64()) => number(dt.as_f64()),
        DataRef::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        DataRef::DateTimeIso(s) => match s.split_once('T') {
            Some((date, "00:00:00")) => date.to_string(),
            _ => s.clone(),
        },
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) => return Err(()),
    })
}

/// Characters of a cell's text, without building it.
pub(crate) fn cell_chars(d: &DataRef) -> usize {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.chars().count(),
        DataRef::SharedString(s) => s.chars().count(),
        _ => 0,
    }
}

/// Read the ledger sheet row by row: `row(line, cells, problems)` for every row that has
/// cells, with cells aligned to column A. Problems go to `problems`; rows with a problem are
/// still passed on, so every problem of the file is found. `Err` for a package that is
/// refused as a whole.
pub fn read_rows(
    path: &Path,
    bytes: &[u8],
    problems: &mut Problems,
    row: &mut dyn FnMut(usize, Vec<String>, &mut Problems),
) -> Result<(), ImportError> {
    check_package(path, bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_err(path, e))?;
    let names = wb.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.as_str() == SHEET_NAME)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| xlsx_err(path, "no worksheet"))?;
    let merges = wb
        .merge_cells_by_sheet_name(&sheet)
        .map_err(|e| xlsx_err(path, e))?;
    for m in &merges {
        problems.push(ImportError::new(
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
    drop(merges);
    let mut cells = wb
        .worksheet_cells_reader(&sheet)
        .map_err(|e| xlsx_err(path, e))?;
    // The declared range is never used to allocate; one beyond Excel's own grid is a damaged
    // or forged file.
    let declared = cells.dimensions();
    if declared.end.0 >= EXCEL_ROWS || declared.end.1 >= EXCEL_COLUMNS {
        return Err(ImportError::new(
            path,
            None,
            Problem::XlsxBeyondGrid {
                sheet,
                range: format!(
                    "{}:{}",
                    cell_ref(declared.start.0, declared.start.1),
                    cell_ref(declared.end.0, declared.end.1)
                ),
            },
        ));
    }
    // Shared formulas by index: the anchor's text and cell, for naming the formula of the
    // cells that reuse it. Kept only while problems are still being listed.
    let mut shared: HashMap<usize, (String, (u32, u32))> = HashMap::new();
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut flush = |current: &mut Option<(u32, Vec<String>)>, problems: &mut Problems| {
        if let Some((r, cells)) = current.take() {
            row(r as usize + 1, cells, problems);
        }
    };
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(|e| xlsx_err(path, e))?
    {
        let (r, c) = cell.pos;
        if current.as_ref().is_some_and(|(cur, _)| *cur != r) {
            flush(&mut current, problems);
        }
        let line = Some(r as usize + 1);
        if let Some(f) = cell.formula {
            let formula = match f {
                XlsxFormulaMetadata::Normal { formula } => formula,
                XlsxFormulaMetadata::Shared {
                    shared_index,
                    formula,
                    ..
                } => {
                    if !problems.full() {
                        shared.insert(shared_index, (formula.clone(), (r, c)));
                    }
                    formula
                }
                XlsxFormulaMetadata::SharedDerived { shared_index } => shared
                    .get(&shared_index)
                    .and_then(|(f, at)| calamine::expand_shared_formula(f, *at, (r, c)).ok())
                    .unwrap_or_else(|| "…".to_string()),
                _ => "…".to_string(),
            };
            problems.push(ImportError::new(
                path,
                line,
                Problem::Formula {
                    cell: cell_ref(r, c),
                    formula: format!("={formula}"),
                },
            ));
            continue;
        }
        if cell.value == DataRef::Empty {
            continue;
        }
        if c >= MAX_COLUMNS {
            problems.push(ImportError::new(
                path,
                line,
                Problem::XlsxBeyondColumns {
                    sheet: sheet.clone(),
                    cell: cell_ref(r, c),
                },
            ));
            continue;
        }
        let chars = cell_chars(&cell.value);
        if chars > MAX_CELL_CHARS {
            problems.push(ImportError::new(
                path,
                line,
                Problem::CellTooLong {
                    cell: cell_ref(r, c),
                    chars,
                    limit: MAX_CELL_CHARS,
                },
            ));
            continue;
        }
        let text = match cell_text(&cell.value) {
            Ok(t) => t,
            Err(()) => {
                problems.push(ImportError::new(
                    path,
                    line,
                    Problem::CellError {
                        cell: cell_ref(r, c),
                    },
                ));
                continue;
            }
        };
        let (_, row_cells) = current.get_or_insert_with(|| (r, Vec::new()));
        // c < MAX_COLUMNS, so a row holds at most 256 cells.
        let c = c as usize;
        if row_cells.len() <= c {
            row_cells.resize(c + 1, String::new());
        }
        row_cells[c] = text;
    }
    flush(&mut current, problems);
    Ok(())
}

/// The ledger sheet as a table of text cells (every row held; [`read_rows`] streams them).
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Table, Vec<ImportError>> {
    let mut problems = Problems::default();
    let mut table = Table::default();
    read_rows(path, &bytes, &mut problems, &mut |line, cells, _| {
        table.rows.push((line, cells))
    })
    .map_err(|e| vec![e])?;
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems.into_sorted_vec(path))
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
    let problem = |e: ExportError| match e {
        ExportError::Problem(p) => p,
        other => Problem::Xlsx(other.to_string()),
    };
    let mut widths = ColumnWidths::default();
    for row in rows {
        widths.see(row);
    }
    let (header, body) = rows
        .split_first()
        .map_or((&[][..], &[][..]), |(h, b)| (h.as_slice(), b));
    let mut w = LedgerWriter::new(header, &widths, date_columns, None).map_err(problem)?;
    for row in body {
        w.row(row).map_err(problem)?;
    }
    let mut out = Cursor::new(Vec::new());
    w.finish(&mut out).map_err(problem)?;
    Ok(out.into_inner())
}

/// Column widths to fit the text, in character cells (Japanese characters take two), seen
/// one row at a time.
#[derive(Debug, Default, Clone)]
pub struct ColumnWidths(Vec<usize>);

impl ColumnWidths {
    pub fn see(&mut self, row: &[String]) {
        use unicode_width::UnicodeWidthStr;
        if self.0.len() < row.len() {
            self.0.resize(row.len(), 6);
        }
        for (w, cell) in self.0.iter_mut().zip(row) {
            let longest = cell.lines().map(|l| l.width()).max().unwrap_or(0);
            *w = (*w).max(longest);
        }
    }
}

/// The printable ledger written one row at a time: the sheet is in rust_xlsxwriter's
/// constant-memory mode, which keeps one row in memory and spools the rest to a temporary
/// file, so the export of a large ledger does not hold it.
pub struct LedgerWriter {
    wb: Workbook,
    text: Format,
    quoted: Format,
    date: Format,
    date_columns: Vec<usize>,
    /// The next row to write (the header is row 0).
    next_row: u32,
    ncols: usize,
}

fn xlsx_problem(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Problem(Problem::Xlsx(e.to_string()))
}

impl LedgerWriter {
    /// Start the workbook with its header row. Column widths must be known before the first
    /// row (a first pass over the ledger). The sheet's temporary file goes to `tempdir`, or
    /// the system's.
    pub fn new(
        header: &[String],
        widths: &ColumnWidths,
        date_columns: &[usize],
        tempdir: Option<&Path>,
    ) -> Result<LedgerWriter, ExportError> {
        let mut wb = Workbook::new();
        if let Some(dir) = tempdir {
            wb.set_tempdir(dir).map_err(xlsx_problem)?;
        }
        let font = "Yu Gothic";
        let header_format = Format::new()
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
        let ws = wb
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_problem)?;
        ws.set_name(SHEET_NAME).map_err(xlsx_problem)?;
        let too_many = || ExportError::Problem(Problem::Xlsx("too many columns".into()));
        for (c, w) in widths.0.iter().enumerate() {
            let c16 = u16::try_from(c).map_err(|_| too_many())?;
            // Character cells, capped so one long 説明 does not push the sheet off the page.
            ws.set_column_width(c16, (*w).clamp(6, 40) as f64 + 2.0)
                .map_err(xlsx_problem)?;
        }
        for (c, cell) in header.iter().enumerate() {
            let c16 = u16::try_from(c).map_err(|_| too_many())?;
            ws.write_string_with_format(0, c16, cell, &header_format)
                .map_err(xlsx_problem)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_problem)?;
        ws.set_repeat_rows(0, 0).map_err(xlsx_problem)?;
        ws.set_landscape();
        // 9 = A4.
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_header(format!("&C&\"{font},Bold\"{SHEET_NAME}"));
        ws.set_footer("&C&P / &N");
        Ok(LedgerWriter {
            wb,
            text,
            quoted,
            date,
            date_columns: date_columns.to_vec(),
            next_row: 1,
            ncols: header.len(),
        })
    }

    pub fn row(&mut self, cells: &[String]) -> Result<(), ExportError> {
        let r = self.next_row;
        let ws = self.wb.worksheet_from_index(0).map_err(xlsx_problem)?;
        for (c, cell) in cells.iter().enumerate() {
            let c16 = u16::try_from(c)
                .map_err(|_| ExportError::Problem(Problem::Xlsx("too many columns".into())))?;
            if self.date_columns.contains(&c)
                && let Some(d) = as_date(cell)
            {
                ws.write_datetime_with_format(r, c16, d, &self.date)
                    .map_err(xlsx_problem)?;
            } else if super::needs_neutralising(cell) {
                ws.write_string_with_format(r, c16, cell, &self.quoted)
                    .map_err(xlsx_problem)?;
            } else {
                ws.write_string_with_format(r, c16, cell, &self.text)
                    .map_err(xlsx_problem)?;
            }
        }
        self.next_row = r
            .checked_add(1)
            .ok_or_else(|| ExportError::Problem(Problem::Xlsx("too many rows".into())))?;
        Ok(())
    }

    /// Add the filter over every row written and save the workbook to `out`.
    pub fn finish<W: std::io::Write + std::io::Seek + Send>(
        mut self,
        out: W,
    ) -> Result<(), ExportError> {
        let last_row = self.next_row.saturating_sub(1);
        let last_col = u16::try_from(self.ncols.saturating_sub(1)).unwrap_or(0);
        let ws = self.wb.worksheet_from_index(0).map_err(xlsx_problem)?;
        ws.autofilter(0, 0, last_row, last_col)
            .map_err(xlsx_problem)?;
        self.wb.save_to_writer(out).map_err(xlsx_problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook written by rust_xlsxwriter (header row on 機器台帳) with some parts replaced
    /// or added, each as (name, content).
    fn with_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_NAME).unwrap();
        ws.write_string(0, 0, "管理番号").unwrap();
        let base = wb.save_to_buffer().unwrap();
        let mut src = zip::ZipArchive::new(Cursor::new(base)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        for i in 0..src.len() {
            let f = src.by_index(i).unwrap();
            if !parts.iter().any(|(n, _)| *n == f.name().unwrap()) {
                out.raw_copy_file(f).unwrap();
            }
        }
        for (name, content) in parts {
            out.start_file(*name, opts).unwrap();
            out.write_all(content).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn sheet_xml(dimension: &str, cells: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
             <dimension ref=\"{dimension}\"/><sheetData>{cells}</sheetData></worksheet>"
        )
        .into_bytes()
    }

    const SHEET_PART: &str = "xl/worksheets/sheet1.xml";

    fn problems(bytes: Vec<u8>) -> Vec<Problem> {
        read(Path::new("t.xlsx"), bytes)
            .unwrap_err()
            .into_iter()
            .map(|e| e.problem)
            .collect()
    }

    #[test]
    fn cells_spanning_the_whole_grid_are_read_without_the_grid() {
        // 2.5 KB that calamine's range API lays out as 1,048,576 × 16,384 cells (512 GiB).
        let sheet = sheet_xml(
            "A1:XFD1048576",
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>管理番号</t></is></c></row>\
             <row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        );
        let bytes = with_parts(&[(SHEET_PART, &sheet)]);
        assert!(bytes.len() < 8 * 1024, "{}", bytes.len());
        assert_eq!(
            problems(bytes),
            [Problem::XlsxBeyondColumns {
                sheet: SHEET_NAME.into(),
                cell: "XFD1048576".into(),
            }]
        );
        // The same span with the far cell inside the columns read: two rows, no grid.
        let sheet = sheet_xml(
            "A1:XFD1048576",
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>\
             <row r=\"1048576\"><c r=\"IV1048576\" t=\"inlineStr\"><is><t>b</t></is></c></row>",
        );
        let t = read(Path::new("t.xlsx"), with_parts(&[(SHEET_PART, &sheet)])).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!((t.rows[1].0, t.rows[1].1.len()), (1_048_576, 256));
        // A declared range beyond Excel's grid is a forged file: refused, by the package check
        // of every reference before calamine reads it, with the part and the reference named.
        let sheet = sheet_xml("A1:XFE1", "");
        let p = problems(with_parts(&[(SHEET_PART, &sheet)]));
        assert!(
            matches!(&p[..], [Problem::Xlsx(m)] if m.contains("A1:XFE1") && m.contains(SHEET_PART)),
            "{p:?}"
        );
    }

    #[test]
    fn parts_that_inflate_beyond_the_limits_are_refused_before_reading() {
        // A shared-strings part of 17 MiB (deflated to a few KB), over the 16 MiB of a part
        // held whole.
        let mut strings =
            b"<?xml version=\"1.0\"?><sst count=\"1\" uniqueCount=\"1\"><si><t>".to_vec();
        strings.resize(17 * 1024 * 1024, b'x');
        strings.extend_from_slice(b"</t></si></sst>");
        let bytes = with_parts(&[("xl/sharedStrings.xml", &strings)]);
        assert!(bytes.len() < 256 * 1024, "{}", bytes.len());
        assert_eq!(
            problems(bytes),
            [Problem::XlsxPartTooLarge {
                part: "xl/sharedStrings.xml".into(),
                size: strings.len() as u64,
                limit: MAX_PART_BYTES
            }]
        );
        // Three worksheet parts declaring 100 MiB each: each under its own limit, 300 MiB
        // together. (Declared sizes are what is checked, and what the zip reader enforces.)
        let mut bytes = with_parts(&[
            ("xl/worksheets/sheet2.xml", b" "),
            ("xl/worksheets/sheet3.xml", b" "),
            ("xl/worksheets/sheet4.xml", b" "),
        ]);
        for part in ["sheet2", "sheet3", "sheet4"] {
            declare_size(&mut bytes, &format!("xl/worksheets/{part}.xml"), 100 << 20);
        }
        assert!(matches!(
            problems(bytes)[..],
            [Problem::XlsxTooLarge { size, limit: MAX_INFLATED_BYTES }] if size > 300 << 20
        ));
    }

    /// Patch the uncompressed size `part` declares, in its local header (offset 22) and its
    /// central directory entry (offset 24).
    fn declare_size(bytes: &mut [u8], part: &str, size: u32) {
        let name = part.as_bytes();
        for (sig, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
            let at = (0..bytes.len() - name.len() - name_at)
                .find(|&i| bytes[i..].starts_with(sig) && bytes[i + name_at..].starts_with(name))
                .unwrap();
            bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
    }

    #[test]
    fn a_part_larger_than_it_declares_is_stopped_at_its_declared_size() {
        let mut cells = String::new();
        for r in 1..=20_000 {
            cells.push_str(&format!(
                "<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>"
            ));
        }
        let sheet = sheet_xml("A1:A20000", &cells);
        let mut bytes = with_parts(&[(SHEET_PART, &sheet)]);
        declare_size(&mut bytes, SHEET_PART, 1000);
        let p = problems(bytes);
        assert!(
            matches!(&p[..], [Problem::Xlsx(d)] if d.contains("declared")),
            "{p:?}"
        );
    }

    #[test]
    fn a_forged_shared_string_count_is_refused() {
        // calamine reserves room for the declared count before reading a single string.
        let forged: [(&[u8], u64); 3] = [
            (
                b"<?xml version=\"1.0\"?>\n<sst xmlns=\"x\" count=\"1\" \
                uniqueCount=\"4000000000\"><si><t>a</t></si></sst>",
                4_000_000_000,
            ),
            // The xlsx_import fuzz target's crash of 2026-11-30: a second `sst` start tag,
            // after a first that declares nothing, whose count calamine reserved room for.
            (
                b"<?xml version=\"1.0\"?>\n<sst xmlns=\"x\" count=\"68\"yes\"?>\n\
                <sst xmlns=\"x\" count=\"68\" uniqueCount=\"010961633333333333><si><t>a</t></si></sst>",
                10_961_633_333_333_333,
            ),
            // The count after a `>` inside another attribute's quotes, which calamine's parser
            // reads as inside the tag.
            (
                b"<?xml version=\"1.0\"?>\n<sst xmlns=\"x\" x=\">\" \
                uniqueCount=\"4000000000\"><si><t>a</t></si></sst>",
                4_000_000_000,
            ),
        ];
        for (strings, declared) in forged {
            assert_eq!(
                problems(with_parts(&[("xl/sharedStrings.xml", strings)])),
                [Problem::XlsxSharedStrings {
                    declared,
                    limit: MAX_SHARED_STRINGS
                }]
            );
        }
        let padded = [
            b"<?xml version=\"1.0\"?><!--".as_slice(),
            &[b'x'; 70_000],
            b"--><sst/>",
        ]
        .concat();
        assert!(matches!(
            problems(with_parts(&[("xl/sharedStrings.xml", &padded)]))[..],
            [Problem::XlsxDamaged { .. }]
        ));
        assert_eq!(
            declared_unique_counts(b"<x:sst count='2' uniqueCount = '7'>"),
            Some(vec![Some(7)])
        );
        assert_eq!(declared_unique_counts(b"<sstx>"), None);
        assert_eq!(declared_count(" 12x"), 12);
        assert_eq!(declared_count("99999999999999999999999"), u64::MAX);
        assert_eq!(declared_count("x"), 0);
    }

    #[test]
    fn problems_are_capped_per_file() {
        let mut cells = String::from(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>管理番号</t></is></c></row>",
        );
        for r in 2..=1000 {
            cells.push_str(&format!(
                "<row r=\"{r}\"><c r=\"B{r}\" t=\"e\"><v>#N/A</v></c></row>"
            ));
        }
        let p = problems(with_parts(&[(SHEET_PART, &sheet_xml("A1:B1000", &cells))]));
        assert_eq!(p.len(), crate::inventory::MAX_PROBLEMS_PER_FILE + 1);
        assert_eq!(
            p.last(),
            Some(&Problem::MoreProblems {
                count: 999 - crate::inventory::MAX_PROBLEMS_PER_FILE
            })
        );
    }

    #[test]
    fn references() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(2, 25), "Z3");
        assert_eq!(cell_ref(9, 26), "AA10");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
        assert_eq!(column_name(MAX_COLUMNS - 1), LAST_COLUMN);
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

    /// A `<dimension>` or `<mergeCell>` written backwards overflowed inside calamine (found by
    /// fuzzing the official-workbook reader, which shares this path): refused by name.
    #[test]
    fn ranges_written_backwards_are_refused_before_calamine() {
        for (dimension, merge) in [
            ("C3:A1", ""),
            (
                "A1:B2",
                "<mergeCells count=\"1\"><mergeCell ref=\"B2:A1\"/></mergeCells>",
            ),
        ] {
            let sheet = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                 <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
                 <dimension ref=\"{dimension}\"/><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">\
                 <is><t>管理番号</t></is></c></row></sheetData>{merge}</worksheet>"
            );
            let p = problems(with_parts(&[(SHEET_PART, sheet.as_bytes())]));
            assert!(
                matches!(&p[..], [Problem::Xlsx(m)] if m.contains("written backwards")),
                "{p:?}"
            );
        }
    }

    /// The `xlsx_import` fuzz target's crash of 2026-11-30: a cell whose reference has ten
    /// letters overflowed calamine's column arithmetic.
    #[test]
    fn references_past_the_sheet_are_refused_before_calamine() {
        // As the first, the second and the fourth fuzz crashes had them: one reference, the
        // attribute repeated, the repeat written with no space before it.
        for (attrs, r) in [
            (r#"r="Minventory.e2""#, "Minventory.e2"),
            (r#"r="XFE1""#, "XFE1"),
            (r#"r="A99999999999""#, "A99999999999"),
            (r#"r="A1" s="0" r="ZZZZZ1""#, "ZZZZZ1"),
            (r#"r="A1" s="0"r="hhformats.org""#, "hhformats.org"),
            (r#"s=">" r="ZZZZZZZZ1""#, "ZZZZZZZZ1"),
            (r#"s="<" x=">" r="ZZZZZZZZ1""#, "ZZZZZZZZ1"),
        ] {
            let sheet = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                 <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
                 xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
                 <sheetData><row r=\"1\"><c {attrs} t=\"inlineStr\">\
                 <is><t>管理番号</t></is></c></row></sheetData></worksheet>"
            );
            let p = problems(with_parts(&[(SHEET_PART, sheet.as_bytes())]));
            assert!(
                matches!(&p[..], [Problem::Xlsx(m)] if m.contains(r) && m.contains("XFD")),
                "{r}: {p:?}"
            );
        }
    }
}
