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

/// The first `<dimension>` or `<mergeCell>` range of `part` written backwards (`C3:A1`):
/// calamine subtracts such corners, which overflows (a panic where overflow is checked, a
/// nonsense size where it wraps).
pub(crate) fn backwards_range(part: impl Read) -> std::io::Result<Option<String>> {
    let mut bad: Option<String> = None;
    scan(part, &mut |text| {
        for tag in ["dimension", "mergeCell"] {
            for t in tags(text, tag) {
                if let Some(r) = attr(t, "ref")
                    && bad.is_none()
                    && backwards(&r)
                {
                    bad = Some(r);
                }
            }
        }
    })?;
    Ok(bad)
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
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before_ok {
            continue;
        }
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let q = after.chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        let value = after[1..].split(q).next()?;
        return Some(
            value
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
    }
}
