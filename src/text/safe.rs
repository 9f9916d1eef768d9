//! Text that came from outside (notes, names, file names, CSV cells, host documents, bundle
//! member names) made safe to print on a terminal. A raw ESC, CSI or OSC sequence could move
//! the cursor, recolour or rewrite what kensa printed (a tampered bundle painting "intact" over
//! its own problems line), and a bidi override can reorder what the reader sees. Such
//! characters are shown as visible escapes instead (`\u{1b}`, `\n`); ordinary Japanese and
//! every other printable character are kept as they are.
//!
//! Three ways in, one rule ([`needs_escape`]):
//! - [`safe`] for a value printed inside one line (escapes line breaks too, so a note cannot
//!   forge a line of its own);
//! - [`safe_lines`] for whole output lines (keeps `\n` and `\t`): the CLI passes everything it
//!   prints through it, so a print site that forgot [`safe`] still cannot emit an escape;
//! - [`SafeJson`] for JSON output: serde_json escapes C0 but passes DEL, C1 and bidi controls
//!   through raw; they are written as `\uXXXX`, which keeps the JSON valid and its data equal.

use std::borrow::Cow;
use std::fmt::{self, Display};
use std::io;

/// Characters a terminal may act on rather than show: C0 and C1 controls, DEL, the Unicode
/// bidi embeddings, overrides, isolates and marks, and the line and paragraph separators.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'
                ..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn escape_into(out: &mut impl fmt::Write, c: char) -> fmt::Result {
    match c {
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\t' => out.write_str("\\t"),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    }
}

/// `s` for printing inside a line; see the module documentation.
pub fn safe(s: &str) -> Safe<'_> {
    Safe(s)
}

/// Displays its text with every [`needs_escape`] character escaped.
#[derive(Debug, Clone, Copy)]
pub struct Safe<'a>(pub &'a str);

impl Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            // `at` is the start of a char `find` matched, so there is one.
            let c = rest[at..].chars().next().unwrap_or('\0');
            escape_into(f, c)?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// A path for printing inside a line.
pub fn safe_path(p: &std::path::Path) -> String {
    safe(&p.display().to_string()).to_string()
}

/// Whole lines for the terminal: line breaks and tabs stay, every other [`needs_escape`]
/// character is escaped. Borrowed when there is nothing to escape (the common case).
pub fn safe_lines(s: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t';
    if !s.chars().any(|c| needs_escape(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if needs_escape(c) && !keep(c) {
            // Writing to a String cannot fail.
            let _ = escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A serde_json formatter that also escapes what [`needs_escape`] flags and serde_json leaves
/// raw, as `\uXXXX` (all such characters are in the Basic Multilingual Plane).
pub struct SafeJson<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(needs_escape) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or('\0');
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // Everything else as the wrapped formatter does it.
    fn write_null<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.write_null(w)
    }
    fn write_bool<W: ?Sized + io::Write>(&mut self, w: &mut W, v: bool) -> io::Result<()> {
        self.0.write_bool(w, v)
    }
    fn write_i64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: i64) -> io::Result<()> {
        self.0.write_i64(w, v)
    }
    fn write_u64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: u64) -> io::Result<()> {
        self.0.write_u64(w, v)
    }
    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: f64) -> io::Result<()> {
        self.0.write_f64(w, v)
    }
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty JSON with [`SafeJson`]: what `--json` prints.
pub fn to_json_pretty(value: &impl serde::Serialize) -> serde_json::Result<String> {
    let mut out = Vec::new();
    write_json_pretty(&mut out, value)?;
    // serde_json writes only UTF-8.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// [`to_json_pretty`] written to `writer` as it is serialized, for a document too large to
/// hold (a streamed `inventory list --json`): the same bytes, the same escapes.
pub fn write_json_pretty<W: io::Write>(
    writer: W,
    value: &impl serde::Serialize,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        writer,
        SafeJson(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "ok\u{1b}[2K\r\u{1b}]0;title\u{7}\u{9b}31m\u{7f}\u{202e}txt.exe\n次";

    #[test]
    fn escapes_every_control_and_keeps_japanese() {
        let s = safe(HOSTILE).to_string();
        assert!(!s.chars().any(needs_escape), "{s}");
        assert_eq!(
            s,
            "ok\\u{1b}[2K\\r\\u{1b}]0;title\\u{7}\\u{9b}31m\\u{7f}\\u{202e}txt.exe\\n次"
        );
        assert_eq!(
            safe("東京都 C:\\Users\\a b").to_string(),
            "東京都 C:\\Users\\a b"
        );
        let lines = safe_lines("一行目\n\t二行目\u{1b}[A");
        assert_eq!(lines, "一行目\n\t二行目\\u{1b}[A");
        assert!(matches!(safe_lines("普通の行\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_valid_and_equal_with_nothing_raw() {
        let v = serde_json::json!({ "note": HOSTILE, "n": [1, 2.5, null, true] });
        let text = to_json_pretty(&v).unwrap();
        assert!(
            !text.chars().any(|c| needs_escape(c) && c != '\n'),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        // Same layout as serde_json's own pretty printer when nothing needs escaping.
        let plain = serde_json::json!({ "a": ["b", 1], "c": {} });
        assert_eq!(
            to_json_pretty(&plain).unwrap(),
            serde_json::to_string_pretty(&plain).unwrap()
        );
    }
}
