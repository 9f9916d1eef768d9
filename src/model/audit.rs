//! The audit chain as data, shared by the store that writes it, the bundle that carries it and
//! the inspector who reads it back: the records, how each one's hash is chained to the previous,
//! the head, and the short anchor code an officer writes down.
//!
//! What the chain proves, and what it cannot: the hash is unkeyed SHA-256, so whoever can write
//! the database file can rewrite history and recompute every hash after the change. A local
//! chain therefore only finds edits made by someone who did not bother (or know how) to
//! recompute it. What makes a rewrite *visible* is a copy of the head held elsewhere — the
//! anchor code on paper or in a mail, or the audit log inside a signed bundle the inspector
//! keeps: a rewritten history no longer reaches that head.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Lowercase hex of `bytes`. Every audit record is hashed when a chain is checked (a thousand
/// bundles in a roll-up hold hundreds of thousands), so this avoids a `format!` per byte.
pub fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Schema tag of `audit.json` in a bundle.
pub const LOG_SCHEMA: &str = "kensa.audit-log/1";

/// One audit record as stored (`audit_log` table) and as carried in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub row_hash: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// This record's hash recomputed from its fields and its own `prev_hash`.
    pub fn recompute(&self) -> String {
        let AuditRecord {
            seq,
            at,
            actor,
            action,
            entity,
            entity_id,
            row_hash,
            prev_hash,
            hash: _,
        } = self;
        let digest = Sha256::digest(
            format!(
                "{prev_hash}\n{seq}\n{at}\n{actor}\n{action}\n{entity}\n{entity_id}\n{row_hash}"
            )
            .as_bytes(),
        );
        lower_hex(&digest)
    }

    /// The fields in a fixed order with their names, to say which one differs.
    pub fn fields(&self) -> [(&'static str, String); 9] {
        [
            ("seq", self.seq.to_string()),
            ("at", self.at.clone()),
            ("actor", self.actor.clone()),
            ("action", self.action.clone()),
            ("entity", self.entity.clone()),
            ("entity_id", self.entity_id.to_string()),
            ("row_hash", self.row_hash.clone()),
            ("prev_hash", self.prev_hash.clone()),
            ("hash", self.hash.clone()),
        ]
    }

    /// The first field that differs from `other`: (name, this value, other value).
    pub fn first_difference(&self, other: &AuditRecord) -> Option<(&'static str, String, String)> {
        self.fields()
            .into_iter()
            .zip(other.fields())
            .find(|((_, a), (_, b))| a != b)
            .map(|((name, a), (_, b))| (name, a, b))
    }
}

/// The newest record: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// `audit.json` in a bundle: every record, oldest first, and the head they end in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub schema: String,
    /// `None` while nothing has been recorded.
    pub head: Option<AuditHead>,
    pub records: Vec<AuditRecord>,
}

/// Why a sequence of records is not one unbroken chain from the first record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainFault {
    /// Record `expected` is missing (found `found` in its place).
    Gap { expected: i64, found: i64 },
    /// Record `seq` does not point at its predecessor's hash.
    Link { seq: i64 },
    /// Record `seq`'s hash is not the hash of its fields.
    Hash { seq: i64 },
    /// The head does not name the last record.
    Head,
}

impl ChainFault {
    /// The sequence number concerned (0 for the head).
    pub fn seq(&self) -> i64 {
        match self {
            ChainFault::Gap { expected, .. } => *expected,
            ChainFault::Link { seq } | ChainFault::Hash { seq } => *seq,
            ChainFault::Head => 0,
        }
    }
}

/// Follows a chain record by record from the first; the first fault is kept.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
        }
    }
}

impl ChainWalk {
    /// Take the next record; the first fault found in it, if any.
    pub fn step(&mut self, r: &AuditRecord) -> Option<ChainFault> {
        let fault = if r.seq != self.expected_seq {
            Some(ChainFault::Gap {
                expected: self.expected_seq,
                found: r.seq,
            })
        } else if r.prev_hash != self.prev_hash {
            Some(ChainFault::Link { seq: r.seq })
        } else if r.recompute() != r.hash {
            Some(ChainFault::Hash { seq: r.seq })
        } else {
            None
        };
        self.expected_seq = r.seq.saturating_add(1);
        self.prev_hash = r.hash.clone();
        fault
    }
}

impl AuditLog {
    pub fn new(records: Vec<AuditRecord>) -> AuditLog {
        let head = records.last().map(|r| AuditHead {
            seq: r.seq,
            hash: r.hash.clone(),
        });
        AuditLog {
            schema: LOG_SCHEMA.to_string(),
            head,
            records,
        }
    }

    /// The records form one chain from the first record and end in the head.
    pub fn check(&self) -> Result<(), ChainFault> {
        let mut walk = ChainWalk::default();
        for r in &self.records {
            if let Some(f) = walk.step(r) {
                return Err(f);
            }
        }
        let last = self.records.last().map(|r| AuditHead {
            seq: r.seq,
            hash: r.hash.clone(),
        });
        if last != self.head {
            return Err(ChainFault::Head);
        }
        Ok(())
    }
}

/// How a later audit log of a facility stands against an earlier one (two bundles, or a bundle
/// kept by the inspector and the one handed in now). Both logs are whole chains from record 1
/// (the bundle reader checks that), so the first record that differs is where history was
/// changed: a rewrite that recomputed every hash after it still differs there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HistoryCheck {
    /// Records 1..=`upto` (the earlier head) are unchanged; `added` records follow them.
    Unchanged { upto: i64, added: i64 },
    /// Record `seq` differs: `field` is `earlier` in the earlier log and `later` in the later one.
    Rewritten {
        seq: i64,
        field: String,
        earlier: String,
        later: String,
    },
    /// The later log ends at record `last`, before the earlier head `upto`: history was cut.
    Shortened { upto: i64, last: i64 },
}

impl HistoryCheck {
    /// Whether the later history keeps the earlier one whole.
    pub fn unchanged(&self) -> bool {
        matches!(self, HistoryCheck::Unchanged { .. })
    }
}

/// Compare the history of a later log with an earlier one, record by record up to the earlier
/// head: the first difference is named with its field.
pub fn compare_history(earlier: &[AuditRecord], later: &[AuditRecord]) -> HistoryCheck {
    for (i, old) in earlier.iter().enumerate() {
        let Some(new) = later.get(i) else {
            return HistoryCheck::Shortened {
                upto: old_head(earlier),
                last: later.last().map_or(0, |r| r.seq),
            };
        };
        if let Some((field, earlier, later)) = old.first_difference(new) {
            return HistoryCheck::Rewritten {
                seq: old.seq,
                field: field.to_string(),
                earlier,
                later,
            };
        }
    }
    HistoryCheck::Unchanged {
        upto: old_head(earlier),
        added: (later.len().saturating_sub(earlier.len())) as i64,
    }
}

fn old_head(records: &[AuditRecord]) -> i64 {
    records.last().map_or(0, |r| r.seq)
}

/// Crockford's base32 alphabet: no I, L, O or U, so nothing is misread as 1 or 0.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Bytes of the head hash an anchor code carries: 80 bits, 16 base32 characters.
pub const ANCHOR_BYTES: usize = 10;

/// The head of the chain as a code short enough to write down or read out:
/// `<seq>-XXXX-XXXX-XXXX-XXXX-C`, the sequence number in decimal, the first 10 bytes of the head
/// hash in Crockford base32 (4 groups of 4), and a check character (Luhn mod 32 over the
/// sequence digits and the 16 characters) that catches any single misread character and most
/// swaps of two neighbours. Forging a different history that reaches the same code means
/// finding a SHA-256 hash with 80 given bits, about 2^80 attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCode {
    pub seq: i64,
    pub prefix: [u8; ANCHOR_BYTES],
}

/// Why text is not an anchor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorCodeError {
    /// Not `<number>-<characters>`.
    Shape,
    /// Not 16 characters and a check character after the number.
    Length { found: usize },
    /// A character outside the alphabet.
    Character { found: char },
    /// The check character does not match: something was misread or mistyped.
    Checksum,
}

fn value_of(c: char) -> Option<u8> {
    // Crockford decoding: lower case as upper, O as 0, I and L as 1.
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|a| *a as char == c)
        .map(|p| p as u8)
}

/// Luhn mod 32 check value for `values` (each below 32).
fn luhn32(values: &[u8]) -> u8 {
    let mut factor = 2u32;
    let mut sum = 0u32;
    for v in values.iter().rev() {
        let addend = factor * u32::from(*v);
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / 32 + addend % 32;
    }
    ((32 - sum % 32) % 32) as u8
}

impl AnchorCode {
    /// The code of a head; `None` when its hash is not 64 hex digits.
    pub fn of(head: &AuditHead) -> Option<AnchorCode> {
        if head.hash.len() < ANCHOR_BYTES * 2 || !head.hash.is_ascii() {
            return None;
        }
        let mut prefix = [0u8; ANCHOR_BYTES];
        for (i, b) in prefix.iter_mut().enumerate() {
            *b = u8::from_str_radix(&head.hash[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(AnchorCode {
            seq: head.seq,
            prefix,
        })
    }

    /// Does a record hash (hex) begin with this code's bytes?
    pub fn matches(&self, hash_hex: &str) -> bool {
        AnchorCode::of(&AuditHead {
            seq: self.seq,
            hash: hash_hex.to_string(),
        })
        .is_some_and(|c| c.prefix == self.prefix)
    }

    fn symbols(&self) -> Vec<u8> {
        let mut bits: u128 = 0;
        for b in self.prefix {
            bits = (bits << 8) | u128::from(b);
        }
        (0..16)
            .rev()
            .map(|i| ((bits >> (i * 5)) & 31) as u8)
            .collect()
    }

    fn check_value(seq: &str, symbols: &[u8]) -> u8 {
        let mut values: Vec<u8> = seq.bytes().map(|d| d - b'0').collect();
        values.extend_from_slice(symbols);
        luhn32(&values)
    }

    pub fn parse(text: &str) -> Result<AnchorCode, AnchorCodeError> {
        // Read out or copied by hand: spaces may stand where the hyphens were.
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        let (seq, rest) = words.split_first().ok_or(AnchorCodeError::Shape)?;
        let rest = rest.concat();
        if rest.is_empty() || text.trim_start().starts_with('-') {
            return Err(AnchorCodeError::Shape);
        }
        if seq.is_empty() || seq.len() > 18 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AnchorCodeError::Shape);
        }
        let chars: Vec<char> = rest.chars().collect();
        if chars.len() != 17 {
            return Err(AnchorCodeError::Length { found: chars.len() });
        }
        let mut values = Vec::with_capacity(17);
        for c in chars {
            values.push(value_of(c).ok_or(AnchorCodeError::Character { found: c })?);
        }
        let (symbols, check) = values.split_at(16);
        if AnchorCode::check_value(seq, symbols) != check[0] {
            return Err(AnchorCodeError::Checksum);
        }
        let mut bits: u128 = 0;
        for s in symbols {
            bits = (bits << 5) | u128::from(*s);
        }
        let mut prefix = [0u8; ANCHOR_BYTES];
        for (i, b) in prefix.iter_mut().enumerate() {
            *b = (bits >> (8 * (ANCHOR_BYTES - 1 - i))) as u8;
        }
        // Record 1 is the first; there is no anchor before it.
        let seq = seq
            .parse()
            .ok()
            .filter(|n: &i64| *n >= 1)
            .ok_or(AnchorCodeError::Shape)?;
        Ok(AnchorCode { seq, prefix })
    }
}

impl std::fmt::Display for AnchorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let symbols = self.symbols();
        let check = AnchorCode::check_value(&self.seq.to_string(), &symbols);
        let text: Vec<char> = symbols
            .iter()
            .map(|s| ALPHABET[usize::from(*s)] as char)
            .collect();
        write!(f, "{}", self.seq)?;
        for group in text.chunks(4) {
            write!(f, "-{}", group.iter().collect::<String>())?;
        }
        write!(f, "-{}", ALPHABET[usize::from(check)] as char)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(seq: i64, prev: &str) -> AuditRecord {
        let mut r = AuditRecord {
            seq,
            at: "2025-06-02T00:00:00Z".into(),
            actor: "t".into(),
            action: "answer".into(),
            entity: "checks".into(),
            entity_id: seq,
            row_hash: "ab".repeat(32),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        r.hash = r.recompute();
        r
    }

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut out: Vec<AuditRecord> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map_or(GENESIS.to_string(), |r| r.hash.clone());
            out.push(record(seq, &prev));
        }
        out
    }

    #[test]
    fn a_log_checks_and_every_fault_is_named() {
        let log = AuditLog::new(chain(4));
        assert_eq!(log.check(), Ok(()));
        let mut l = log.clone();
        l.records.remove(1);
        assert_eq!(
            l.check(),
            Err(ChainFault::Gap {
                expected: 2,
                found: 3
            })
        );
        let mut l = log.clone();
        l.records[2].action = "update".into();
        assert_eq!(l.check(), Err(ChainFault::Hash { seq: 3 }));
        // Rewritten and recomputed from record 3 on: the link to record 2 still holds, but
        // the head no longer does.
        let mut l = log.clone();
        l.records[2].action = "update".into();
        l.records[2].hash = l.records[2].recompute();
        assert_eq!(l.check(), Err(ChainFault::Link { seq: 4 }));
        let mut l = log.clone();
        l.records.pop();
        assert_eq!(l.check(), Err(ChainFault::Head));
        assert_eq!(AuditLog::new(vec![]).check(), Ok(()));
    }

    #[test]
    fn history_comparison_names_the_first_rewritten_record() {
        let earlier = chain(3);
        let mut later = chain(5);
        assert_eq!(
            compare_history(&earlier, &later),
            HistoryCheck::Unchanged { upto: 3, added: 2 }
        );
        assert!(compare_history(&earlier, &earlier).unchanged());
        assert_eq!(
            compare_history(&[], &later),
            HistoryCheck::Unchanged { upto: 0, added: 5 }
        );
        // Record 2 rewritten and everything after it recomputed: the later log is one valid
        // chain, and still differs from the earlier one at record 2.
        later[1].row_hash = "cd".repeat(32);
        let mut prev = later[0].hash.clone();
        for r in later.iter_mut().skip(1) {
            r.prev_hash = prev;
            r.hash = r.recompute();
            prev = r.hash.clone();
        }
        assert_eq!(AuditLog::new(later.clone()).check(), Ok(()));
        match compare_history(&earlier, &later) {
            HistoryCheck::Rewritten { seq, field, .. } => {
                assert_eq!((seq, field.as_str()), (2, "row_hash"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            compare_history(&earlier, &later[..1]),
            HistoryCheck::Shortened { upto: 3, last: 1 }
        );
    }

    #[test]
    fn first_difference_names_the_field() {
        let a = record(1, GENESIS);
        let mut b = a.clone();
        b.actor = "x".into();
        assert_eq!(
            a.first_difference(&b),
            Some(("actor", "t".to_string(), "x".to_string()))
        );
        assert_eq!(a.first_difference(&a), None);
    }

    #[test]
    fn anchor_code_round_trips_and_reads_leniently() {
        let head = AuditHead {
            seq: 42,
            hash: "ffee0123456789abcdef".to_string() + &"0".repeat(44),
        };
        let code = AnchorCode::of(&head).unwrap();
        let text = code.to_string();
        assert!(text.starts_with("42-"), "{text}");
        assert_eq!(text.len(), "42-".len() + 4 * 5 + 1, "{text}");
        assert_eq!(AnchorCode::parse(&text), Ok(code.clone()));
        assert_eq!(
            AnchorCode::parse(&text.to_lowercase().replace('-', " - ")),
            Ok(code.clone())
        );
        assert!(code.matches(&head.hash));
        assert!(!code.matches(&"0".repeat(64)));
        assert_eq!(AnchorCode::parse("hello"), Err(AnchorCodeError::Shape));
        let zero = AnchorCode {
            seq: 0,
            prefix: [0; 10],
        };
        assert_eq!(
            AnchorCode::parse(&zero.to_string()),
            Err(AnchorCodeError::Shape)
        );
        assert_eq!(
            AnchorCode::parse("42-ABCD"),
            Err(AnchorCodeError::Length { found: 4 })
        );
        assert_eq!(
            AnchorCode::parse("42-ABCD-ABCD-ABCD-ABCD-U"),
            Err(AnchorCodeError::Character { found: 'U' })
        );
    }

    proptest! {
        /// Any single misread character (in the number or the code) is caught.
        #[test]
        fn one_wrong_character_is_caught(seq in 1i64..1_000_000, prefix in any::<[u8; 10]>(), at in any::<prop::sample::Index>(), by in 1u8..32) {
            let code = AnchorCode { seq, prefix };
            let text = code.to_string();
            let positions: Vec<usize> = text.char_indices().filter(|(_, c)| *c != '-').map(|(i, _)| i).collect();
            let i = positions[at.index(positions.len())];
            let c = text.as_bytes()[i] as char;
            let changed = if c.is_ascii_digit() && i < text.find('-').unwrap() {
                char::from(b'0' + ((c as u8 - b'0' + by % 9 + 1) % 10))
            } else {
                let v = value_of(c).unwrap();
                ALPHABET[usize::from((v + by) % 32)] as char
            };
            let mut bad = text.clone();
            bad.replace_range(i..i + 1, &changed.to_string());
            prop_assume!(!(i == 0 && changed == '0'));
            prop_assert_ne!(AnchorCode::parse(&bad), Ok(code));
        }
    }
}
