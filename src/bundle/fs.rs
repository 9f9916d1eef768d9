//! Small file helpers for keys and bundles: owner-only creation, atomic replacement, hex.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Lower- or upper-case hex digits to bytes; `None` unless the whole string is hex pairs.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

fn owner_only(opts: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts
}

/// Create a new file readable by its owner only; fails if it exists.
pub fn create_new_owner_only(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut f = owner_only(OpenOptions::new().write(true).create_new(true)).open(path)?;
    f.write_all(content)?;
    f.sync_all()
}

/// A temporary owner-only file next to `target`, renamed over it by [`AtomicFile::commit`]; an
/// interrupted write never leaves a half-written `target` behind.
pub struct AtomicFile {
    pub file: std::fs::File,
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl AtomicFile {
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let tmp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file =
            owner_only(OpenOptions::new().write(true).create(true).truncate(true)).open(&tmp)?;
        Ok(AtomicFile {
            file,
            tmp,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        std::fs::rename(&self.tmp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Write `content` to `target` through an [`AtomicFile`].
pub fn write_atomic(target: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(target)?;
    f.file.write_all(content)?;
    f.commit()
}
