//! The files a roll-up reads: every file named on the command line, and every file in the
//! folders named, recursively. Nothing is skipped silently: a named pipe, a socket or a device
//! is refused by its type without being opened, a link that leads back to itself or to a folder
//! already being read is reported as a loop, and everything else is handed to the bundle reader,
//! which says what is wrong with it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::load::{Reason, Refused, is_loop};
use crate::i18n::Lang;
use crate::text::safe::safe_path;
use crate::tr;

/// Deepest folder nesting followed (a USB stick is a few levels deep).
const MAX_DEPTH: usize = 32;

/// What the command line names: files to read, and what was refused before reading.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub refused: Vec<Refused>,
}

/// Walk `inputs`. `skip`: files not to take (the roll-up's own output).
pub fn find(lang: Lang, inputs: &[PathBuf], skip: &[PathBuf]) -> Found {
    let skip: BTreeSet<PathBuf> = skip
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut found = Found::default();
    let mut seen_dirs = BTreeSet::new();
    for input in inputs {
        visit(lang, input, 0, &mut seen_dirs, &skip, &mut found);
    }
    found
}

fn visit(
    lang: Lang,
    path: &Path,
    depth: usize,
    seen_dirs: &mut BTreeSet<PathBuf>,
    skip: &BTreeSet<PathBuf>,
    found: &mut Found,
) {
    let shown = safe_path(path);
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if is_loop(&e) => {
            found.refused.push(Refused::new(
                path,
                Reason::SymlinkLoop,
                tr!(lang, "inspect.refused.symlink_loop", path = shown),
            ));
            return;
        }
        Err(e) => {
            found.refused.push(Refused::new(
                path,
                Reason::Unreadable,
                tr!(
                    lang,
                    "store.io",
                    path = shown,
                    detail = crate::text::io_detail(lang, &e)
                ),
            ));
            return;
        }
    };
    if meta.is_dir() {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen_dirs.insert(canonical.clone()) {
            // A folder reached again: through a link back up the tree, or named twice.
            if link {
                found.refused.push(Refused::new(
                    path,
                    Reason::SymlinkLoop,
                    tr!(
                        lang,
                        "inspect.refused.folder_loop",
                        path = shown,
                        target = safe_path(&canonical)
                    ),
                ));
            }
            return;
        }
        if depth >= MAX_DEPTH {
            found.refused.push(Refused::new(
                path,
                Reason::Unreadable,
                tr!(
                    lang,
                    "inspect.refused.too_deep",
                    path = shown,
                    depth = MAX_DEPTH
                ),
            ));
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                found.refused.push(Refused::new(
                    path,
                    Reason::Unreadable,
                    tr!(
                        lang,
                        "store.io",
                        path = shown,
                        detail = crate::text::io_detail(lang, &e)
                    ),
                ));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        children.sort();
        for c in children {
            visit(lang, &c, depth + 1, seen_dirs, skip, found);
        }
        return;
    }
    if !meta.is_file() {
        let kind = crate::fsio::FileKind::of(meta.file_type());
        found.refused.push(Refused::new(
            path,
            Reason::SpecialFile,
            tr!(
                lang,
                "store.io",
                path = shown,
                detail = tr!(
                    lang,
                    "fsio.not_regular",
                    kind = crate::text::file_kind_label(lang, kind)
                )
            ),
        ));
        return;
    }
    if std::fs::canonicalize(path).is_ok_and(|c| skip.contains(&c)) {
        return;
    }
    found.files.push(path.to_path_buf());
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn loops_and_special_files_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.kensa"), b"x").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/b.kensa"), b"y").unwrap();
        std::os::unix::fs::symlink(d.join("self"), d.join("self")).unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/up")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(d.join("pipe"))
            .status()
            .unwrap();
        assert!(made.success());
        let found = find(Lang::En, &[d.to_path_buf()], &[]);
        let names: Vec<String> = found
            .files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.kensa", "sub/b.kensa"]);
        let reasons: Vec<(String, Reason)> = found
            .refused
            .iter()
            .map(|r| {
                (
                    Path::new(&r.path)
                        .strip_prefix(d)
                        .unwrap()
                        .display()
                        .to_string(),
                    r.reason,
                )
            })
            .collect();
        assert_eq!(
            reasons,
            [
                ("pipe".to_string(), Reason::SpecialFile),
                ("self".to_string(), Reason::SymlinkLoop),
                ("sub/up".to_string(), Reason::SymlinkLoop),
            ]
        );
    }
}
