//! The bundles an inspector keeps: a copy of every bundle inspected with a trusted key, under
//! `bundles/<医療機関コード>/<created>-<key>.kensa` in the inspector's data folder, so the next
//! submission of the same facility is compared with it without anyone having to find the old
//! file (answers changed, 目標日 moved, 台帳 rows, and the history up to its head).
//!
//! The copy is the signed bundle itself, not an extract: it is verified again whenever it is
//! read, so a change made to the kept copy is found like a change to any bundle.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::load::Opened;
use crate::fsio::{AtomicFile, create_private_dir, open_regular};

/// Folder of the kept bundles in the inspector's data folder.
pub const DIR: &str = "bundles";
/// File name ending of a kept bundle.
pub const EXTENSION: &str = "kensa";

/// `2025-10-01T09:30:00Z` as `20251001T093000Z`; `None` for anything that is not a plain
/// UTC timestamp (the manifest is the facility's word: nothing else may reach a file name).
fn compact_time(created_at: &str) -> Option<String> {
    let t: jiff::Timestamp = created_at.parse().ok()?;
    Some(t.strftime("%Y%m%dT%H%M%SZ").to_string())
}

fn facility_dir(data: &Path, code: &str) -> Option<PathBuf> {
    // A 医療機関コード is ten digits (checked when the profile was entered); anything else
    // must not become a folder name.
    (code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| data.join(DIR).join(code))
}

/// The name a bundle is kept under.
fn kept_name(opened: &Opened) -> Option<String> {
    let time = compact_time(&opened.manifest.created_at)?;
    let key: String = opened
        .fingerprint
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect();
    Some(format!("{time}-{key}.{EXTENSION}"))
}

fn file_sha256(path: &Path) -> std::io::Result<[u8; 32]> {
    let mut f = open_regular(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

/// What [`keep`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// Copied to this path.
    Copied(PathBuf),
    /// The same bytes are already kept at this path.
    Already(PathBuf),
    /// Not kept: the record gives no 医療機関コード or the manifest no usable time.
    NotKeepable,
}

/// Keep a copy of a verified bundle (owner-only, written whole or not at all).
pub fn keep(data: &Path, opened: &Opened) -> std::io::Result<Kept> {
    let (Some(dir), Some(name)) = (
        opened
            .institution_code()
            .and_then(|c| facility_dir(data, c)),
        kept_name(opened),
    ) else {
        return Ok(Kept::NotKeepable);
    };
    create_private_dir(&dir)?;
    let source_hash = file_sha256(&opened.path)?;
    let stem = name.trim_end_matches(&format!(".{EXTENSION}")).to_string();
    for n in 1..100 {
        let target = if n == 1 {
            dir.join(&name)
        } else {
            dir.join(format!("{stem}-{n}.{EXTENSION}"))
        };
        if std::fs::symlink_metadata(&target).is_ok() {
            if file_sha256(&target).is_ok_and(|h| h == source_hash) {
                return Ok(Kept::Already(target));
            }
            continue;
        }
        let mut out = AtomicFile::create(&target)?;
        let mut src = open_regular(&opened.path)?;
        std::io::copy(&mut src, out.file())?;
        out.file().flush()?;
        out.commit()?;
        return Ok(Kept::Copied(target));
    }
    Ok(Kept::NotKeepable)
}

/// The newest kept bundle of the facility made before `created_at`, other than `current`
/// (the bundle being inspected may itself be kept).
pub fn previous(data: &Path, code: &str, created_at: &str, current: &Path) -> Option<PathBuf> {
    let dir = facility_dir(data, code)?;
    let before = compact_time(created_at)?;
    let current = std::fs::canonicalize(current).ok();
    let mut candidates: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let time = name.split('-').next()?.to_string();
            (name.ends_with(&format!(".{EXTENSION}")) && time < before).then(|| (name, e.path()))
        })
        .filter(|(_, p)| std::fs::canonicalize(p).ok() != current)
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, p)| p)
}

/// Every kept bundle, for `kensa keys list` to count them.
pub fn count(data: &Path, code: &str) -> usize {
    facility_dir(data, code)
        .and_then(|d| std::fs::read_dir(d).ok())
        .map_or(0, |rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".kensa"))
                .count()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_become_names_and_nothing_else() {
        assert_eq!(
            compact_time("2025-10-01T09:30:00Z").as_deref(),
            Some("20251001T093000Z")
        );
        assert_eq!(compact_time("../../etc"), None);
        assert_eq!(compact_time(""), None);
    }
}
