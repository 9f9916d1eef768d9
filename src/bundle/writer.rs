//! Writing a bundle: members hashed, the manifest signed, everything packed into one tar file
//! created owner-only and renamed into place only when complete.

use std::path::Path;

use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};

use super::fs::hex;
use super::keys::fingerprint;
use super::manifest::{FileEntry, Manifest, ManifestFacility, SCHEMA};
use super::{MANIFEST, SIGNATURE};
use crate::fsio::AtomicFile;

/// One file to put in the bundle.
pub struct Member {
    pub path: String,
    pub content: Vec<u8>,
}

/// What the manifest says besides the files.
pub struct BundleInfo {
    pub facility: ManifestFacility,
    pub edition: String,
    pub sheet: String,
    pub fiscal_year: i16,
    pub created_at: String,
}

/// Member name for an evidence file: its id keeps names unique; characters that mean something
/// to a file system become `_`, and the name is cut to 80 characters.
pub fn evidence_member_name(id: i64, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let clean = clean.trim_start_matches('.');
    format!(
        "evidence/{id}-{}",
        if clean.is_empty() { "file" } else { clean }
    )
}

fn append(
    b: &mut tar::Builder<&mut std::fs::File>,
    path: &str,
    content: &[u8],
    mtime: u64,
) -> std::io::Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_size(content.len() as u64);
    h.set_mode(0o600);
    h.set_mtime(mtime);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, path, content)
}

/// Write the bundle to `out` and return its manifest.
pub fn write_bundle(
    out: &Path,
    members: &[Member],
    info: BundleInfo,
    key: &SigningKey,
) -> std::io::Result<Manifest> {
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
            })
            .collect(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    let signature = hex(&key.sign(&manifest_bytes).to_bytes());
    let mtime = jiff::Timestamp::now().as_second().max(0) as u64;

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
