//! The kensa request and response: small JSON files signed with ed25519 (the keys of
//! `kensa keygen`, `bundle::keys`).
//!
//! ```json
//! {"schema": "kensa.vendor-response/1",
//!  "payload": "{…the content as JSON text…}",
//!  "public_key": "<64 hex digits>",
//!  "signature": "<128 hex digits>"}
//! ```
//!
//! The signature covers `schema`, a line feed and the payload text exactly as stored, so no JSON
//! canonicalisation is needed and a request can never be passed off as a response. The key is in
//! the file; the signature proves the file unchanged since it was signed, and the key's
//! fingerprint (printed by both sides, kept with the imported answers) says who signed it.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use jiff::civil::Date;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::bundle::fs::{hex, unhex};
use crate::bundle::keys::fingerprint;
use crate::model::checklist::Scope;
use crate::model::vendor::exchange::{ResponseCell, ResponseRow, RowPlaces};

pub const REQUEST_SCHEMA: &str = "kensa.vendor-request/1";
pub const RESPONSE_SCHEMA: &str = "kensa.vendor-response/1";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    schema: String,
    payload: String,
    public_key: String,
    signature: String,
}

/// A request for a vendor who runs kensa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestPayload {
    pub request_id: String,
    pub facility_name: String,
    pub institution_code: Option<String>,
    /// The vendor's id in the facility's database; the response carries it back.
    pub vendor_id: i64,
    pub vendor_name: String,
    /// The asset scopes the contract with this facility covers (`general` rows always).
    pub scopes: Vec<Scope>,
    pub edition_id: String,
    pub edition_sha256: String,
    pub fiscal_year: i16,
    pub sent_on: Date,
    pub due_on: Option<Date>,
}

/// One row of a response: the form's cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedRow {
    pub item: String,
    pub scope: Scope,
    pub first: Option<ResponseCell>,
    pub target: Option<Date>,
    pub second: Option<ResponseCell>,
    #[serde(default)]
    pub note: String,
}

/// A vendor's response to one facility's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsePayload {
    /// Echoed from the request: which facility, vendor and request this answers.
    pub request_id: String,
    pub facility_name: String,
    pub institution_code: Option<String>,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub edition_id: String,
    pub edition_sha256: String,
    pub fiscal_year: i16,
    /// Who answered, as the vendor's kensa knows itself (the OS user).
    pub responder: String,
    pub responded_on: Date,
    /// The rows of the contract (`model::vendor::exchange::rows_for_contract`).
    pub rows: Vec<SignedRow>,
}

impl ResponsePayload {
    /// The rows for planning, each placed as `rows[3].first`.
    pub fn response_rows(&self) -> Vec<ResponseRow> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| ResponseRow {
                item: r.item.clone(),
                scope: r.scope,
                first: r.first,
                target: r.target,
                second: r.second,
                note: r.note.clone(),
                places: RowPlaces {
                    row: format!("rows[{i}]"),
                    first: format!("rows[{i}].first"),
                    target: format!("rows[{i}].target"),
                    second: format!("rows[{i}].second"),
                    note: format!("rows[{i}].note"),
                },
            })
            .collect()
    }
}

/// A signed file opened and checked.
#[derive(Debug, Clone)]
pub struct Signed<T> {
    pub payload: T,
    pub key: VerifyingKey,
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignedError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("a `{found}` file, not a `{expected}` file")]
    Schema { found: String, expected: String },
    #[error("the public key is not an ed25519 key")]
    Key,
    #[error("the signature does not match the content: the file was changed or damaged")]
    Signature,
    #[error("payload, line {line}, column {column}: {message}")]
    Payload {
        line: usize,
        column: usize,
        message: String,
    },
}

fn message(schema: &str, payload: &str) -> Vec<u8> {
    format!("{schema}\n{payload}").into_bytes()
}

/// The file content of `payload` signed with `key`.
pub fn sign<T: Serialize>(schema: &str, payload: &T, key: &SigningKey) -> String {
    // Serialising plain data with string keys cannot fail.
    let text = serde_json::to_string(payload).unwrap_or_default();
    let signature = key.sign(&message(schema, &text));
    let envelope = Envelope {
        schema: schema.to_string(),
        payload: text,
        public_key: hex(key.verifying_key().as_bytes()),
        signature: hex(&signature.to_bytes()),
    };
    let mut out = serde_json::to_string_pretty(&envelope).unwrap_or_default();
    out.push('\n');
    out
}

/// Whether the bytes look like a signed kensa file (rather than a workbook).
pub fn looks_signed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    let text = String::from_utf8_lossy(head);
    text.trim_start().starts_with('{') && text.contains("kensa.vendor-")
}

/// Open a signed file of `schema`: the signature is checked before the payload is parsed.
pub fn open<T: DeserializeOwned>(schema: &str, bytes: &[u8]) -> Result<Signed<T>, SignedError> {
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|e| SignedError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if envelope.schema != schema {
        return Err(SignedError::Schema {
            found: envelope.schema,
            expected: schema.to_string(),
        });
    }
    let key_bytes: [u8; 32] = unhex(&envelope.public_key)
        .and_then(|b| b.try_into().ok())
        .ok_or(SignedError::Key)?;
    let key = VerifyingKey::from_bytes(&key_bytes).map_err(|_| SignedError::Key)?;
    let sig_bytes: [u8; 64] = unhex(&envelope.signature)
        .and_then(|b| b.try_into().ok())
        .ok_or(SignedError::Signature)?;
    let signature = Signature::from_bytes(&sig_bytes);
    key.verify_strict(&message(schema, &envelope.payload), &signature)
        .map_err(|_| SignedError::Signature)?;
    let payload: T = serde_json::from_str(&envelope.payload).map_err(|e| SignedError::Payload {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    Ok(Signed {
        payload,
        fingerprint: fingerprint(&key),
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn request() -> RequestPayload {
        RequestPayload {
            request_id: "ab".repeat(16),
            facility_name: "テスト病院".into(),
            institution_code: Some("1311234567".into()),
            vendor_id: 3,
            vendor_name: "A社".into(),
            scopes: vec![Scope::Server],
            edition_id: "vendor-r7".into(),
            edition_sha256: "0".repeat(64),
            fiscal_year: 2025,
            sent_on: date(2025, 6, 1),
            due_on: None,
        }
    }

    #[test]
    fn signed_files_round_trip_and_any_change_is_refused() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let text = sign(REQUEST_SCHEMA, &request(), &key);
        assert!(looks_signed(text.as_bytes()));
        let opened: Signed<RequestPayload> = open(REQUEST_SCHEMA, text.as_bytes()).unwrap();
        assert_eq!(opened.payload, request());
        assert_eq!(opened.fingerprint, fingerprint(&key.verifying_key()));
        // A changed facility inside the payload.
        let tampered = text.replace("テスト病院", "別の病院");
        assert_eq!(
            open::<RequestPayload>(REQUEST_SCHEMA, tampered.as_bytes()).unwrap_err(),
            SignedError::Signature
        );
        // Re-signed with another key, the content is intact but the signer differs.
        let other = SigningKey::from_bytes(&[8u8; 32]);
        let resigned = sign(REQUEST_SCHEMA, &request(), &other);
        let o: Signed<RequestPayload> = open(REQUEST_SCHEMA, resigned.as_bytes()).unwrap();
        assert_ne!(o.fingerprint, opened.fingerprint);
        // A request is not a response.
        assert!(matches!(
            open::<ResponsePayload>(RESPONSE_SCHEMA, text.as_bytes()),
            Err(SignedError::Schema { .. })
        ));
        assert!(matches!(
            open::<RequestPayload>(REQUEST_SCHEMA, br#"{"schema": 1"#),
            Err(SignedError::Json { .. })
        ));
        let bad_key = text.replace(&hex(key.verifying_key().as_bytes()), "zz");
        assert_eq!(
            open::<RequestPayload>(REQUEST_SCHEMA, bad_key.as_bytes()).unwrap_err(),
            SignedError::Key
        );
    }
}
