//! The one place that names serde-saphyr. Every YAML file kensa reads goes through `from_str`,
//! which applies a size budget so a hostile or broken file cannot exhaust memory or stack.

use std::fmt;

use serde::de::DeserializeOwned;

/// Largest YAML document kensa accepts. The biggest shipped edition is ~30 KiB; 2 MiB leaves
/// room for long explanations while refusing the 50 MB strings of a hostile file.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// A position in a named file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePos {
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl SourcePos {
    pub fn new(file: &str, line: u64, column: u64) -> Self {
        SourcePos {
            file: file.to_string(),
            line,
            column,
        }
    }
}

impl fmt::Display for SourcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A YAML syntax, type or budget error with its position (line/column 1 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for YamlError {}

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(YamlError {
            line: 1,
            column: 1,
            message: format!(
                "file is {} bytes; the limit for a YAML file is {} bytes",
                text.len(),
                MAX_INPUT_BYTES
            ),
        });
    }
    let options = serde_saphyr::options! {
        // YAML 1.2 booleans only: `no`/`yes` stay strings (item results are never booleans).
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: 24,
            max_nodes: 100_000,
            max_total_scalar_bytes: MAX_INPUT_BYTES,
            max_aliases: 100,
            max_anchors: 100,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line().max(1), l.column().max(1)))
            .unwrap_or((1, 1));
        YamlError {
            line,
            column,
            message: plain_message(&e),
        }
    })
}

/// serde-saphyr's Display includes a source snippet; our callers print file:line:col
/// themselves, so keep only the first line of the message.
fn plain_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let mut first = full.lines().next().unwrap_or_default().trim();
    first = first.strip_prefix("error: ").unwrap_or(first);
    // Drop a leading "line X column Y: " that would repeat our own position.
    if first.starts_with("line ")
        && let Some((_, rest)) = first.split_once(": ")
    {
        first = rest;
    }
    // serde-saphyr appends advice for its API users; ours are editing a file.
    first
        .trim_end_matches(", set DuplicateKeyPolicy in Options if acceptable")
        .to_string()
}

/// Finds where a value sits in YAML source text, for errors that are only detected after
/// deserialisation (duplicate ids, dangling references). The typed schema does not carry
/// spans because `Spanned<T>` is lost inside serde's buffered enums; a textual lookup of
/// `key: value` is exact for the flat, one-key-per-line layout of edition files.
pub struct Located<'a> {
    file: &'a str,
    text: &'a str,
}

impl<'a> Located<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Located { file, text }
    }

    pub fn start(&self) -> SourcePos {
        SourcePos::new(self.file, 1, 1)
    }

    /// First line that defines `key:`.
    pub fn key(&self, key: &str) -> SourcePos {
        self.find(|k, _| k == key, 0)
    }

    pub fn key_value(&self, key: &str, value: &str) -> SourcePos {
        self.key_value_nth(key, value, 0)
    }

    /// The `nth` (0-based) line where `key: value` appears (value possibly quoted).
    pub fn key_value_nth(&self, key: &str, value: &str, nth: usize) -> SourcePos {
        self.find(
            |k, v| k == key && v.trim_matches(|c| c == '"' || c == '\'') == value,
            nth,
        )
    }

    fn find(&self, pred: impl Fn(&str, &str) -> bool, nth: usize) -> SourcePos {
        let mut found = 0;
        for (i, line) in self.text.lines().enumerate() {
            let trimmed = line.trim_start();
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            if let Some((k, v)) = body.split_once(':')
                && pred(k.trim(), v.trim())
            {
                if found == nth {
                    let col = line.len() - body.len() + 1;
                    return SourcePos::new(self.file, i as u64 + 1, col as u64);
                }
                found += 1;
            }
        }
        self.start()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Map = BTreeMap<String, String>;

    #[test]
    fn tabs_are_an_error_with_position() {
        let e = from_str::<BTreeMap<String, Map>>("a:\n\tb: c\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let e = from_str::<Map>("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.to_lowercase().contains("duplicate"), "{e:?}");
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let big = format!("a: \"{}\"\n", "x".repeat(MAX_INPUT_BYTES));
        let e = from_str::<Map>(&big).unwrap_err();
        assert!(e.message.contains("limit"), "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(from_str::<serde_json::Value>(&deep).is_err());
        let mut block = String::new();
        for i in 0..100 {
            block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        assert!(from_str::<serde_json::Value>(&block).is_err());
    }

    #[test]
    fn yes_and_no_stay_strings() {
        let m: Map = from_str("a: no\nb: yes\n").unwrap();
        assert_eq!(m["a"], "no");
    }

    #[test]
    fn located_finds_nth_occurrence() {
        let text = "items:\n  - id: \"1-1\"\n  - id: '1-1'\n";
        let l = Located::new("f", text);
        assert_eq!(l.key_value_nth("id", "1-1", 1).line, 3);
        assert_eq!(l.key_value_nth("id", "1-1", 0).column, 5);
        assert_eq!(l.key("nothing").line, 1);
    }
}
