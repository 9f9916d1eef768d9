//! The in-tree ja/en message catalog. Japanese is the default language. Every user-visible
//! string goes through `tr!`; official checklist texts are data and come from the editions.
//!
//! Messages may contain `{name}` placeholders filled by `tr!(lang, "key", name = value)`.

mod catalog;

use std::fmt::Display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// The message for `key`; the key itself if the catalog lacks it (a test forbids that).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match catalog::lookup(key) {
        Some((ja, en)) => match lang {
            Lang::Ja => ja,
            Lang::En => en,
        },
        None => "<missing message>",
    }
}

/// Every catalog key starting with `prefix` (the help texts' test looks for stale ones).
#[cfg(test)]
pub fn keys_with_prefix(prefix: &str) -> impl Iterator<Item = &'static str> {
    catalog::TABLES
        .iter()
        .flat_map(|t| t.iter())
        .map(|(k, _, _)| *k)
        .filter(move |k| k.starts_with(prefix))
}

/// `t` with `{name}` placeholders replaced, in one pass over the message: a value is never
/// searched for placeholders itself, so a facility named `{path}` stays `{path}` and outside
/// text cannot pull another argument into the message.
pub fn format(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let message = t(lang, key);
    let mut out = String::with_capacity(message.len() + 32);
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (close, value.to_string()))
        });
        match filled {
            Some((close, value)) => {
                out.push_str(&value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `tr!(lang, "key")` or `tr!(lang, "key", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal) => {
        $crate::i18n::t($lang, $key)
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::format($lang, $key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_sorted_unique_and_complete() {
        let mut seen = std::collections::HashSet::new();
        for table in catalog::TABLES {
            for w in table.windows(2) {
                assert!(w[0].0 < w[1].0, "catalog not sorted/unique at {}", w[1].0);
            }
        }
        for (k, ja, en) in catalog::TABLES.iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(*k), "key {k} is in two tables");
            assert!(!ja.is_empty() && !en.is_empty(), "{k}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(ja), holes(en), "placeholders differ in {k}");
        }
    }

    /// Every `tr!(…, "key")` in the sources names a key of the catalog.
    #[test]
    fn every_used_key_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src")
                .as_path(),
            &mut files,
        );
        let mut used = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (at, _) in text.match_indices("tr!(") {
                // Skip other macros ending in `tr!(`, such as `include_str!(`.
                if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let part = &text[at + 4..];
                // A call starts with the language expression; anything else is prose or this test.
                if !part.trim_start().starts_with(|c: char| c.is_alphabetic()) {
                    continue;
                }
                let Some(start) = part.find('"') else {
                    continue;
                };
                let rest = &part[start + 1..];
                let key = &rest[..rest.find('"').unwrap()];
                if key == "key" {
                    continue; // the macro's own documentation
                }
                used += 1;
                assert_ne!(
                    t(Lang::Ja, key),
                    "<missing message>",
                    "{}: missing key {key}",
                    f.display()
                );
            }
        }
        assert!(used > 20);
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            crate::tr!(
                Lang::En,
                "answer.unknown_item",
                item = "9-9",
                suggestion = "2-9"
            ),
            "no item `9-9` in this edition; did you mean `2-9`?"
        );
    }

    /// A value that looks like a placeholder is printed as it is, not filled in.
    #[test]
    fn values_are_not_searched_for_placeholders() {
        assert_eq!(
            crate::tr!(
                Lang::En,
                "answer.unknown_item",
                item = "{suggestion}",
                suggestion = "2-9"
            ),
            "no item `{suggestion}` in this edition; did you mean `2-9`?"
        );
        assert_eq!(
            crate::tr!(Lang::En, "answer.bad_result", result = "{x} {"),
            "`{x} {` is not an answer; use yes, no or na"
        );
    }
}
