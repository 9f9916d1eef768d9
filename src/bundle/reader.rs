//! Reading and checking a bundle, hardened against hostile files: every member name is checked
//! before use (no absolute paths, no `..`, no odd characters), duplicates, links, special files
//! and extended headers are refused, a member cannot be larger than the limits or the file
//! itself, and the whole file is read once, streaming, with every member hashed as it passes.
//!
//! The container is an uncompressed tar file, so there is nothing to decompress: no member can
//! expand beyond the bytes that are actually in the bundle (no "zip bomb" is possible).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use super::fs::{hex, unhex};
use super::keys::{ExpectedKey, fingerprint};
use super::manifest::{Manifest, SCHEMA};
use super::{AUDIT, EDITIONS_DIR, MANIFEST, MEMBER_MODE, RECORD, SIGNATURE};
use crate::model::audit::{AuditLog, ChainFault, LOG_SCHEMA};

/// Largest manifest accepted: a few hundred bytes per file.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// Largest member accepted (evidence is at most 32 MiB in the store; reports are smaller).
pub const MAX_MEMBER_BYTES: u64 = 512 * 1024 * 1024;
/// Most members accepted.
pub const MAX_MEMBERS: usize = 100_000;
/// Longest member name accepted, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// The bundle could not be read to the end; nothing in it can be trusted.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: damaged or truncated at member {member} ({detail})")]
    Damaged {
        path: PathBuf,
        member: String,
        detail: String,
    },
    #[error("{path}: member name {name:?} is not allowed ({why})")]
    UnsafeName {
        path: PathBuf,
        name: String,
        why: &'static str,
    },
    #[error("{path}: member {name} appears twice")]
    Duplicate { path: PathBuf, name: String },
    #[error("{path}: member {name} is {size} bytes, over the limit of {limit}")]
    Oversized {
        path: PathBuf,
        name: String,
        size: u64,
        limit: u64,
    },
    #[error("{path}: member {name} has {field} {value}; kensa writes only {allowed}")]
    UnsafeHeader {
        path: PathBuf,
        name: String,
        field: &'static str,
        value: String,
        allowed: &'static str,
    },
    #[error("{path}: member {name} is not a regular file ({kind})")]
    NotRegular {
        path: PathBuf,
        name: String,
        kind: String,
    },
    #[error("{path}: more than {limit} members")]
    TooManyMembers { path: PathBuf, limit: usize },
    #[error("{path}: {member} must be member number {position} of a kensa bundle")]
    Misplaced {
        path: PathBuf,
        member: &'static str,
        position: usize,
    },
    #[error("{path}: not a kensa bundle (no {member})")]
    Missing { path: PathBuf, member: &'static str },
}

/// Something found wrong in a bundle that was read to the end.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// manifest.json is not a readable kensa manifest.
    ManifestUnreadable { detail: String },
    /// manifest.sig is not a signature (wrong length or not hex).
    SignatureMalformed,
    /// The manifest's public key is not a valid ed25519 key.
    PublicKeyMalformed,
    /// The signature does not match the manifest: the manifest or the signature was altered.
    SignatureInvalid,
    /// The manifest names another key than the one expected. With `signature_valid` the
    /// bundle is intact as signed by that other key; without, it was also altered.
    KeyMismatch {
        expected: String,
        found: String,
        signature_valid: bool,
    },
    /// A member's bytes differ from what the manifest recorded.
    FileChanged { path: String },
    /// A member the manifest lists is not in the bundle.
    FileMissing { path: String },
    /// A member is in the bundle but not in the manifest.
    FileAdded { path: String },
    /// Bytes between members that should be zero are not.
    PaddingAltered { after: String },
    /// The end-of-archive marker is missing (the file was cut short).
    Truncated,
    /// Data follows the end of the archive.
    TrailingData,
    /// `audit.json` is as signed but is not one unbroken audit chain ending in its head.
    AuditLogInvalid { detail: String },
    /// The manifest is tagged with a later schema than this kensa reads (`kensa.manifest/2`):
    /// the bundle was made by a newer kensa, so nothing in it is checked.
    SchemaNewer { member: String, schema: String },
}

/// What a bundle that was read to the end is, from its problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every member as signed, by the expected key if one was given.
    Intact,
    /// Every member as signed, but signed by another key than the one expected: not a changed
    /// bundle, but not the facility's either.
    OtherKey,
    /// Something was changed, added or removed after signing.
    Changed,
}

/// The result of reading a bundle to the end.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verification {
    pub manifest: Option<Manifest>,
    pub key_fingerprint: Option<String>,
    /// Members other than the manifest and the signature.
    pub files: usize,
    pub bytes: u64,
    pub problems: Vec<Problem>,
    /// `audit.json`, when the bundle has one that is as signed and one unbroken chain.
    #[serde(skip)]
    pub audit: Option<AuditLog>,
    /// The bytes of the members an inspector reads back ([`is_kept`]: `record.json`,
    /// `editions/*.yaml`), only those that are exactly as signed.
    #[serde(skip)]
    pub contents: BTreeMap<String, Vec<u8>>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn verdict(&self) -> Verdict {
        if self.problems.is_empty() {
            Verdict::Intact
        } else if self.problems.iter().all(|p| {
            matches!(
                p,
                Problem::KeyMismatch {
                    signature_valid: true,
                    ..
                }
            )
        }) {
            Verdict::OtherKey
        } else {
            Verdict::Changed
        }
    }
}

/// A numeric header field as a number: octal text ended by NUL or space, or all NUL (zero).
/// The base-256 form is never written by kensa and is refused (`None`).
fn header_number(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let text = std::str::from_utf8(field).ok()?;
    let text = text.trim_matches(|c| c == '\0' || c == ' ');
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

/// The header fields kensa writes the same for every member (see the `bundle` module): the
/// first that differs, as (field, value found, value allowed).
fn unsafe_header(
    header: &tar::Header,
    link_name: Option<&[u8]>,
) -> Option<(&'static str, String, &'static str)> {
    let old = header.as_old();
    let number = |field: &[u8]| header_number(field);
    let mode = number(&old.mode);
    if mode != Some(u64::from(MEMBER_MODE)) {
        let shown = mode.map_or_else(|| "?".to_string(), |m| format!("{m:o}"));
        return Some(("mode", shown, "600"));
    }
    for (field, raw) in [("uid", &old.uid), ("gid", &old.gid)] {
        match number(raw) {
            Some(0) => {}
            other => {
                let shown = other.map_or_else(|| "?".to_string(), |n| n.to_string());
                return Some((field, shown, "0"));
            }
        }
    }
    let names = header
        .as_gnu()
        .map(|g| {
            (
                &g.uname[..],
                &g.gname[..],
                &g.dev_major[..],
                &g.dev_minor[..],
            )
        })
        .or_else(|| {
            header.as_ustar().map(|u| {
                (
                    &u.uname[..],
                    &u.gname[..],
                    &u.dev_major[..],
                    &u.dev_minor[..],
                )
            })
        });
    if let Some((uname, gname, major, minor)) = names {
        for (field, raw) in [("uname", uname), ("gname", gname)] {
            let text = raw.split(|b| *b == 0).next().unwrap_or_default();
            if !text.is_empty() {
                return Some((field, String::from_utf8_lossy(text).into_owned(), "\"\""));
            }
        }
        for (field, raw) in [("devmajor", major), ("devminor", minor)] {
            if number(raw) != Some(0) {
                return Some((field, String::from_utf8_lossy(raw).into_owned(), "0"));
            }
        }
    }
    if let Some(link) = link_name.filter(|l| !l.is_empty()) {
        return Some((
            "linkname",
            String::from_utf8_lossy(link).into_owned(),
            "\"\"",
        ));
    }
    None
}

/// Why a member name is refused, if it is.
pub fn unsafe_name(name: &[u8]) -> Option<&'static str> {
    let Ok(s) = std::str::from_utf8(name) else {
        return Some("not UTF-8");
    };
    if s.is_empty() {
        return Some("empty");
    }
    if s.len() > MAX_NAME_BYTES {
        return Some("too long");
    }
    if s.starts_with('/') {
        return Some("absolute path");
    }
    if s.contains('\\') || s.contains(':') {
        return Some("backslash or drive letter");
    }
    if s.chars().any(char::is_control) {
        return Some("control character");
    }
    if s.split('/').any(|c| c == "..") {
        return Some("path traversal (..)");
    }
    if s.split('/').any(|c| c.is_empty() || c == ".") {
        return Some("empty or `.` path component");
    }
    None
}

struct Seen {
    name: String,
    data_pos: u64,
    size: u64,
}

/// Read and check the bundle at `path`. `expected`: the key the inspector was told to expect.
pub fn verify(path: &Path, expected: Option<&ExpectedKey>) -> Result<Verification, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    // A FIFO given as the bundle is refused here instead of hanging the verifier.
    let file = crate::fsio::open_regular(path).map_err(io)?;
    let file_len = file.metadata().map_err(io)?.len();
    verify_from(path, file, file_len, expected)
}

/// [`verify`] on a bundle already open (`file_len` bytes long); `path` names it in errors. The
/// fuzz target enters here with the bytes in memory.
pub fn verify_from<R: Read + Seek>(
    path: &Path,
    source: R,
    file_len: u64,
    expected: Option<&ExpectedKey>,
) -> Result<Verification, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    // 64 KiB buffers: large enough to stream at disk speed, small enough for the allocator to
    // reuse them between bundles instead of mapping fresh pages for each (a roll-up reads a
    // thousand bundles in one process).
    let mut archive = tar::Archive::new(BufReader::with_capacity(64 * 1024, source));
    let damaged = |member: &str, e: std::io::Error| ReadError::Damaged {
        path: path.to_path_buf(),
        member: member.to_string(),
        detail: e.to_string(),
    };

    let mut manifest_bytes: Option<Vec<u8>> = None;
    let mut signature_bytes: Option<Vec<u8>> = None;
    let mut hashes: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut seen: Vec<Seen> = Vec::new();
    let mut names = BTreeSet::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut kept: BTreeMap<String, Vec<u8>> = BTreeMap::new();

    let entries = archive.entries().map_err(|e| damaged("#1", e))?;
    for (i, entry) in entries.enumerate() {
        let here = || {
            seen.last().map_or_else(
                || format!("#{}", i + 1),
                |s| format!("#{} (after {})", i + 1, s.name),
            )
        };
        let mut entry = entry.map_err(|e| damaged(&here(), e))?;
        if i >= MAX_MEMBERS {
            return Err(ReadError::TooManyMembers {
                path: path.to_path_buf(),
                limit: MAX_MEMBERS,
            });
        }
        let raw_name = entry.path_bytes().into_owned();
        let name = String::from_utf8_lossy(&raw_name).into_owned();
        if let Some(why) = unsafe_name(&raw_name) {
            return Err(ReadError::UnsafeName {
                path: path.to_path_buf(),
                name,
                why,
            });
        }
        let kind = entry.header().entry_type();
        if kind != tar::EntryType::Regular {
            return Err(ReadError::NotRegular {
                path: path.to_path_buf(),
                name,
                kind: format!("{kind:?}"),
            });
        }
        let link_name = entry.link_name_bytes().map(|l| l.into_owned());
        if let Some((field, value, allowed)) = unsafe_header(entry.header(), link_name.as_deref()) {
            return Err(ReadError::UnsafeHeader {
                path: path.to_path_buf(),
                name,
                field,
                value,
                allowed,
            });
        }
        // kensa writes no PAX headers; one could rename or resize a member behind the header.
        if entry
            .pax_extensions()
            .map_err(|e| damaged(&name, e))?
            .is_some()
        {
            return Err(ReadError::NotRegular {
                path: path.to_path_buf(),
                name,
                kind: "pax extended header".into(),
            });
        }
        if !names.insert(name.clone()) {
            return Err(ReadError::Duplicate {
                path: path.to_path_buf(),
                name,
            });
        }
        let size = entry.size();
        let limit = match name.as_str() {
            MANIFEST => MAX_MANIFEST_BYTES,
            SIGNATURE => 1024,
            _ => MAX_MEMBER_BYTES,
        };
        // A size beyond the file's own length is a lie in the header; refuse before reading.
        if size > limit || size > file_len {
            return Err(ReadError::Oversized {
                path: path.to_path_buf(),
                name,
                size,
                limit: limit.min(file_len),
            });
        }
        for (member, position) in [(MANIFEST, 0), (SIGNATURE, 1)] {
            if (name == member) != (i == position) {
                return Err(ReadError::Misplaced {
                    path: path.to_path_buf(),
                    member,
                    position: position + 1,
                });
            }
        }
        let data_pos = entry.raw_file_position();
        if name == MANIFEST || name == SIGNATURE {
            let mut content = Vec::with_capacity(size as usize);
            (&mut entry)
                .take(limit)
                .read_to_end(&mut content)
                .map_err(|e| damaged(&name, e))?;
            if content.len() as u64 != size {
                return Err(damaged(&name, std::io::ErrorKind::UnexpectedEof.into()));
            }
            if name == MANIFEST {
                manifest_bytes = Some(content);
            } else {
                signature_bytes = Some(content);
            }
        } else {
            let mut hasher = Sha256::new();
            let mut read = 0u64;
            let mut keep = is_kept(&name).then(|| Vec::with_capacity(size as usize));
            loop {
                let n = entry.read(&mut buf).map_err(|e| damaged(&name, e))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                if let Some(k) = keep.as_mut() {
                    k.extend_from_slice(&buf[..n]);
                }
                read += n as u64;
            }
            if let Some(k) = keep {
                kept.insert(name.clone(), k);
            }
            if read != size {
                return Err(damaged(&name, std::io::ErrorKind::UnexpectedEof.into()));
            }
            hashes.insert(name.clone(), (size, hex(&hasher.finalize())));
            order.push(name.clone());
        }
        seen.push(Seen {
            name,
            data_pos,
            size,
        });
    }
    // The source again, to check the bytes the tar reader skipped (padding, trailer).
    let mut source = archive.into_inner().into_inner();

    let manifest_bytes = manifest_bytes.ok_or(ReadError::Missing {
        path: path.to_path_buf(),
        member: MANIFEST,
    })?;
    let signature_bytes = signature_bytes.ok_or(ReadError::Missing {
        path: path.to_path_buf(),
        member: SIGNATURE,
    })?;

    let mut problems = layout_problems(&mut source, &seen, file_len).map_err(io)?;

    let newer = newer_schema(&manifest_bytes);
    let manifest: Option<Manifest> = match serde_json::from_slice::<Manifest>(&manifest_bytes) {
        _ if newer.is_some() => {
            problems.push(Problem::SchemaNewer {
                member: MANIFEST.to_string(),
                schema: newer.unwrap_or_default(),
            });
            None
        }
        Ok(m) if m.schema == SCHEMA => Some(m),
        Ok(m) => {
            problems.push(Problem::ManifestUnreadable {
                detail: format!("schema `{}`, expected `{SCHEMA}`", m.schema),
            });
            None
        }
        Err(e) => {
            problems.push(Problem::ManifestUnreadable {
                detail: e.to_string(),
            });
            None
        }
    };
    let mut key_fingerprint = None;
    if let Some(m) = &manifest {
        let key = unhex(&m.public_key)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .and_then(|b| VerifyingKey::from_bytes(&b).ok());
        let sig = std::str::from_utf8(&signature_bytes)
            .ok()
            .and_then(|s| unhex(s.trim()))
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .map(|b| Signature::from_bytes(&b));
        match (key, sig) {
            (None, _) => problems.push(Problem::PublicKeyMalformed),
            (Some(_), None) => problems.push(Problem::SignatureMalformed),
            (Some(k), Some(s)) => {
                key_fingerprint = Some(fingerprint(&k));
                let signature_valid = k.verify_strict(&manifest_bytes, &s).is_ok();
                if !signature_valid {
                    problems.push(Problem::SignatureInvalid);
                }
                if let Some(exp) = expected
                    && !exp.matches(&k)
                {
                    problems.push(Problem::KeyMismatch {
                        expected: exp.describe(),
                        found: fingerprint(&k),
                        signature_valid,
                    });
                }
            }
        }
        let listed: BTreeSet<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
        for f in &m.files {
            match hashes.get(&f.path) {
                None => problems.push(Problem::FileMissing {
                    path: f.path.clone(),
                }),
                Some((size, sha)) if *size != f.size || *sha != f.sha256 => {
                    problems.push(Problem::FileChanged {
                        path: f.path.clone(),
                    })
                }
                Some(_) => {}
            }
        }
        for name in &order {
            if !listed.contains(name.as_str()) {
                problems.push(Problem::FileAdded { path: name.clone() });
            }
        }
    }
    // Only a member that is as signed is read back; a changed one is already a problem.
    let signed = |name: &str| {
        manifest.as_ref().is_some_and(|m| {
            m.files
                .iter()
                .any(|f| f.path == name && hashes.get(name) == Some(&(f.size, f.sha256.clone())))
        })
    };
    let mut audit = None;
    if let Some(bytes) = kept.get(AUDIT).filter(|_| signed(AUDIT)) {
        match read_audit_log(bytes) {
            Ok(log) => audit = Some(log),
            Err(detail) => problems.push(Problem::AuditLogInvalid { detail }),
        }
    }
    kept.retain(|name, _| name != AUDIT && signed(name));
    Ok(Verification {
        manifest,
        key_fingerprint,
        files: order.len(),
        bytes: hashes.values().map(|(s, _)| s).sum(),
        problems,
        audit,
        contents: kept,
    })
}

/// Members whose bytes are kept while they are hashed, to be read back after verification:
/// the audit log, and what an inspector's kensa judges the facility from (`record.json` and the
/// editions it embeds). Reports and evidence are only hashed, never held in memory.
pub fn is_kept(name: &str) -> bool {
    name == AUDIT
        || name == RECORD
        || name
            .strip_prefix(EDITIONS_DIR)
            .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".yaml"))
}

/// The schema tag of a manifest from a later kensa (`kensa.manifest/2` and up), if it is one.
/// Read on its own, so a manifest whose other fields this kensa does not know is still named.
fn newer_schema(manifest: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Tag {
        schema: String,
    }
    let tag: Tag = serde_json::from_slice(manifest).ok()?;
    let version: u32 = tag.schema.strip_prefix("kensa.manifest/")?.parse().ok()?;
    (version > 1).then_some(tag.schema)
}

/// `audit.json`: a `kensa.audit-log/1` whose records form one chain ending in its head.
fn read_audit_log(bytes: &[u8]) -> Result<AuditLog, String> {
    let log: AuditLog = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if log.schema != LOG_SCHEMA {
        return Err(format!("schema `{}`, expected `{LOG_SCHEMA}`", log.schema));
    }
    log.check().map_err(|f| match f {
        ChainFault::Gap { expected, found } => {
            format!("record {expected} missing (found {found})")
        }
        ChainFault::Link { seq } => format!("record {seq} does not link to record {}", seq - 1),
        ChainFault::Hash { seq } => format!("record {seq}: hash does not match its fields"),
        ChainFault::Head => "the head is not the last record".to_string(),
    })?;
    Ok(log)
}

/// The bytes a tar reader skips must be as kensa wrote them: zero padding after each member and
/// the two zero blocks that end the archive, with nothing after them.
fn layout_problems(
    f: &mut (impl Read + Seek),
    seen: &[Seen],
    file_len: u64,
) -> std::io::Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut end = 0;
    for s in seen {
        let data_end = s.data_pos + s.size;
        let padded = data_end.div_ceil(512) * 512;
        if padded > data_end {
            f.seek(SeekFrom::Start(data_end))?;
            let mut pad = vec![0u8; (padded - data_end) as usize];
            if f.read_exact(&mut pad).is_err() {
                problems.push(Problem::Truncated);
                return Ok(problems);
            }
            if pad.iter().any(|b| *b != 0) {
                problems.push(Problem::PaddingAltered {
                    after: s.name.clone(),
                });
            }
        }
        end = padded;
    }
    if file_len < end + 1024 {
        problems.push(Problem::Truncated);
        return Ok(problems);
    }
    f.seek(SeekFrom::Start(end))?;
    let mut rest = Vec::new();
    // The trailer is two blocks; a writer may pad to a 10 KiB record. More is appended data.
    f.take(64 * 1024).read_to_end(&mut rest)?;
    if rest.iter().any(|b| *b != 0) || file_len - end > 64 * 1024 {
        problems.push(Problem::TrailingData);
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::manifest::ManifestFacility;
    use crate::bundle::writer::{BundleInfo, Member, write_bundle};
    use ed25519_dalek::SigningKey;
    use proptest::prelude::*;

    fn info() -> BundleInfo {
        BundleInfo {
            facility: ManifestFacility {
                name: "みなと市民病院".into(),
                kind: "病院".into(),
                prefecture: None,
            },
            edition: "hospital-r7".into(),
            sheet: "hospital-r7-2025".into(),
            fiscal_year: 2025,
            created_at: "2025-10-01T00:00:00Z".into(),
        }
    }

    fn sample(dir: &Path) -> (PathBuf, Vec<u8>) {
        let path = dir.join("b.tar");
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let members = vec![
            Member::new(
                "report.html",
                "<h1>みなと市民病院</h1>".repeat(20).into_bytes(),
            ),
            Member::evidence(1, "a.txt", b"evidence".to_vec()),
        ];
        let info = BundleInfo {
            facility: ManifestFacility {
                name: "みなと市民病院".into(),
                kind: "病院".into(),
                prefecture: None,
            },
            edition: "hospital-r7".into(),
            sheet: "hospital-r7-2025".into(),
            fiscal_year: 2025,
            created_at: "2025-10-01T00:00:00Z".into(),
        };
        write_bundle(&path, &members, info, &key).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        (path, bytes)
    }

    /// Offsets of the header checksum fields: a tar reader parses them leniently (a leading
    /// `0` may become a space), so a change there alone alters no content and is not required
    /// to be found.
    fn checksum_fields(path: &Path) -> Vec<std::ops::Range<usize>> {
        let mut a = tar::Archive::new(std::fs::File::open(path).unwrap());
        a.entries()
            .unwrap()
            .map(|e| {
                let h = e.unwrap().raw_header_position() as usize;
                h + 148..h + 156
            })
            .collect()
    }

    #[test]
    fn intact_bundle_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = sample(dir.path());
        let v = verify(&path, None).unwrap();
        assert!(v.intact(), "{:?}", v.problems);
        assert_eq!(v.files, 2);
    }

    #[test]
    fn the_record_and_editions_are_kept_only_as_signed() {
        assert!(is_kept("record.json") && is_kept("editions/hospital-r7.yaml"));
        assert!(!is_kept("editions/a/b.yaml") && !is_kept("report.html"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.tar");
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let members = vec![
            Member::new("record.json", b"{\"schema\":\"kensa.record/1\"}".to_vec()),
            Member::new("editions/hospital-r7.yaml", b"id: hospital-r7".to_vec()),
            Member::new("report.html", b"<p>".to_vec()),
        ];
        write_bundle(&path, &members, info(), &key).unwrap();
        let v = verify(&path, None).unwrap();
        assert!(v.intact(), "{:?}", v.problems);
        let kept: Vec<&str> = v.contents.keys().map(String::as_str).collect();
        assert_eq!(kept, ["editions/hospital-r7.yaml", "record.json"]);
        // Changed after signing: reported, and not handed back.
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.windows(6).position(|w| w == b"record").unwrap();
        let at = at
            + bytes[at..]
                .windows(14)
                .position(|w| w == b"kensa.record/1")
                .unwrap();
        bytes[at] = b'K';
        std::fs::write(&path, &bytes).unwrap();
        let v = verify(&path, None).unwrap();
        assert!(!v.contents.contains_key("record.json"));
        assert!(v.problems.contains(&Problem::FileChanged {
            path: "record.json".into()
        }));
    }

    #[test]
    fn a_newer_manifest_is_named_as_such() {
        assert_eq!(
            newer_schema(br#"{"schema":"kensa.manifest/2","x":1}"#).as_deref(),
            Some("kensa.manifest/2")
        );
        assert_eq!(newer_schema(br#"{"schema":"kensa.manifest/1"}"#), None);
        assert_eq!(newer_schema(br#"{"schema":"other/9"}"#), None);
        assert_eq!(newer_schema(b"garbage"), None);
    }

    #[test]
    fn names_are_checked() {
        for bad in [
            &b"../x"[..],
            b"/x",
            b"a/../b",
            b"a//b",
            b"./a",
            b"a\\b",
            b"c:x",
            b"a\nb",
            b"",
            &[0xff, 0xfe],
        ] {
            assert!(unsafe_name(bad).is_some(), "{bad:?}");
        }
        assert_eq!(unsafe_name("evidence/3-報告書.pdf".as_bytes()), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any change of up to three bytes is found (outside the leniently parsed checksum
        /// fields), and nothing panics.
        #[test]
        fn every_flipped_byte_is_found(flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)) {
            let dir = tempfile::tempdir().unwrap();
            let (path, mut bytes) = sample(dir.path());
            let original = bytes.clone();
            let lenient = checksum_fields(&path);
            let mut strict_change = false;
            for (at, x) in &flips {
                let i = at.index(bytes.len());
                bytes[i] ^= x;
                strict_change |= !lenient.iter().any(|r| r.contains(&i));
            }
            let changed = dir.path().join("c.tar");
            std::fs::write(&changed, &bytes).unwrap();
            let intact = matches!(verify(&changed, None), Ok(v) if v.intact());
            if strict_change && bytes != original {
                prop_assert!(!intact);
            }
        }

        /// Truncated at any point: never intact, never a panic.
        #[test]
        fn truncation_is_never_intact(cut in any::<prop::sample::Index>()) {
            let dir = tempfile::tempdir().unwrap();
            let (_, bytes) = sample(dir.path());
            let p = dir.path().join("t.tar");
            std::fs::write(&p, &bytes[..cut.index(bytes.len())]).unwrap();
            prop_assert!(!matches!(verify(&p, None), Ok(v) if v.intact()));
        }

        /// Arbitrary bytes: an error or problems, never a panic.
        #[test]
        fn garbage_never_panics(data in proptest::collection::vec(any::<u8>(), 0..5000)) {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("g.tar");
            std::fs::write(&p, &data).unwrap();
            prop_assert!(!matches!(verify(&p, None), Ok(v) if v.intact()));
        }
    }
}
