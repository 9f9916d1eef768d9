//! Reading the XML parts of an xlsx package without a parser: start tags and their attributes
//! found in chunks, so a large worksheet is never inflated whole. Used before calamine sees a
//! workbook (the ledger import's package check, the official-workbook reader) to refuse what
//! would make calamine fail badly.

use std::io::Read;

/// Bytes read at a time.
const SCAN_CHUNK: usize = 64 * 1024;

/// Call `each` with every complete tag-bearing chunk of `part`.
pub(crate) fn scan(mut part: impl Read, each: &mut dyn FnMut(&str)) -> std::io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; SCAN_CHUNK];
    loop {
        let n = part.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&chunk[..n]);
        // Complete tags only; an unfinished one waits for the next chunk.
        let end = carry.iter().rposition(|b| *b == b'>').map_or(0, |p| p + 1);
        each(&String::from_utf8_lossy(&carry[..end]));
        carry.drain(..end);
        // A tag longer than a chunk is none kensa needs.
        if carry.len() > SCAN_CHUNK {
            carry.clear();
        }
    }
    Ok(())
}

/// A cell reference calamine must not be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadRange {
    /// A `<dimension>` or `<mergeCell>` range written backwards (`C3:A1`): calamine subtracts
    /// such corners, which overflows (a panic where overflow is checked, a nonsense size where
    /// it wraps).
    Backwards(String),
    /// An `r` or `ref` reference past the sheet's last column (XFD) or row (1048576), such as
    /// `AAAAAAAAA1`: calamine accumulates its letters and digits in 32 bits, which overflows.
    OutsideSheet(String),
}

impl std::fmt::Display for BadRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadRange::Backwards(r) => write!(f, "range {} is written backwards", shortened(r)),
            BadRange::OutsideSheet(r) => write!(
                f,
                "cell reference {} is outside a worksheet (columns A to XFD, rows 1 to 1048576)",
                shortened(r)
            ),
        }
    }
}

/// A reference as a message quotes it: a forged one can run to the end of a 64 KiB chunk.
fn shortened(reference: &str) -> String {
    const SHOWN: usize = 40;
    match reference.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &reference[..cut]),
        None => reference.to_string(),
    }
}

/// The last column (XFD) and row of an xlsx worksheet.
const MAX_COLUMN: u64 = 16_384;
const MAX_ROW: u64 = 1_048_576;

/// The first range of `part` that calamine must not see: a `ref` range written backwards, or
/// any `r` / `ref` reference outside a worksheet.
///
/// Attributes are looked for in the whole text, not only inside tags as a strict reader would
/// delimit them: calamine's XML parser reads attributes that follow a `>` or `<` inside
/// another attribute's quotes (`<c s=">" r="…">`), attributes with no space between them
/// (`s="2"r="…"`) and repeated ones (`r="A1" r="…"`). Reading more than calamine can only
/// refuse more: a cell text that happens to contain `r="ZZZZ1"` is refused too.
pub(crate) fn bad_range(part: impl Read) -> std::io::Result<Option<BadRange>> {
    let mut bad: Option<BadRange> = None;
    scan(part, &mut |text| {
        if bad.is_some() {
            return;
        }
        let refs = attr_values(text, "ref");
        if let Some(r) = refs.iter().find(|r| backwards(r)) {
            bad = Some(BadRange::Backwards(r.clone()));
            return;
        }
        bad = refs
            .into_iter()
            .chain(attr_values(text, "r"))
            .find(|v| v.split([':', ' ']).any(outside_sheet))
            .map(BadRange::OutsideSheet);
    })?;
    Ok(bad)
}

/// Whether a reference (`A1`, `$B$2`, a row number `12`, a column `C`) names a place past the
/// sheet's last column or row. Text that is no reference at all is calamine's to refuse.
fn outside_sheet(reference: &str) -> bool {
    let r = reference.trim().replace('$', "");
    let letters = r.chars().take_while(char::is_ascii_alphabetic).count();
    let digits = r[letters..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    if letters > 3 || digits > 7 {
        return true;
    }
    let col = r[..letters].chars().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() as u8 - b'A' + 1)
    });
    let row: u64 = r[letters..letters + digits].parse().unwrap_or(0);
    col > MAX_COLUMN || row > MAX_ROW
}

/// `(row, column)` of an `A1` reference (`$` allowed), 0-based, or none.
pub(crate) fn corner(a1: &str) -> Option<(u64, u64)> {
    let a1 = a1.trim().replace('$', "");
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.chars().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() as u8 - b'A' + 1)
    });
    let row: u64 = digits.parse().ok()?;
    Some((row, col))
}

/// A range whose second corner lies above or left of its first.
pub(crate) fn backwards(range: &str) -> bool {
    let Some((a, b)) = range.split_once(':') else {
        return false;
    };
    match (corner(a), corner(b)) {
        (Some((r0, c0)), Some((r1, c1))) => r1 < r0 || c1 < c0,
        _ => false,
    }
}

/// The attribute text of every start tag named `name` (with or without a namespace prefix).
pub(crate) fn tags<'t>(xml: &'t str, name: &'t str) -> impl Iterator<Item = &'t str> + 't {
    xml.split('<').filter_map(move |piece| {
        let tag = piece.split('>').next()?;
        if tag.starts_with(['/', '?', '!']) {
            return None;
        }
        let (tname, rest) = tag
            .split_once(|c: char| c.is_whitespace())
            .unwrap_or((tag, ""));
        let tname = tname.trim_end_matches('/');
        let local = tname.rsplit(':').next().unwrap_or(tname);
        (local == name).then_some(rest)
    })
}

/// An attribute's value, with XML's five entities decoded.
pub(crate) fn attr(tag: &str, name: &str) -> Option<String> {
    attr_values(tag, name).into_iter().next()
}

/// The value of every occurrence of an attribute in a start tag (well-formed XML has one; a
/// damaged file may repeat it), with XML's five entities decoded. An occurrence is any `name`
/// not preceded by a character of an XML name, so `s="2"r="…"` (no space between attributes,
/// which calamine's parser reads as an `r`) counts as well as ` r="…"`: this finds at least
/// every attribute calamine can read.
pub(crate) fn attr_values(tag: &str, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    for (at, _) in tag.match_indices(name) {
        let preceded_by_name_char = tag[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
        if preceded_by_name_char {
            continue;
        }
        let Some(after) = tag[at + name.len()..].trim_start().strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let Some(q) = after.chars().next().filter(|q| matches!(q, '"' | '\'')) else {
            continue;
        };
        let value = after[1..].split(q).next().unwrap_or("");
        values.push(
            value
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(xml: &str) -> Option<BadRange> {
        bad_range(xml.as_bytes()).unwrap()
    }

    #[test]
    fn a_long_reference_is_shortened_in_the_message() {
        let long = BadRange::OutsideSheet("A".repeat(70_000));
        let message = long.to_string();
        assert!(message.contains(&format!("reference {}… is", "A".repeat(40))));
        assert!(message.len() < 200, "{message}");
    }

    #[test]
    fn references_past_the_sheet_and_ranges_written_backwards_are_found() {
        let ok = r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><f t="shared" ref="A1:A9" si="0"/></c></row></sheetData><hyperlinks><hyperlink ref="B2" r:id="rId1"/></hyperlinks></worksheet>"#;
        assert_eq!(first(ok), None);
        for (xml, bad) in [
            (
                r#"<c r="AAAAAAAAAAAA1"/>"#,
                BadRange::OutsideSheet("AAAAAAAAAAAA1".into()),
            ),
            (r#"<c r="XFE1"/>"#, BadRange::OutsideSheet("XFE1".into())),
            (
                r#"<row r="99999999999">"#,
                BadRange::OutsideSheet("99999999999".into()),
            ),
            (
                r#"<c r="A1048577"/>"#,
                BadRange::OutsideSheet("A1048577".into()),
            ),
            (
                r#"<f ref="A1:ZZZZZ2"/>"#,
                BadRange::OutsideSheet("A1:ZZZZZ2".into()),
            ),
            (
                r#"<dimension ref="C3:A1"/>"#,
                BadRange::Backwards("C3:A1".into()),
            ),
            // The fuzz target's second crash: the attribute repeated, the second one bad.
            (
                r#"<c r="Q1" s="1" r="Oinventory.err.bad_datev></c><c r="P1">"#,
                BadRange::OutsideSheet(r#"Oinventory.err.bad_datev></c><c r="#.into()),
            ),
            // The fourth: no space between attributes, `s="2"r="…"`, which calamine reads as
            // an `r` (a multiplication overflow in its reference arithmetic).
            (
                r#"<c r="C3" s="2"r="hhformats.org/spreadsheetml/4012/mat/2006/relationships">"#,
                BadRange::OutsideSheet(
                    "hhformats.org/spreadsheetml/4012/mat/2006/relationships".into(),
                ),
            ),
            (
                r#"<c s='2'r='ABCDE1'/>"#,
                BadRange::OutsideSheet("ABCDE1".into()),
            ),
            // A `>` or `<` inside another attribute's quotes does not end the tag for calamine.
            (
                r#"<dimension x=">" ref="C3:A1"/>"#,
                BadRange::Backwards("C3:A1".into()),
            ),
            (
                r#"<mergeCell x="<" y=">" ref="B2:A1"/>"#,
                BadRange::Backwards("B2:A1".into()),
            ),
            (
                r#"<c s=">" r="ZZZZZZZZ1"/>"#,
                BadRange::OutsideSheet("ZZZZZZZZ1".into()),
            ),
        ] {
            assert_eq!(first(xml), Some(bad), "{xml}");
        }
    }
}
