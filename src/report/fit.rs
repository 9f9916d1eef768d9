//! How much room a text needs in a spreadsheet cell, so the xlsx report sets every row's height
//! itself instead of trusting the viewer's auto-fit (LibreOffice and Excel both leave a row at its
//! stored height when the workbook says so, and clip what does not fit).
//!
//! The estimate errs on the side of room: a full-width (CJK) character is taken as slightly more
//! than one em and a half-width one as 0.6 em (wider than the average Latin glyph of the fonts a
//! viewer falls back to, e.g. DejaVu Sans digits), Latin words are not broken (Excel and
//! LibreOffice move a word that does not fit to the next line), and the line height is 1.55 em,
//! above the tallest of the Japanese UI fonts a viewer may use (Noto Sans CJK ≈ 1.45 em).

use unicode_width::UnicodeWidthChar;

/// Pixels of one unit of column width: the maximum digit width of the workbook's default font
/// (Calibri 11, which rust_xlsxwriter keeps), as Excel defines column widths.
const UNIT_PX: f64 = 7.0;
/// Pixels a cell keeps free on its left and right together.
const CELL_PADDING_PX: f64 = 6.0;
/// Width of a full-width character, in em.
const WIDE_EM: f64 = 1.05;
/// Width of a half-width character, in em.
const NARROW_EM: f64 = 0.6;
/// Line height, in em.
const LINE_EM: f64 = 1.55;
/// Room above and below the text of a cell, in points.
const ROW_PADDING_PT: f64 = 3.0;
/// Excel's largest row height, in points.
pub const MAX_ROW_PT: f64 = 409.0;

fn px(pt: f64) -> f64 {
    pt * 96.0 / 72.0
}

fn char_px(c: char, font_pt: f64) -> f64 {
    match c.width() {
        Some(2) => WIDE_EM * px(font_pt),
        Some(0) | None => 0.0,
        _ => NARROW_EM * px(font_pt),
    }
}

/// The text room of a column `width` units wide, in pixels.
fn room_px(width: f64) -> f64 {
    (width * UNIT_PX - CELL_PADDING_PX).max(UNIT_PX)
}

/// Where a cell `width` units wide starts a new line in one line of text (no `\n`) at
/// `font_pt`, as byte offsets: Latin words (runs of ASCII non-space characters) move whole to the
/// next line when they fit there; anything else breaks where it reaches the edge; a space at a
/// break stays at the end of its line. Allocates only for the breaks (a row of a 10,000-row 台帳
/// is measured cell by cell).
fn breaks(text: &str, width: f64, font_pt: f64) -> Vec<usize> {
    let room = room_px(width);
    let latin = |c: char| c.is_ascii_graphic();
    let narrow = char_px('0', font_pt);
    let mut out = Vec::new();
    let mut used = 0.0;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if latin(c) {
            // ASCII: one byte per character.
            let end = text[i..]
                .find(|c: char| !latin(c))
                .map_or(text.len(), |n| i + n);
            let w = (end - i) as f64 * narrow;
            if used + w <= room || (w <= room && used > 0.0) {
                if used + w > room {
                    out.push(i);
                    used = 0.0;
                }
                used += w;
                i = end;
                continue;
            }
            // Longer than a whole line: broken character by character like CJK.
        }
        let w = char_px(c, font_pt);
        if used + w > room && used > 0.0 && c != ' ' {
            out.push(i);
            used = 0.0;
        }
        used += w;
        i += c.len_utf8();
    }
    out
}

/// One line of text broken as `breaks` says; the pieces concatenate to the line.
fn wrap_line(text: &str, width: f64, font_pt: f64) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    for at in breaks(text, width, font_pt) {
        out.push(text[from..at].to_string());
        from = at;
    }
    out.push(text[from..].to_string());
    out
}

/// `text` broken into the lines a cell `width` units wide shows at `font_pt`, hard line breaks
/// kept (see `wrap_line`).
pub fn wrap(text: &str, width: f64, font_pt: f64) -> Vec<String> {
    text.split('\n')
        .flat_map(|l| wrap_line(l, width, font_pt))
        .collect()
}

/// How many lines `text` takes in a cell `width` units wide at `font_pt`.
pub fn lines(text: &str, width: f64, font_pt: f64) -> usize {
    text.split('\n')
        .map(|l| breaks(l, width, font_pt).len() + 1)
        .sum()
}

/// Row height in points for `lines` lines at `font_pt`, at most [`MAX_ROW_PT`].
pub fn height(lines: usize, font_pt: f64) -> f64 {
    (lines.max(1) as f64 * LINE_EM * font_pt + ROW_PADDING_PT).min(MAX_ROW_PT)
}

/// How many lines fit in the tallest row.
pub fn max_lines(font_pt: f64) -> usize {
    ((MAX_ROW_PT - ROW_PADDING_PT) / (LINE_EM * font_pt)).floor() as usize
}

/// `text` cut into pieces of at most `max_lines` wrapped lines each, so a text taller than one
/// row can continue in the rows below it; one piece when it fits. The pieces put together are
/// the text (a line break where one piece ends and the next begins is dropped: the row ends there).
pub fn pieces(text: &str, width: f64, font_pt: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    if lines(text, width, font_pt) <= max_lines {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut count = 0;
    for hard in text.split('\n') {
        for (j, soft) in wrap_line(hard, width, font_pt).into_iter().enumerate() {
            if count == max_lines {
                out.push(std::mem::take(&mut piece));
                count = 0;
            }
            if j == 0 && count > 0 {
                piece.push('\n');
            }
            piece.push_str(&soft);
            count += 1;
        }
    }
    out.push(piece);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_about_double() {
        // 20 units at 9 pt: 140 - 6 px of room; a kanji is 12.6 px, a digit 7.2 px.
        let kanji = "医".repeat(30);
        let lines_kanji = lines(&kanji, 20.0, 9.0);
        let digits = "1".repeat(30);
        let lines_digits = lines(&digits, 20.0, 9.0);
        assert_eq!(lines_kanji, 3, "{:?}", wrap(&kanji, 20.0, 9.0));
        assert_eq!(lines_digits, 2);
        assert_eq!(wrap(&kanji, 20.0, 9.0).concat(), kanji);
    }

    #[test]
    fn words_move_whole_and_breaks_are_kept() {
        let w = wrap("abc defghij klm", 9.0, 9.0);
        assert!(w.iter().all(|l| !l.starts_with(' ')), "{w:?}");
        assert!(w.iter().any(|l| l.trim() == "defghij"), "{w:?}");
        assert_eq!(w.concat(), "abc defghij klm");
        assert_eq!(lines("一\n二\n三", 30.0, 9.0), 3);
        assert_eq!(lines("", 30.0, 9.0), 1);
        // A word longer than the column is broken rather than lost.
        let long = "x".repeat(100);
        assert_eq!(wrap(&long, 10.0, 9.0).concat(), long);
    }

    #[test]
    fn heights_grow_with_lines_up_to_excels_limit() {
        assert!(height(2, 9.0) > height(1, 9.0));
        assert_eq!(height(10_000, 9.0), MAX_ROW_PT);
        let m = max_lines(9.0);
        assert!(height(m, 9.0) <= MAX_ROW_PT);
        let text = "あ".repeat(5_000);
        let parts = pieces(&text, 20.0, 9.0, m);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| lines(p, 20.0, 9.0) <= m));
        assert_eq!(parts.concat(), text);
        let lines_text = (0..400)
            .map(|i| format!("行{i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = pieces(&lines_text, 20.0, 9.0, m);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| lines(p, 20.0, 9.0) <= m));
        assert_eq!(parts.join("\n"), lines_text);
        assert_eq!(pieces("短い", 20.0, 9.0, m), vec!["短い".to_string()]);
    }
}
