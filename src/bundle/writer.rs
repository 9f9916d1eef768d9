//! Writing a bundle: members hashed, the manifest signed, everything packed into one tar file
//! created owner-only and renamed into place only when complete. Every member name is checked
//! with the reader's own rules before anything is written, and every header carries the fixed
//! fields the reader demands, so kensa never writes a bundle its own `verify` refuses.

use std::path::Path;

use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};

use super::fs::hex;
use super::keys::fingerprint;
use super::manifest::{FileEntry, Manifest, ManifestFacility, SCHEMA};
use super::reader::unsafe_name;
use super::{MANIFEST, MAX_WRITTEN_NAME_BYTES, MEMBER_MODE, SIGNATURE};
use crate::fsio::AtomicFile;

/// One file to put in the bundle. Adding a member is one call:
/// `members.push(Member::json("record.json", &record)?)`.
pub struct Member {
    /// Member name; checked by [`write_bundle`] (safe, unique, at most
    /// [`MAX_WRITTEN_NAME_BYTES`] bytes).
    pub path: String,
    pub content: Vec<u8>,
    /// The name the file had outside the bundle, when the member name had to differ from it;
    /// kept in the manifest.
    pub original_name: Option<String>,
}

impl Member {
    /// A member under a name kensa chose (`report.html`, `audit.json`, …).
    pub fn new(path: impl Into<String>, content: Vec<u8>) -> Member {
        Member {
            path: path.into(),
            content,
            original_name: None,
        }
    }

    /// A member holding `value` as indented JSON.
    pub fn json(path: impl Into<String>, value: &impl serde::Serialize) -> std::io::Result<Member> {
        let content = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
        Ok(Member::new(path, content))
    }

    /// An evidence file: stored as [`evidence_member_name`], its own name kept in the manifest.
    pub fn evidence(id: i64, name: &str, content: Vec<u8>) -> Member {
        Member {
            path: evidence_member_name(id, name),
            content,
            original_name: Some(name.to_string()),
        }
    }

    /// An MDS/SDS file a vendor handed over: `disclosures/<id>-<name>`, named like evidence.
    pub fn disclosure(id: i64, name: &str, content: Vec<u8>) -> Member {
        Member {
            path: member_name("disclosures", id, name),
            content,
            original_name: Some(name.to_string()),
        }
    }
}

/// What the manifest says besides the files.
pub struct BundleInfo {
    pub facility: ManifestFacility,
    pub edition: String,
    pub sheet: String,
    pub fiscal_year: i16,
    /// RFC 3339; also the modification time of every member.
    pub created_at: String,
}

/// Characters that would be read as something else: control characters, the invisible
/// direction and format marks that make a name display differently from what it is, and the
/// characters Windows does not allow in file names (`/` and `\` also separate folders).
fn replaced(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Member name for an evidence file: `evidence/<id>-<name>`. The id keeps names unique, so
/// shortening can never make two the same. Characters that mean something to a file system or
/// a terminal become `_`; leading dots and trailing dots and spaces are dropped (hidden files,
/// Windows); the name is cut on a character boundary so the whole member name fits the tar
/// header's 100 bytes, keeping a short extension (`.pdf`) so the file still opens. An empty
/// result becomes `file`. The same input always gives the same name.
pub fn evidence_member_name(id: i64, name: &str) -> String {
    member_name("evidence", id, name)
}

/// [`evidence_member_name`] in another folder.
fn member_name(folder: &str, id: i64, name: &str) -> String {
    let prefix = format!("{folder}/{id}-");
    let clean: String = name
        .chars()
        .map(|c| if replaced(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_start_matches('.').trim_end_matches(['.', ' ']);
    let budget = MAX_WRITTEN_NAME_BYTES.saturating_sub(prefix.len());
    let shortened = if clean.len() <= budget {
        clean.to_string()
    } else {
        let ext = clean
            .rfind('.')
            .map(|i| &clean[i..])
            .filter(|e| e.len() <= 10 && e[1..].chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or("");
        let stem = &clean[..clean.len() - ext.len()];
        format!(
            "{}{ext}",
            cut(stem, budget - ext.len()).trim_end_matches(['.', ' '])
        )
    };
    let shortened = if shortened.is_empty() || shortened.starts_with('.') {
        format!("file{shortened}")
    } else {
        shortened
    };
    format!("{prefix}{}", cut(&shortened, budget))
}

/// Refuse a member name the reader would refuse, or one that needs a tar extension.
fn check_names(members: &[Member]) -> std::io::Result<()> {
    let invalid = |name: &str, why: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("member name {name:?} cannot be written ({why})"),
        )
    };
    let mut seen = std::collections::BTreeSet::new();
    for m in members {
        if let Some(why) = unsafe_name(m.path.as_bytes()) {
            return Err(invalid(&m.path, why));
        }
        if m.path.len() > MAX_WRITTEN_NAME_BYTES {
            return Err(invalid(&m.path, "too long"));
        }
        if m.path == MANIFEST || m.path == SIGNATURE || !seen.insert(m.path.as_str()) {
            return Err(invalid(&m.path, "appears twice"));
        }
    }
    Ok(())
}

/// A member with kensa's fixed header fields (see the module documentation of `bundle`).
fn append(
    b: &mut tar::Builder<&mut std::fs::File>,
    path: &str,
    content: &[u8],
    mtime: u64,
) -> std::io::Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_path(path)?;
    h.set_size(content.len() as u64);
    h.set_mode(MEMBER_MODE);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(mtime);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    b.append(&h, content)
}

/// Write the bundle to `out` and return its manifest.
pub fn write_bundle(
    out: &Path,
    members: &[Member],
    info: BundleInfo,
    key: &SigningKey,
) -> std::io::Result<Manifest> {
    check_names(members)?;
    let mtime = info
        .created_at
        .parse::<jiff::Timestamp>()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?
        .as_second()
        .max(0) as u64;
    let public = key.verifying_key();
    let manifest = Manifest {
        schema: SCHEMA.to_string(),
        kensa_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: info.created_at,
        facility: info.facility,
        edition: info.edition,
        sheet: info.sheet,
        fiscal_year: info.fiscal_year,
        public_key: hex(public.as_bytes()),
        key_fingerprint: fingerprint(&public),
        files: members
            .iter()
            .map(|m| FileEntry {
                path: m.path.clone(),
                size: m.content.len() as u64,
                sha256: hex(&Sha256::digest(&m.content)),
                original_name: m.original_name.clone(),
            })
            .collect(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    let signature = hex(&key.sign(&manifest_bytes).to_bytes());

    let mut file = AtomicFile::create(out)?;
    {
        let mut b = tar::Builder::new(file.file());
        append(&mut b, MANIFEST, &manifest_bytes, mtime)?;
        append(&mut b, SIGNATURE, signature.as_bytes(), mtime)?;
        for m in members {
            append(&mut b, &m.path, &m.content, mtime)?;
        }
        b.finish()?;
    }
    file.commit()?;
    Ok(manifest)
}
