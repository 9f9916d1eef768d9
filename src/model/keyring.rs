//! The inspector's facility keys (`kensa.inspector-keys/1`): which signing key the inspector has
//! confirmed for which facility, by 医療機関コード. Pure data and the rules of trust; reading and
//! writing the file is `crate::inspect::keys`.
//!
//! The rules: a bundle is accepted only when its key is trusted for the facility its record
//! names. A key never seen for that facility is 未登録 (its fingerprint is shown so it can be
//! confirmed by phone); a known facility's bundle signed by another key is refused until the
//! inspector trusts that key explicitly; a revoked key is refused. Nothing is ever deleted:
//! a revoked key stays in the file with when and by whom, so the history of trust is kept.

use serde::{Deserialize, Serialize};

use super::asset::fold_fullwidth;
use super::facility::PREFECTURES;

/// Schema tag of the keys file.
pub const SCHEMA: &str = "kensa.inspector-keys/1";

/// One key the inspector trusted for one facility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// 医療機関コード, 10 digits.
    pub facility: String,
    /// `1a2b-3c4d-…` as printed in the facility's report.
    pub fingerprint: String,
    /// The 64-digit public key, when it was trusted from a `.pub` file or the full key.
    #[serde(default)]
    pub public_key: Option<String>,
    /// The facility's name as the inspector noted it (from the bundle, or `--name`).
    #[serde(default)]
    pub name: Option<String>,
    /// RFC 3339 UTC.
    pub trusted_at: String,
    pub trusted_by: String,
    /// Set by `kensa keys revoke`; a revoked key is refused from then on.
    #[serde(default)]
    pub revoked_at: Option<String>,
    #[serde(default)]
    pub revoked_by: Option<String>,
}

impl TrustedKey {
    pub fn active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// Every key the inspector has trusted, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyring {
    pub schema: String,
    pub keys: Vec<TrustedKey>,
}

impl Default for Keyring {
    fn default() -> Self {
        Keyring {
            schema: SCHEMA.to_string(),
            keys: Vec::new(),
        }
    }
}

/// What the keys say about a bundle's signing key for the facility its record names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyStatus {
    /// Trusted for this facility.
    Trusted,
    /// 未登録の鍵: no key of this facility is trusted yet. `trusted_for`: other facilities the
    /// same key is trusted for (a key shared between facilities is worth a question).
    Unknown { trusted_for: Vec<String> },
    /// The facility is known with another key (`trusted`: those fingerprints): refused until the
    /// inspector trusts this one explicitly.
    OtherKey { trusted: Vec<String> },
    /// This key was trusted for the facility and has been revoked.
    Revoked { revoked_at: String },
    /// The record names no 医療機関コード, so the bundle cannot be matched to a facility.
    NoInstitutionCode,
}

impl KeyStatus {
    pub fn trusted(&self) -> bool {
        matches!(self, KeyStatus::Trusted)
    }

    /// Short id for JSON and spreadsheets.
    pub fn id(&self) -> &'static str {
        match self {
            KeyStatus::Trusted => "trusted",
            KeyStatus::Unknown { .. } => "unknown",
            KeyStatus::OtherKey { .. } => "other_key",
            KeyStatus::Revoked { .. } => "revoked",
            KeyStatus::NoInstitutionCode => "no_institution_code",
        }
    }
}

/// Why the keys were not changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringError {
    /// The key is already trusted for the facility.
    AlreadyTrusted,
    /// No active key matches what was to be revoked.
    NotFound,
}

/// What `trust` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trusted {
    /// Other active keys of the same facility, which stay trusted until revoked.
    pub also_trusted: Vec<String>,
    /// Other facilities the same key is trusted for.
    pub shared_with: Vec<String>,
}

impl Keyring {
    /// The status of the key with `fingerprint` for the facility with 医療機関コード `facility`.
    pub fn status(&self, facility: Option<&str>, fingerprint: &str) -> KeyStatus {
        let Some(code) = facility else {
            return KeyStatus::NoInstitutionCode;
        };
        let of_facility: Vec<&TrustedKey> =
            self.keys.iter().filter(|k| k.facility == code).collect();
        if of_facility
            .iter()
            .any(|k| k.fingerprint == fingerprint && k.active())
        {
            return KeyStatus::Trusted;
        }
        if let Some(k) = of_facility
            .iter()
            .rev()
            .find(|k| k.fingerprint == fingerprint)
        {
            return KeyStatus::Revoked {
                revoked_at: k.revoked_at.clone().unwrap_or_default(),
            };
        }
        let trusted: Vec<String> = of_facility
            .iter()
            .filter(|k| k.active())
            .map(|k| k.fingerprint.clone())
            .collect();
        if !trusted.is_empty() {
            return KeyStatus::OtherKey { trusted };
        }
        KeyStatus::Unknown {
            trusted_for: self.facilities_of(fingerprint, code),
        }
    }

    /// Facilities other than `except` the key is actively trusted for.
    fn facilities_of(&self, fingerprint: &str, except: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .keys
            .iter()
            .filter(|k| k.fingerprint == fingerprint && k.active() && k.facility != except)
            .map(|k| k.facility.clone())
            .collect();
        out.dedup();
        out
    }

    /// Trust `key` for its facility. A revoked key may be trusted again: that is a new entry,
    /// and the old one keeps its revocation.
    pub fn trust(&mut self, key: TrustedKey) -> Result<Trusted, KeyringError> {
        if self.status(Some(&key.facility), &key.fingerprint) == KeyStatus::Trusted {
            return Err(KeyringError::AlreadyTrusted);
        }
        let also_trusted = self
            .keys
            .iter()
            .filter(|k| k.facility == key.facility && k.active())
            .map(|k| k.fingerprint.clone())
            .collect();
        let shared_with = self.facilities_of(&key.fingerprint, &key.facility);
        self.keys.push(key);
        Ok(Trusted {
            also_trusted,
            shared_with,
        })
    }

    /// Revoke the active key with `fingerprint` (for `facility` only, when given). Returns the
    /// facilities it was revoked for.
    pub fn revoke(
        &mut self,
        facility: Option<&str>,
        fingerprint: &str,
        at: &str,
        by: &str,
    ) -> Result<Vec<String>, KeyringError> {
        let mut revoked = Vec::new();
        for k in &mut self.keys {
            if k.fingerprint == fingerprint
                && k.active()
                && facility.is_none_or(|f| f == k.facility)
            {
                k.revoked_at = Some(at.to_string());
                k.revoked_by = Some(by.to_string());
                revoked.push(k.facility.clone());
            }
        }
        if revoked.is_empty() {
            return Err(KeyringError::NotFound);
        }
        Ok(revoked)
    }
}

/// A 医療機関コード as typed for `--facility`: full-width digits folded, spaces and hyphens
/// removed; 10 digits whose first two are a 都道府県番号. The kind of facility is not known here,
/// so the 点数表番号 is not checked (the record's own profile was checked when it was entered).
pub fn normalize_institution_code(raw: &str) -> Option<String> {
    let code: String = fold_fullwidth(raw)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '-' | '\u{3000}' | '\u{2010}'..='\u{2015}' | '\u{30fc}'
            )
        })
        .collect();
    if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pref: usize = code[..2].parse().ok()?;
    (1..=PREFECTURES.len()).contains(&pref).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(facility: &str, fp: &str) -> TrustedKey {
        TrustedKey {
            facility: facility.into(),
            fingerprint: fp.into(),
            public_key: None,
            name: None,
            trusted_at: "2025-10-01T00:00:00Z".into(),
            trusted_by: "t".into(),
            revoked_at: None,
            revoked_by: None,
        }
    }

    #[test]
    fn trust_states() {
        let mut ring = Keyring::default();
        assert_eq!(
            ring.status(Some("1311234567"), "aaaa"),
            KeyStatus::Unknown {
                trusted_for: vec![]
            }
        );
        assert_eq!(ring.status(None, "aaaa"), KeyStatus::NoInstitutionCode);
        ring.trust(key("1311234567", "aaaa")).unwrap();
        assert_eq!(ring.status(Some("1311234567"), "aaaa"), KeyStatus::Trusted);
        assert_eq!(
            ring.trust(key("1311234567", "aaaa")),
            Err(KeyringError::AlreadyTrusted)
        );
        // A second key for a known facility is refused until trusted.
        assert_eq!(
            ring.status(Some("1311234567"), "bbbb"),
            KeyStatus::OtherKey {
                trusted: vec!["aaaa".into()]
            }
        );
        // The same key for another facility: unknown there, and the sharing is named.
        assert_eq!(
            ring.status(Some("1411234567"), "aaaa"),
            KeyStatus::Unknown {
                trusted_for: vec!["1311234567".into()]
            }
        );
        let t = ring.trust(key("1311234567", "bbbb")).unwrap();
        assert_eq!(t.also_trusted, vec!["aaaa".to_string()]);
        assert_eq!(ring.status(Some("1311234567"), "bbbb"), KeyStatus::Trusted);
        assert_eq!(
            ring.revoke(Some("1311234567"), "aaaa", "2025-11-01T00:00:00Z", "t"),
            Ok(vec!["1311234567".to_string()])
        );
        assert_eq!(
            ring.status(Some("1311234567"), "aaaa"),
            KeyStatus::Revoked {
                revoked_at: "2025-11-01T00:00:00Z".into()
            }
        );
        assert_eq!(
            ring.revoke(None, "aaaa", "x", "t"),
            Err(KeyringError::NotFound)
        );
        // Trusted again explicitly: a new entry; the revocation stays on record.
        ring.trust(key("1311234567", "aaaa")).unwrap();
        assert_eq!(ring.status(Some("1311234567"), "aaaa"), KeyStatus::Trusted);
        assert_eq!(ring.keys.len(), 3);
        assert!(ring.keys[0].revoked_at.is_some());
    }

    #[test]
    fn institution_codes_as_typed() {
        assert_eq!(
            normalize_institution_code("１３-1 1234567"),
            Some("1311234567".into())
        );
        assert_eq!(normalize_institution_code("4811234567"), None);
        assert_eq!(normalize_institution_code("131123456"), None);
        assert_eq!(normalize_institution_code("13112345a7"), None);
    }
}
