//! A workbook as a neutral grid of text cells: what `crate::workbook` reads out of an xlsx and
//! what the layout recognition in `model::official` works on. Pure data, so the recognition is
//! tested on grids built in memory.

use std::collections::BTreeMap;

/// A rectangle of cells, 0-based and inclusive (`A1:C2` is rows 0..=1, columns 0..=2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub r0: u32,
    pub c0: u32,
    pub r1: u32,
    pub c1: u32,
}

impl Span {
    pub fn cell(r: u32, c: u32) -> Span {
        Span {
            r0: r,
            c0: c,
            r1: r,
            c1: c,
        }
    }
    pub fn contains(&self, r: u32, c: u32) -> bool {
        (self.r0..=self.r1).contains(&r) && (self.c0..=self.c1).contains(&c)
    }
    /// `A1` for one cell, `A1:C2` for more.
    pub fn a1(&self) -> String {
        if self.r0 == self.r1 && self.c0 == self.c1 {
            cell_ref(self.r0, self.c0)
        } else {
            format!(
                "{}:{}",
                cell_ref(self.r0, self.c0),
                cell_ref(self.r1, self.c1)
            )
        }
    }
}

/// `A1`-style reference of a 0-based cell.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

/// `A`, `Z`, `AA`, … of a 0-based column.
pub fn column_name(col: u32) -> String {
    let mut name = String::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        // rem < 26, so the byte is an ASCII capital.
        name.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    name
}

/// A shape drawn over the sheet (Excel's 挿入 → 図形), by the cell its top-left corner is
/// anchored in. A circle drawn around はい is one: it cannot be read as an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub row: u32,
    pub col: u32,
    /// An ellipse (the circle people draw around はい or いいえ).
    pub ellipse: bool,
}

/// One worksheet: its non-empty cells as text, merged ranges, hidden rows and columns, the
/// cells holding formulas, the shapes and pictures drawn over it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub name: String,
    /// Hidden worksheet (not shown in Excel's tabs).
    pub hidden: bool,
    pub cells: BTreeMap<(u32, u32), String>,
    pub merges: Vec<Span>,
    pub hidden_rows: Vec<u32>,
    pub hidden_cols: Vec<u32>,
    /// Cells holding a formula (their value is what Excel last computed, not typed text).
    pub formulas: Vec<(u32, u32)>,
    pub shapes: Vec<Shape>,
    /// Pictures placed on the sheet.
    pub pictures: usize,
}

impl Grid {
    pub fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            ..Grid::default()
        }
    }

    /// Set a cell (tests and the reader).
    pub fn set(&mut self, r: u32, c: u32, text: &str) {
        if text.is_empty() {
            self.cells.remove(&(r, c));
        } else {
            self.cells.insert((r, c), text.to_string());
        }
    }

    /// The merged range a cell lies in, if any.
    pub fn merge_at(&self, r: u32, c: u32) -> Option<Span> {
        self.merges.iter().copied().find(|m| m.contains(r, c))
    }

    /// The cell whose value shows at (r, c): the top-left of its merged range, or itself.
    pub fn origin(&self, r: u32, c: u32) -> (u32, u32) {
        self.merge_at(r, c).map_or((r, c), |m| (m.r0, m.c0))
    }

    /// The text shown at (r, c) (a merged range shows its top-left cell's text everywhere).
    pub fn shown(&self, r: u32, c: u32) -> &str {
        let at = self.origin(r, c);
        self.cells.get(&at).map_or("", String::as_str)
    }

    /// The last row holding text, or none for an empty sheet.
    pub fn last_row(&self) -> Option<u32> {
        self.cells.keys().map(|(r, _)| *r).max()
    }

    pub fn last_col(&self) -> Option<u32> {
        self.cells.keys().map(|(_, c)| *c).max()
    }
}

/// A workbook: its worksheets in tab order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    pub sheets: Vec<Grid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_show_their_origin() {
        let mut g = Grid::new("s");
        g.set(1, 1, "x");
        g.merges.push(Span {
            r0: 1,
            c0: 1,
            r1: 3,
            c1: 2,
        });
        assert_eq!(g.shown(3, 2), "x");
        assert_eq!(g.shown(4, 2), "");
        assert_eq!(g.merges[0].a1(), "B2:C4");
        assert_eq!(cell_ref(9, 26), "AA10");
    }
}
