//! The signed manifest: what the bundle holds and who made it. `manifest.sig` is the ed25519
//! signature of the exact bytes of `manifest.json`.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "kensa.manifest/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Member name inside the bundle, e.g. `report.html`, `evidence/3-patch.pdf`.
    pub path: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the member's bytes.
    pub sha256: String,
    /// The file's own name when the member name had to differ (evidence: shortened, characters
    /// replaced). Absent in bundles written before kensa kept it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFacility {
    pub name: String,
    pub kind: String,
    pub prefecture: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub kensa_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub facility: ManifestFacility,
    /// Edition id, e.g. `hospital-r7`.
    pub edition: String,
    /// Sheet key, e.g. `hospital-r7-2025`.
    pub sheet: String,
    pub fiscal_year: i16,
    /// Hex of the ed25519 public key that signed the manifest.
    pub public_key: String,
    /// Its fingerprint, as printed in report.html.
    pub key_fingerprint: String,
    /// Every other member, in bundle order.
    pub files: Vec<FileEntry>,
}
