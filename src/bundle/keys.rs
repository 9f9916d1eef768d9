//! ed25519 signing keys for bundles: generation, the two small text files, and the fingerprint
//! an inspector confirms by phone.
//!
//! Secret key file (owner-only):  `kensa-ed25519-secret-key/1\n<64 hex digits: the 32-byte seed>\n`
//! Public key file:               `kensa-ed25519-public-key/1\n<64 hex digits>\n`

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::fs::{hex, unhex};
use crate::fsio::{ReadFailure, create_new_private, create_new_public, read_limited};

const SECRET_HEADER: &str = "kensa-ed25519-secret-key/1";
const PUBLIC_HEADER: &str = "kensa-ed25519-public-key/1";
/// Key files are a few dozen bytes; anything much larger is not one.
const MAX_KEY_FILE: u64 = 4096;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} already exists; nothing was written (remove it first to make a new key)")]
    Exists { path: PathBuf },
    #[error("{path}:{line}: not a kensa key file ({detail})")]
    Malformed {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("`{input}` is neither a public key file, a 64-digit public key nor a key fingerprint")]
    BadPublicKeySpec { input: String },
    #[error("the operating system gave no random numbers: {0}")]
    Random(String),
}

/// `1a2b-3c4d-…`: the first 16 bytes of SHA-256 of the public key, in 8 groups of 4 hex digits.
/// 128 bits is far beyond what anyone can forge a matching key for, and short enough to read out.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let h = hex(&digest[..16]);
    h.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The public key file written next to a secret key file.
pub fn public_path(secret: &Path) -> PathBuf {
    let mut s = secret.as_os_str().to_owned();
    s.push(".pub");
    PathBuf::from(s)
}

/// Make a key pair: the secret file owner-only, the public one beside it. Never overwrites.
pub fn generate(secret_path: &Path) -> Result<(VerifyingKey, PathBuf), KeyError> {
    let pub_path = public_path(secret_path);
    for p in [secret_path, pub_path.as_path()] {
        if p.exists() {
            return Err(KeyError::Exists {
                path: p.to_path_buf(),
            });
        }
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
    let key = SigningKey::from_bytes(&seed);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| KeyError::Io { path, source }
    };
    create_new_private(
        secret_path,
        format!("{SECRET_HEADER}\n{}\n", hex(&seed)).as_bytes(),
    )
    .map_err(io(secret_path))?;
    let public = key.verifying_key();
    create_new_public(
        &pub_path,
        format!("{PUBLIC_HEADER}\n{}\n", hex(public.as_bytes())).as_bytes(),
    )
    .map_err(io(&pub_path))?;
    Ok((public, pub_path))
}

/// Read a small key file: the header line and one line of 64 hex digits.
fn read_key_file(path: &Path, header: &str) -> Result<[u8; 32], KeyError> {
    let io = |source| KeyError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bad = |line: usize, detail: &str| KeyError::Malformed {
        path: path.to_path_buf(),
        line,
        detail: detail.to_string(),
    };
    let bytes = read_limited(path, MAX_KEY_FILE).map_err(|e| match e {
        ReadFailure::Io(e) => io(e),
        ReadFailure::TooLarge { .. } => bad(1, "file too large"),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| bad(1, "not text"))?;
    let mut lines = text.lines();
    match lines.next().map(str::trim) {
        Some(h) if h == header => {}
        Some(h) if h == SECRET_HEADER || h == PUBLIC_HEADER => {
            return Err(bad(1, &format!("expected `{header}`, found `{h}`")));
        }
        _ => return Err(bad(1, &format!("first line must be `{header}`"))),
    }
    let key = lines.next().map(str::trim).unwrap_or("");
    let bytes = unhex(key).ok_or_else(|| bad(2, "expected 64 hexadecimal digits"))?;
    if lines.any(|l| !l.trim().is_empty()) {
        return Err(bad(3, "unexpected text after the key"));
    }
    bytes
        .try_into()
        .map_err(|_| bad(2, "expected 64 hexadecimal digits"))
}

/// Load a secret key file written by [`generate`].
pub fn read_secret(path: &Path) -> Result<SigningKey, KeyError> {
    read_key_file(path, SECRET_HEADER).map(|seed| SigningKey::from_bytes(&seed))
}

/// What `verify --pubkey` was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedKey {
    Key(VerifyingKey),
    Fingerprint(String),
}

impl ExpectedKey {
    pub fn matches(&self, key: &VerifyingKey) -> bool {
        match self {
            ExpectedKey::Key(k) => k == key,
            ExpectedKey::Fingerprint(f) => *f == fingerprint(key),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ExpectedKey::Key(k) => fingerprint(k),
            ExpectedKey::Fingerprint(f) => f.clone(),
        }
    }
}

/// `--pubkey`: a public key file, 64 hex digits, or a fingerprint as printed (read over the phone,
/// so case, spaces and hyphens do not matter).
pub fn parse_expected(input: &str) -> Result<ExpectedKey, KeyError> {
    let path = Path::new(input);
    if path.is_file() {
        let bytes = read_key_file(path, PUBLIC_HEADER)?;
        return VerifyingKey::from_bytes(&bytes)
            .map(ExpectedKey::Key)
            .map_err(|_| KeyError::Malformed {
                path: path.to_path_buf(),
                line: 2,
                detail: "not a valid ed25519 public key".into(),
            });
    }
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    let bad = || KeyError::BadPublicKeySpec {
        input: input.to_string(),
    };
    match compact.len() {
        64 => {
            let bytes: [u8; 32] = unhex(&compact)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(bad)?;
            VerifyingKey::from_bytes(&bytes)
                .map(ExpectedKey::Key)
                .map_err(|_| bad())
        }
        32 if unhex(&compact).is_some() => {
            let groups: Vec<&str> = (0..8).map(|i| &compact[i * 4..i * 4 + 4]).collect();
            Ok(ExpectedKey::Fingerprint(groups.join("-")))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_read_and_match() {
        let dir = tempfile::tempdir().unwrap();
        let sk = dir.path().join("k");
        let (public, pub_path) = generate(&sk).unwrap();
        assert!(matches!(generate(&sk), Err(KeyError::Exists { .. })));
        let secret = read_secret(&sk).unwrap();
        assert_eq!(secret.verifying_key(), public);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&sk).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let fp = fingerprint(&public);
        assert_eq!(fp.len(), 39);
        for spec in [
            pub_path.display().to_string(),
            hex(public.as_bytes()),
            fp.clone(),
            fp.to_uppercase().replace('-', " "),
        ] {
            assert!(parse_expected(&spec).unwrap().matches(&public), "{spec}");
        }
        assert!(parse_expected("nonsense").is_err());
        // The public file is not a secret key, and the other way round.
        assert!(matches!(
            read_secret(&pub_path),
            Err(KeyError::Malformed { line: 1, .. })
        ));
    }

    #[test]
    fn malformed_key_files_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad");
        for (text, line) in [
            ("", 1),
            ("hello\n", 1),
            ("kensa-ed25519-secret-key/1\nzz\n", 2),
            ("kensa-ed25519-secret-key/1\n", 2),
            (
                "kensa-ed25519-secret-key/1\n0000000000000000000000000000000000000000000000000000000000000000\nextra\n",
                3,
            ),
        ] {
            std::fs::write(&p, text).unwrap();
            match read_secret(&p) {
                Err(KeyError::Malformed { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
        assert!(matches!(read_secret(&p), Err(KeyError::Malformed { .. })));
    }
}
