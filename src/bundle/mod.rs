//! The signed bundle an inspector can verify: one uncompressed tar file holding `manifest.json`
//! (SHA-256 of every other member, kensa version, edition, facility, creation time, the signing
//! public key), `manifest.sig` (ed25519 signature of the manifest's exact bytes, hex), then
//! `report.html`, `report.json`, `report.xlsx`, `record.json` (the facility record an inspector's
//! kensa judges again) with `editions/<id>.yaml`, `ledger.csv` (when the 台帳 has rows),
//! `audit.json` (the whole audit log and its head) and `evidence/<id>-<name>` for every attached
//! evidence file (the name shortened to fit; the manifest keeps the original), and
//! `disclosures/<id>-<name>` for every MDS/SDS file a vendor handed over.
//!
//! Every member header is written with the same harmless fields, and `verify` refuses any other:
//! a regular file, mode [`MEMBER_MODE`] (owner read/write, no execute, no setuid/setgid/sticky),
//! owner and group 0 with empty owner and group names, no link name, no device numbers. So
//! unpacking a bundle, even as root with `tar -xpf`, makes only plain files.
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
/// The audit log and its head (`kensa.audit-log/1`), so the history can be checked against the
/// database later (`kensa audit verify --anchor BUNDLE`).
pub const AUDIT: &str = "audit.json";
/// The facility record (`kensa.record/1`) an inspector's kensa judges the facility from.
pub const RECORD: &str = "record.json";
/// Folder of the editions the record uses, one `<id>.yaml` each.
pub const EDITIONS_DIR: &str = "editions/";
/// Permission bits of every member: read and write for the owner only, like the bundle itself.
pub const MEMBER_MODE: u32 = 0o600;
/// Longest member name kensa writes, in bytes: the tar header's own name field, so no reader
/// needs an extension to find the name.
pub const MAX_WRITTEN_NAME_BYTES: usize = 100;
