//! The inspector's facility keys on disk: `keys.json` (`kensa.inspector-keys/1`) in the
//! inspector's data folder, never in a hospital database.
//!
//! Why a JSON file and not a database: it holds one line per trusted key (a prefecture has a
//! few hundred facilities), it is read whole at every `inspect` and `aggregate`, and an inspector
//! may want to read it, back it up or hand it to a colleague with the bundles. A database would
//! add a schema and migrations for that and make the file opaque. It is written atomically
//! (`fsio::write_atomic`: a fresh owner-only temporary renamed over the old file), so an
//! interrupted write leaves the previous keys whole; nothing is ever removed from it (a revoked
//! key keeps its entry), so the history of trust stays readable.

use std::path::{Path, PathBuf};

use crate::fsio::{ReadFailure, read_limited, write_atomic};
use crate::model::keyring::{Keyring, SCHEMA};

/// Name of the keys file in the inspector's data folder.
pub const FILE: &str = "keys.json";
/// A keys file is a few hundred bytes per key; anything much larger is not one.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum KeysFileError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}, column {column}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: schema `{found}` is not {SCHEMA}")]
    Schema { path: PathBuf, found: String },
    #[error("{path}: larger than {limit} bytes")]
    TooLarge { path: PathBuf, limit: u64 },
}

pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// The keys, or none yet when the file does not exist.
pub fn load(dir: &Path) -> Result<Keyring, KeysFileError> {
    let file = path(dir);
    if !file.exists() && std::fs::symlink_metadata(&file).is_err() {
        return Ok(Keyring::default());
    }
    let bytes = read_limited(&file, MAX_BYTES).map_err(|e| match e {
        ReadFailure::Io(source) => KeysFileError::Io {
            path: file.clone(),
            source,
        },
        ReadFailure::TooLarge { .. } => KeysFileError::TooLarge {
            path: file.clone(),
            limit: MAX_BYTES,
        },
    })?;
    #[derive(serde::Deserialize)]
    struct Tag {
        schema: Option<String>,
    }
    let json = |e: serde_json::Error| KeysFileError::Json {
        path: file.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let tag: Tag = serde_json::from_slice(&bytes).map_err(json)?;
    if tag.schema.as_deref() != Some(SCHEMA) {
        return Err(KeysFileError::Schema {
            path: file,
            found: tag.schema.unwrap_or_default(),
        });
    }
    serde_json::from_slice(&bytes).map_err(json)
}

/// Write the keys (the folder is created owner-only when missing).
pub fn save(dir: &Path, keyring: &Keyring) -> Result<PathBuf, KeysFileError> {
    let file = path(dir);
    let io = |source| KeysFileError::Io {
        path: file.clone(),
        source,
    };
    crate::fsio::create_private_dir(dir).map_err(io)?;
    let mut text =
        serde_json::to_string_pretty(keyring).map_err(|e| io(std::io::Error::other(e)))?;
    text.push('\n');
    write_atomic(&file, text.as_bytes()).map_err(io)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keyring::TrustedKey;

    #[test]
    fn round_trip_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("inspector");
        assert_eq!(load(&d).unwrap(), Keyring::default());
        let mut ring = Keyring::default();
        ring.trust(TrustedKey {
            facility: "1311234567".into(),
            fingerprint: "aaaa".into(),
            public_key: None,
            name: Some("みなと市民病院".into()),
            trusted_at: "2025-10-01T00:00:00Z".into(),
            trusted_by: "t".into(),
            revoked_at: None,
            revoked_by: None,
        })
        .unwrap();
        save(&d, &ring).unwrap();
        assert_eq!(load(&d).unwrap(), ring);
        std::fs::write(
            path(&d),
            "{\"schema\":\"kensa.inspector-keys/2\",\"keys\":[]}",
        )
        .unwrap();
        assert!(matches!(load(&d), Err(KeysFileError::Schema { .. })));
        std::fs::write(path(&d), "{\n  \"schema\": ").unwrap();
        assert!(matches!(load(&d), Err(KeysFileError::Json { line: 2, .. })));
    }
}
