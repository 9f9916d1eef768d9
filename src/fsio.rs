//! Every file kensa reads from outside or creates goes through here, so that the rules hold in
//! one place:
//!
//! - **Reading** opens without blocking and then looks at what was opened: a named pipe, a
//!   device, a socket or a folder where a file belongs is refused at once (a FIFO would
//!   otherwise hang kensa forever, `/dev/zero` would fill the memory). The check is made on
//!   the opened handle, so swapping the file between a check and the open changes nothing.
//! - **Creating** gives folders 0700 and files 0600 whatever the umask (the umask can only
//!   take permissions away), and never writes through a link: new files are created
//!   exclusively, and a replaced file is written to a fresh temporary beside it and renamed
//!   over it, so an interrupted write leaves the old file whole.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What was found where a regular file belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

impl FileKind {
    /// The kind of a file type that is not a regular file.
    pub fn of(t: std::fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return FileKind::Fifo;
            }
            if t.is_socket() {
                return FileKind::Socket;
            }
            if t.is_char_device() {
                return FileKind::CharDevice;
            }
            if t.is_block_device() {
                return FileKind::BlockDevice;
            }
        }
        if t.is_dir() {
            FileKind::Directory
        } else {
            FileKind::Other
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Directory => "folder",
            FileKind::Fifo => "named pipe (FIFO)",
            FileKind::Socket => "socket",
            FileKind::CharDevice => "character device",
            FileKind::BlockDevice => "block device",
            FileKind::Other => "special file",
        }
    }
}

/// The error inside the `io::Error` returned for a path that is not a regular file. Callers
/// that word errors in the user's language find it with [`not_regular`].
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("not a regular file but a {}; kensa reads only ordinary files", .0.as_str())]
pub struct NotRegular(pub FileKind);

/// The kind of special file an error from this module refused, if that is what it is.
pub fn not_regular(e: &io::Error) -> Option<FileKind> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<NotRegular>())
        .map(|n| n.0)
}

fn refuse(kind: FileKind) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, NotRegular(kind))
}

/// Open `path` for reading if it is a regular file (after following links). Never blocks: the
/// open itself is non-blocking and the type is checked on the opened handle.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO waits for a writer without it. O_NOCTTY: a terminal device
        // must not become our controlling terminal. Reads of a regular file ignore both.
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(not(unix))]
    {
        // No non-blocking open here: look first, then check the handle again below.
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(refuse(FileKind::of(meta.file_type())));
        }
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() {
        Ok(file)
    } else {
        Err(refuse(FileKind::of(meta.file_type())))
    }
}

/// The whole of a regular file, for small files with no documented size limit.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_regular(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Why [`read_limited`] read nothing.
#[derive(Debug)]
pub enum ReadFailure {
    Io(io::Error),
    /// The file holds more than the limit; `size` is what was seen (at least `limit + 1`).
    TooLarge {
        size: u64,
    },
}

/// The whole of a regular file of at most `limit` bytes. A file over the limit is refused from
/// its size before it is read, and a file that grows while it is read is cut off and refused.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFailure> {
    let file = open_regular(path).map_err(ReadFailure::Io)?;
    read_handle_limited(file, limit)
}

/// [`read_limited`] on a file already opened with [`open_regular`].
pub fn read_handle_limited(file: File, limit: u64) -> Result<Vec<u8>, ReadFailure> {
    let size = file.metadata().map_err(ReadFailure::Io)?.len();
    if size > limit {
        return Err(ReadFailure::TooLarge { size });
    }
    // `size <= limit` and the limits are far below usize::MAX; a hint only.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(ReadFailure::TooLarge { size: read });
    }
    Ok(bytes)
}

/// Create `dir` and any missing parents with mode 0700; folders that exist are left as they are.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

fn create_parent(target: &Path) -> io::Result<PathBuf> {
    match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => {
            create_private_dir(dir)?;
            Ok(dir.to_path_buf())
        }
        None => Ok(PathBuf::from(".")),
    }
}

/// Options that create a new file with `mode`, failing if anything (even a dangling link)
/// already has the name.
fn create_new_with_mode(mode: u32) -> OpenOptions {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    opts
}

/// Create a new file readable by its owner only (0600) holding `content`; fails if the name
/// exists, and never follows a link.
pub fn create_new_private(path: &Path, content: &[u8]) -> io::Result<()> {
    let mut f = create_new_with_mode(0o600).open(path)?;
    f.write_all(content)?;
    f.sync_all()
}

/// Create a new file that others may read (0644), such as a public key; fails if the name
/// exists, and never follows a link.
pub fn create_new_public(path: &Path, content: &[u8]) -> io::Result<()> {
    let mut f = create_new_with_mode(0o644).open(path)?;
    f.write_all(content)?;
    f.sync_all()
}

/// A new owner-only file beside `target` with a random name, created exclusively (never
/// through a link someone planted), renamed over `target` by [`AtomicFile::commit`]; dropped
/// uncommitted, it is removed and `target` is untouched. Missing folders are created 0700.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = create_parent(target)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "kensa".into());
        // tempfile creates with O_EXCL and mode 0600 whatever the umask.
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            tmp,
            target: target.to_path_buf(),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Flush to disk and rename over the target. A link at the target's name is replaced,
    /// not followed.
    pub fn commit(mut self) -> io::Result<()> {
        self.tmp.as_file_mut().flush()?;
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Replace `target` with `content` through an [`AtomicFile`]: owner-only, never half-written.
pub fn write_atomic(target: &Path, content: &[u8]) -> io::Result<()> {
    write_atomic_with(target, |f| f.write_all(content))
}

/// [`write_atomic`] for output written piece by piece (a large export): `fill` writes the
/// temporary file, which replaces `target` only if `fill` succeeds and is removed if not.
pub fn write_atomic_with<E: From<io::Error>>(
    target: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<(), E> {
    let mut f = AtomicFile::create(target)?;
    fill(f.file())?;
    f.commit()?;
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, Instant};

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
    }

    fn mkfifo(p: &Path) {
        let ok = std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mkfifo {}", p.display());
    }

    #[test]
    fn special_files_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        mkfifo(&fifo);
        // A regression would block in open(); run it on a thread and give up after a while.
        let (tx, rx) = std::sync::mpsc::channel();
        let f = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(open_regular(&f).map(drop));
        });
        let got = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("open_regular blocked on a FIFO");
        let e = got.unwrap_err();
        assert_eq!(not_regular(&e), Some(FileKind::Fifo));
        assert!(e.to_string().contains("named pipe"), "{e}");

        let e = open_regular(dir.path()).unwrap_err();
        assert_eq!(not_regular(&e), Some(FileKind::Directory));
        let e = open_regular(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(not_regular(&e), Some(FileKind::CharDevice));
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10),
            Err(ReadFailure::Io(_))
        ));
        let e = open_regular(&dir.path().join("absent")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert_eq!(not_regular(&e), None);

        // A link to a regular file is followed; its content is read.
        let real = dir.path().join("real");
        std::fs::write(&real, b"abc").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(read_limited(&link, 3).unwrap(), b"abc");
        assert!(matches!(
            read_limited(&link, 2),
            Err(ReadFailure::TooLarge { size: 3 })
        ));
    }

    #[test]
    fn created_files_and_folders_are_private_whatever_the_umask() {
        // The modes asked for are kept under umask 000 (tests/hostile_inputs.rs runs the binary
        // so); a umask can only take permissions away.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/out.txt");
        write_atomic(&target, b"x").unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);
        assert_eq!(mode(&target), 0o600);
        let key = dir.path().join("k");
        create_new_private(&key, b"s").unwrap();
        assert_eq!(mode(&key), 0o600);
        let public = dir.path().join("k.pub");
        create_new_public(&public, b"p").unwrap();
        assert_eq!(mode(&public), 0o644);
        assert!(create_new_private(&key, b"again").is_err());
        assert_eq!(std::fs::read(&key).unwrap(), b"s");
    }

    #[test]
    fn atomic_writes_never_follow_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("officer.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let target = dir.path().join("out.json");
        // The name the old writer used, `.NAME.PID.tmp`, and a dangling link for create_new.
        let planted = dir
            .path()
            .join(format!(".out.json.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let dangling = dir.path().join("new.key");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &dangling).unwrap();

        let started = Instant::now();
        write_atomic(&target, b"new").unwrap();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(create_new_private(&dangling, b"s").is_err());
        assert!(!dir.path().join("elsewhere").exists());

        // A link at the target's own name is replaced, not written through.
        let linked = dir.path().join("linked.json");
        std::os::unix::fs::symlink(&victim, &linked).unwrap();
        write_atomic(&linked, b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert!(std::fs::symlink_metadata(&linked).unwrap().is_file());

        // Nothing is left behind by an uncommitted write.
        drop(AtomicFile::create(&dir.path().join("never.json")).unwrap());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".never"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
