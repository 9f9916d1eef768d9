//! Where everything is on the request workbook. The writer puts things here and the reader
//! checks they are still here, so a moved, deleted or merged row is found and named.
//!
//! ```text
//! row 1      title (edition title and 事業者確認用)
//! row 2-4    医療機関 / 事業者・年度・回答期限 / how to answer
//! row 5-7    headers: チェック項目 | 対象 | 確認結果 (1回目 はい・いいえ・該当なし, 確認日 | 目標日 |
//!            2回目 …, 確認日) | 備考 | 契約範囲
//! row 8…     a section row, then one row per item and scope (the item's number and text merged
//!            down its scope rows, as on the official form)
//! ```
//!
//! A hidden, protected sheet holds the identification: request id, 医療機関コード, vendor id,
//! edition id and its SHA-256, 年度.

use crate::model::checklist::{Edition, Item, Scope};

/// The sheet the vendor fills.
pub const SHEET: &str = "事業者確認用";
/// The hidden identification sheet.
pub const ID_SHEET: &str = "kensa";
/// First cell of the identification sheet.
pub const ID_TAG: &str = "kensa.vendor-request/1";

/// First row (0-based) of the header block and of the items.
pub const HEADER_ROW: u32 = 4;
pub const FIRST_ROW: u32 = 7;

/// Columns (0-based).
pub const COL_NUMBER: u16 = 0;
pub const COL_TEXT: u16 = 1;
pub const COL_SCOPE: u16 = 2;
pub const COL_FIRST: u16 = 3;
pub const COL_FIRST_DATE: u16 = 4;
pub const COL_TARGET: u16 = 5;
pub const COL_SECOND: u16 = 6;
pub const COL_SECOND_DATE: u16 = 7;
pub const COL_NOTE: u16 = 8;
pub const COL_CONTRACT: u16 = 9;
pub const LAST_COL: u16 = COL_CONTRACT;

/// Keys of the identification sheet, in order (column A; the value is in column B).
pub const ID_KEYS: [&str; 8] = [
    "request_id",
    "institution_code",
    "facility_name",
    "vendor_id",
    "vendor_name",
    "edition_id",
    "edition_sha256",
    "fiscal_year",
];

/// One row of the items block.
#[derive(Debug, Clone)]
pub enum Row<'e> {
    Section {
        row: u32,
        number: u32,
        title: &'e str,
    },
    Item {
        row: u32,
        item: &'e Item,
        scope: Scope,
        /// The item's first scope row (where its number and text are).
        first_of_item: bool,
        /// How many scope rows the item has.
        span: u32,
    },
}

/// The items block of an edition, row by row.
pub fn rows(edition: &Edition) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    let mut row = FIRST_ROW;
    for s in &edition.sections {
        out.push(Row::Section {
            row,
            number: s.number,
            title: &s.title,
        });
        row += 1;
        for item in &s.items {
            let span = item.scopes.len() as u32;
            for (i, scope) in item.scopes.iter().enumerate() {
                out.push(Row::Item {
                    row,
                    item,
                    scope: *scope,
                    first_of_item: i == 0,
                    span,
                });
                row += 1;
            }
        }
    }
    out
}

/// The section heading as written: `2　医療情報システムの管理・運用`.
pub fn section_text(number: u32, title: &str) -> String {
    format!("{number}　{title}")
}

/// A merged range: (first row, first col, last row, last col), 0-based, inclusive.
pub type Merge = (u32, u16, u32, u16);

/// Every merged range of the fill-in sheet for an edition.
pub fn merges(edition: &Edition) -> Vec<Merge> {
    let mut out = vec![
        (0, 0, 0, LAST_COL),
        (1, 0, 1, LAST_COL),
        (2, 0, 2, LAST_COL),
        (3, 0, 3, LAST_COL),
        // Header block.
        (HEADER_ROW, COL_NUMBER, HEADER_ROW + 2, COL_TEXT),
        (HEADER_ROW, COL_SCOPE, HEADER_ROW + 2, COL_SCOPE),
        (HEADER_ROW, COL_FIRST, HEADER_ROW, COL_SECOND_DATE),
        (HEADER_ROW, COL_NOTE, HEADER_ROW + 2, COL_NOTE),
        (HEADER_ROW, COL_CONTRACT, HEADER_ROW + 2, COL_CONTRACT),
        (HEADER_ROW + 1, COL_FIRST, HEADER_ROW + 1, COL_FIRST_DATE),
        (HEADER_ROW + 1, COL_TARGET, HEADER_ROW + 2, COL_TARGET),
        (HEADER_ROW + 1, COL_SECOND, HEADER_ROW + 1, COL_SECOND_DATE),
    ];
    for r in rows(edition) {
        match r {
            Row::Section { row, .. } => out.push((row, 0, row, LAST_COL)),
            Row::Item {
                row,
                first_of_item: true,
                span,
                ..
            } if span > 1 => {
                out.push((row, COL_NUMBER, row + span - 1, COL_NUMBER));
                out.push((row, COL_TEXT, row + span - 1, COL_TEXT));
            }
            Row::Item { .. } => {}
        }
    }
    out.sort();
    out
}

/// `A1`-style reference of a 0-based cell.
pub fn cell_ref(row: u32, col: u16) -> String {
    let mut name = String::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        // `rem` < 26, so the sum is an ASCII capital letter.
        name.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

/// `事業者確認用!F14`.
pub fn place(sheet: &str, row: u32, col: u16) -> String {
    format!("{sheet}!{}", cell_ref(row, col))
}

/// `事業者確認用!D9:E9`.
pub fn range_place(sheet: &str, m: Merge) -> String {
    format!("{sheet}!{}:{}", cell_ref(m.0, m.1), cell_ref(m.2, m.3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_merges_follow_the_edition() {
        let (lib, _) = crate::editions::Library::load(None);
        let e = lib.get("vendor-r7").unwrap();
        let r = rows(e);
        let items = r.iter().filter(|x| matches!(x, Row::Item { .. })).count();
        assert_eq!(items, e.rows().count());
        assert!(matches!(
            r[0],
            Row::Section {
                row: FIRST_ROW,
                number: 1,
                ..
            }
        ));
        // 2-4 has two scopes: number and text merged over two rows.
        let m = merges(e);
        let at = r
            .iter()
            .find_map(|x| match x {
                Row::Item {
                    row,
                    item,
                    first_of_item: true,
                    ..
                } if item.id == "2-4" => Some(*row),
                _ => None,
            })
            .unwrap();
        assert!(m.contains(&(at, COL_TEXT, at + 1, COL_TEXT)));
        assert_eq!(cell_ref(13, COL_TARGET), "F14");
        assert_eq!(cell_ref(0, 27), "AB1");
        assert_eq!(range_place(SHEET, (8, 3, 8, 4)), "事業者確認用!D9:E9");
    }
}
