//! Reading an official checklist workbook (or a hospital's filled copy of one) into the neutral
//! grid of `model::grid`: every worksheet's text cells, merged ranges, hidden rows and
//! columns, formula cells, and the shapes and pictures drawn over it.
//!
//! The package goes through the same guards as the 機器台帳 import
//! (`inventory::xlsx::check_package`: part count, declared inflated sizes, shared-string count)
//! before calamine reads anything, and cells are streamed. Unlike a ledger, a checklist is
//! small, so the grid is held whole, within [`MAX_CELLS`] cells and [`MAX_TEXT_BYTES`] of text.
//! What calamine does not expose (hidden rows and columns, drawings) is read from the parts
//! themselves: the worksheet part is scanned in chunks, never inflated whole.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};

use crate::inventory::ImportError;
use crate::inventory::xlsx::{EXCEL_COLUMNS, EXCEL_ROWS, MAX_CELL_CHARS, cell_text, check_package};
use crate::inventory::xml_scan::{self, attr, tags};
use crate::model::grid::{Book, Grid, Shape, Span, cell_ref};

/// Most worksheets read. The official workbooks have one to three.
pub const MAX_SHEETS: usize = 64;
/// Most non-empty cells over all sheets. An official checklist has a few hundred.
pub const MAX_CELLS: usize = 200_000;
/// Most bytes of cell text over all sheets.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;
/// Rows and columns read: a checklist fits well inside.
pub const MAX_ROWS: u32 = 20_000;
pub const MAX_COLUMNS: u32 = 256;

/// Why a workbook could not be read at all.
#[derive(Debug)]
pub enum ReadError {
    /// Refused by the package guards shared with the ledger import (worded there).
    Package(ImportError),
    /// Not a readable xlsx (calamine's or the zip reader's words).
    Xlsx(String),
    TooManySheets {
        count: usize,
        limit: usize,
    },
    TooManyCells {
        sheet: String,
        limit: usize,
    },
    BeyondGrid {
        sheet: String,
        cell: String,
    },
    CellTooLong {
        sheet: String,
        cell: String,
        chars: usize,
    },
    /// An error value (#N/A, #REF! …) in a cell.
    CellError {
        sheet: String,
        cell: String,
    },
}

fn xlsx(e: impl std::fmt::Display) -> ReadError {
    ReadError::Xlsx(e.to_string())
}

/// Read every worksheet of `bytes` (the file at `path`, named in messages).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Book, ReadError> {
    check_package(path, bytes).map_err(ReadError::Package)?;
    let parts = Parts::new(bytes)?;
    parts.check_ranges()?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx)?;
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    if sheets.len() > MAX_SHEETS {
        return Err(ReadError::TooManySheets {
            count: sheets.len(),
            limit: MAX_SHEETS,
        });
    }
    let sheet_parts = parts.sheet_parts();
    let mut book = Book::default();
    let mut cells_left = MAX_CELLS;
    let mut bytes_left = MAX_TEXT_BYTES;
    for (name, hidden) in sheets {
        let mut grid = Grid::new(&name);
        grid.hidden = hidden;
        grid.merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(xlsx)?
            .iter()
            .map(|m| Span {
                r0: m.start.0,
                c0: m.start.1,
                r1: m.end.0,
                c1: m.end.1,
            })
            .collect();
        let mut reader = wb.worksheet_cells_reader(&name).map_err(xlsx)?;
        let declared = reader.dimensions();
        if declared.end.0 >= EXCEL_ROWS || declared.end.1 >= EXCEL_COLUMNS {
            return Err(ReadError::BeyondGrid {
                sheet: name,
                cell: cell_ref(declared.end.0, declared.end.1),
            });
        }
        while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(xlsx)? {
            let (r, c) = cell.pos;
            if cell.formula.is_some() {
                grid.formulas.push((r, c));
                if grid.formulas.len() > MAX_CELLS {
                    return Err(ReadError::TooManyCells {
                        sheet: name,
                        limit: MAX_CELLS,
                    });
                }
            }
            if cell.value == DataRef::Empty {
                continue;
            }
            if r >= MAX_ROWS || c >= MAX_COLUMNS {
                return Err(ReadError::BeyondGrid {
                    sheet: name,
                    cell: cell_ref(r, c),
                });
            }
            let text = cell_text(&cell.value).map_err(|()| ReadError::CellError {
                sheet: name.clone(),
                cell: cell_ref(r, c),
            })?;
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(ReadError::CellTooLong {
                    sheet: name,
                    cell: cell_ref(r, c),
                    chars,
                });
            }
            if text.trim().is_empty() {
                continue;
            }
            cells_left = cells_left.checked_sub(1).ok_or(ReadError::TooManyCells {
                sheet: name.clone(),
                limit: MAX_CELLS,
            })?;
            bytes_left = bytes_left
                .checked_sub(text.len())
                .ok_or(ReadError::TooManyCells {
                    sheet: name.clone(),
                    limit: MAX_CELLS,
                })?;
            grid.cells.insert((r, c), text);
        }
        drop(reader);
        if let Some(part) = sheet_parts.get(&name) {
            let (rows, cols) = parts.hidden_rows_and_cols(part)?;
            grid.hidden_rows = rows;
            grid.hidden_cols = cols;
            let (shapes, pictures) = parts.drawings_of(part)?;
            grid.shapes = shapes;
            grid.pictures = pictures;
        }
        book.sheets.push(grid);
    }
    Ok(book)
}

/// The package's parts, for what calamine does not read.
struct Parts<'a> {
    bytes: &'a [u8],
    names: Vec<String>,
}

impl<'a> Parts<'a> {
    fn new(bytes: &'a [u8]) -> Result<Parts<'a>, ReadError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(xlsx)?;
        let names = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect();
        Ok(Parts { bytes, names })
    }

    /// A part held whole (the package check bounded these to `MAX_PART_BYTES`), or none.
    fn text(&self, name: &str) -> Result<Option<String>, ReadError> {
        let Some(real) = self.names.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
            return Ok(None);
        };
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(xlsx)?;
        let mut f = zip.by_name(real).map_err(xlsx)?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).map_err(xlsx)?;
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// Sheet name → its worksheet part, through the workbook's relationships.
    fn sheet_parts(&self) -> HashMap<String, String> {
        let mut out = HashMap::new();
        let (Ok(Some(wb)), Ok(Some(rels))) = (
            self.text("xl/workbook.xml"),
            self.text("xl/_rels/workbook.xml.rels"),
        ) else {
            return out;
        };
        let targets: HashMap<String, String> = tags(&rels, "Relationship")
            .filter_map(|t| Some((attr(t, "Id")?, attr(t, "Target")?)))
            .collect();
        for t in tags(&wb, "sheet") {
            let (Some(name), Some(id)) = (attr(t, "name"), attr(t, "r:id")) else {
                continue;
            };
            if let Some(target) = targets.get(&id) {
                out.insert(name, resolve("xl/workbook.xml", target));
            }
        }
        out
    }

    /// Call `each` with the text of every complete tag-bearing chunk of a part, read in
    /// chunks ([`xml_scan::scan`]) so a large worksheet is never inflated whole.
    fn scan(&self, real: &str, each: &mut dyn FnMut(&str)) -> Result<(), ReadError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(xlsx)?;
        let f = zip.by_name(real).map_err(xlsx)?;
        xml_scan::scan(f, each).map_err(xlsx)
    }

    /// Refuse ranges written backwards (`<dimension ref="C3:A1"/>`, a `mergeCell` the same):
    /// calamine subtracts their corners, which overflows (a panic in a build with overflow
    /// checks, the fuzz target's). Every XML part is scanned, since the workbook's
    /// relationships may place a worksheet anywhere.
    fn check_ranges(&self) -> Result<(), ReadError> {
        for name in &self.names {
            if !name.to_ascii_lowercase().ends_with(".xml") {
                continue;
            }
            let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(xlsx)?;
            let part = zip.by_name(name).map_err(xlsx)?;
            if let Some(bad) = xml_scan::bad_range(part).map_err(xlsx)? {
                return Err(ReadError::Xlsx(format!("{name}: {bad}")));
            }
        }
        Ok(())
    }

    /// Hidden rows and columns of a worksheet part.
    fn hidden_rows_and_cols(&self, part: &str) -> Result<(Vec<u32>, Vec<u32>), ReadError> {
        let Some(real) = self.names.iter().find(|n| n.eq_ignore_ascii_case(part)) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (mut rows, mut cols) = (Vec::new(), Vec::new());
        self.scan(real, &mut |text| {
            for t in tags(text, "row") {
                if is_true(attr(t, "hidden").as_deref())
                    && let Some(r) = attr(t, "r").and_then(|r| r.parse::<u32>().ok())
                    && r >= 1
                    && rows.len() < MAX_ROWS as usize
                {
                    rows.push(r - 1);
                }
            }
            for t in tags(text, "col") {
                if is_true(attr(t, "hidden").as_deref()) {
                    let min = attr(t, "min").and_then(|v| v.parse::<u32>().ok());
                    let max = attr(t, "max").and_then(|v| v.parse::<u32>().ok());
                    if let (Some(min), Some(max)) = (min, max) {
                        for c in min.max(1)..=max.min(MAX_COLUMNS) {
                            cols.push(c - 1);
                        }
                    }
                }
            }
        })?;
        cols.sort_unstable();
        cols.dedup();
        Ok((rows, cols))
    }

    /// Shapes and pictures anchored on a worksheet, through its drawing relationships.
    fn drawings_of(&self, part: &str) -> Result<(Vec<Shape>, usize), ReadError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = format!("{dir}/_rels/{file}.rels");
        let Some(rels) = self.text(&rels_name)? else {
            return Ok((Vec::new(), 0));
        };
        let mut shapes = Vec::new();
        let mut pictures = 0;
        for t in tags(&rels, "Relationship") {
            let is_drawing = attr(t, "Type").is_some_and(|ty| ty.ends_with("/drawing"));
            let Some(target) = attr(t, "Target").filter(|_| is_drawing) else {
                continue;
            };
            let Some(xml) = self.text(&resolve(part, &target))? else {
                continue;
            };
            // Each anchor: where it starts, and whether it holds a shape or a picture.
            for anchor in xml.split("Anchor").skip(1) {
                let from = anchor.split("from>").nth(1).unwrap_or("");
                let num = |name: &str| {
                    from.split(&format!("{name}>"))
                        .nth(1)
                        .and_then(|v| v.split('<').next())
                        .and_then(|v| v.trim().parse::<u32>().ok())
                };
                if anchor.contains(":pic>") || anchor.contains("<pic>") {
                    pictures += 1;
                } else if let (Some(col), Some(row)) = (num("col"), num("row"))
                    && (anchor.contains(":sp>") || anchor.contains("<sp>"))
                {
                    shapes.push(Shape {
                        row,
                        col,
                        ellipse: anchor.contains("prst=\"ellipse\""),
                    });
                }
            }
        }
        Ok((shapes, pictures))
    }
}

fn is_true(v: Option<&str>) -> bool {
    matches!(v, Some("1" | "true"))
}

/// `target` relative to the part `from` (`xl/workbook.xml` + `worksheets/sheet1.xml`).
fn resolve(from: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes() {
        let xml = r#"<x:row r="3" hidden="1"><c r="A3"/></x:row><row r="4"/><col min="2" max="3" hidden="true"/>"#;
        let rows: Vec<_> = tags(xml, "row").map(|t| attr(t, "r")).collect();
        assert_eq!(rows, [Some("3".into()), Some("4".into())]);
        assert_eq!(
            attr(r#"name="a&amp;b" r:id="rId1""#, "r:id").as_deref(),
            Some("rId1")
        );
        assert_eq!(attr(r#"name="a&amp;b""#, "name").as_deref(), Some("a&b"));
        assert_eq!(attr(r#"xname="a""#, "name"), None);
        assert_eq!(
            resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"),
            "xl/drawings/drawing1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
    }
}
