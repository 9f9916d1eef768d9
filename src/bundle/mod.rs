//! The signed bundle an inspector can verify: one uncompressed tar file holding `manifest.json`
//! (SHA-256 of every other member, kensa version, edition, facility, creation time, the signing
//! public key), `manifest.sig` (ed25519 signature of the manifest's exact bytes, hex), then
//! `report.html`, `report.json`, `report.xlsx`, `ledger.csv` (when the 台帳 has rows) and
//! `evidence/<id>-<name>` for every attached evidence file.
//!
//! Why tar: the format is a plain sequence of 512-byte headers and data that a verifier reads
//! once, front to back, hashing as it goes (100 MB of evidence in well under a second); it has
//! no compression, so there is nothing to decompress and no bomb to defuse; it has no central
//! directory that could disagree with the member headers; and every Windows 10+/macOS/Linux
//! machine can unpack it with the built-in `tar` to look at the files.

pub mod fs;
pub mod keys;
pub mod manifest;
pub mod reader;
pub mod writer;

/// First member: the manifest.
pub const MANIFEST: &str = "manifest.json";
/// Second member: its signature.
pub const SIGNATURE: &str = "manifest.sig";
