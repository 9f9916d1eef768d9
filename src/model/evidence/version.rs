//! Version numbers as vendors print them (`7.2.5`, `v6.0.4,build0231`, `11.1.2-h3`,
//! `13.1-49.15`, `15.2(7)E4`, `22.7R2.4`), compared by their numbers: the digit runs in order,
//! a missing trailing number counting as 0, so `11.1.2` < `11.1.2-h3` < `11.1.3`.

use std::cmp::Ordering;

use serde::Serialize;

/// A version: the text as found and its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Version {
    text: String,
    #[serde(skip)]
    parts: Vec<u64>,
}

impl Version {
    /// A version token: optional `v`, then digits and separators. `None` without a digit first.
    pub fn parse(s: &str) -> Option<Version> {
        let t = s.trim();
        let body = t
            .strip_prefix(['v', 'V'])
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(t);
        if !body.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let parts: Vec<u64> = body
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            // A run too long for u64 is no version anyone prints; cap rather than fail.
            .map(|p| p.parse().unwrap_or(u64::MAX))
            .collect();
        Some(Version {
            text: body.to_string(),
            parts,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn parts(&self) -> &[u64] {
        &self.parts
    }

    fn part(&self, i: usize) -> u64 {
        self.parts.get(i).copied().unwrap_or(0)
    }

    /// Numeric comparison, missing numbers as 0.
    pub fn compare(&self, other: &Version) -> Ordering {
        let n = self.parts.len().max(other.parts.len());
        (0..n)
            .map(|i| self.part(i).cmp(&other.part(i)))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    }

    /// Whether the first `n` numbers are equal (missing as 0).
    pub fn same_prefix(&self, other: &Version, n: usize) -> bool {
        (0..n).all(|i| self.part(i) == other.part(i))
    }

    /// The first version of the next branch: `6.2.0` → `6.3`.
    pub fn next_branch(&self) -> Version {
        let parts = vec![self.part(0), self.part(1).saturating_add(1)];
        Version {
            text: format!("{}.{}", parts[0], parts[1]),
            parts,
        }
    }
}

/// The first version-like token in `text` at or after byte `from`: a word starting with a
/// digit (after `v`, `rev.`, `ver.`) that has a dot in it. Model numbers (`60E`, `RTX1210`)
/// and years have none.
pub fn find_version(text: &str, from: usize) -> Option<Version> {
    let rest = text.get(from..).unwrap_or("");
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '[' | ']' | ':' | '/'))
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let skip = ["rev.", "ver.", "version"]
                .iter()
                .find(|p| lower.starts_with(*p))
                .map_or(0, |p| p.len());
            &w[skip..]
        })
        .filter(|w| w.contains('.'))
        .find_map(|w| {
            // Trailing punctuation of a sentence is not part of the version.
            Version::parse(w.trim_end_matches(['.', ')', '(']))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn numbers_compare_as_numbers() {
        assert_eq!(v("7.2.10").compare(&v("7.2.9")), Ordering::Greater);
        assert_eq!(v("11.1.2").compare(&v("11.1.2-h3")), Ordering::Less);
        assert_eq!(v("11.1.2-h3").compare(&v("11.1.3")), Ordering::Less);
        assert_eq!(v("v6.0.4").compare(&v("6.0.4")), Ordering::Equal);
        assert_eq!(v("13.1-49.15").parts(), [13, 1, 49, 15]);
        assert_eq!(v("15.2(7)E4").parts(), [15, 2, 7, 4]);
        assert_eq!(v("22.7R2.4").parts(), [22, 7, 2, 4]);
        assert_eq!(v("6.2.0").next_branch().parts(), [6, 3]);
        assert!(v("6.0.4").same_prefix(&v("6.0"), 2));
        assert!(Version::parse("FortiGate").is_none());
        assert!(Version::parse("").is_none());
        assert_eq!(v("99999999999999999999999").parts(), [u64::MAX]);
    }

    #[test]
    fn versions_in_text() {
        let f = |s: &str| find_version(s, 0).map(|v| v.as_str().to_string());
        assert_eq!(
            f("FortiGate-60E v6.0.4,build0231,190107 (GA)").as_deref(),
            Some("6.0.4")
        );
        assert_eq!(
            f("Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)").as_deref(),
            Some("15.2(7)E4")
        );
        assert_eq!(
            f("RTX1210 Rev.14.01.38 (Fri Jul 10 2020)").as_deref(),
            Some("14.01.38")
        );
        assert_eq!(f("FortiOS 7.2.5.").as_deref(), Some("7.2.5"));
        assert_eq!(f("Windows 2019 server"), None);
        assert_eq!(f("model 60E"), None);
    }
}
