//! The 事業者確認用 exchanged as a file, both ways: the request a facility sends its vendor (an
//! Excel workbook in the official layout, or a small signed kensa file for a vendor who runs
//! kensa), and the response read back (the filled workbook, or a signed kensa response).
//!
//! - [`layout`]: where everything is on the workbook, shared by the writer and the reader so the
//!   reader checks exactly what the writer made;
//! - [`xlsx_out`] / [`xlsx_in`]: the workbook written (rust_xlsxwriter) and read (calamine);
//! - [`signed`]: the kensa request and response, signed with ed25519 like bundles;
//! - [`import`]: a response identified against the facility's record (right facility, vendor,
//!   request, edition), planned (`model::vendor::exchange`) and handed to the store in one action.
//!
//! Every file is read through `fsio` with a size limit; a workbook's members are inflated once with
//! a limit before calamine sees them, so a small file cannot unpack to gigabytes.

pub mod import;
pub mod layout;
pub mod request;
pub mod signed;
pub mod xlsx_in;
pub mod xlsx_out;

use jiff::civil::Date;

use crate::model::checklist::{Edition, Scope};
use crate::model::vendor::exchange::Cells;

/// Largest response file read: a filled 事業者確認用 is some 30 KB, a signed response less; ten
/// megabytes leaves room for a workbook a vendor decorated and refuses anything else.
pub const MAX_RESPONSE_BYTES: u64 = 10 * 1024 * 1024;

/// Largest request file read on a vendor's machine (a signed request is about 1 KB).
pub const MAX_REQUEST_BYTES: u64 = 1024 * 1024;

/// What a request says, whatever its format.
#[derive(Debug, Clone)]
pub struct RequestContent<'e> {
    /// 32 hex digits, random.
    pub request_id: String,
    pub facility_name: String,
    /// 医療機関コード, when the facility registered one.
    pub institution_code: Option<String>,
    /// The vendor's id in the facility's database.
    pub vendor_id: i64,
    pub vendor_name: String,
    /// The asset scopes the contract covers.
    pub scopes: Vec<Scope>,
    pub edition: &'e Edition,
    /// SHA-256 of the edition's YAML text, so a response for changed item texts is refused.
    pub edition_sha256: String,
    pub fiscal_year: i16,
    pub sent_on: Date,
    pub due_on: Option<Date>,
    /// The vendor's sheet as it stands in the facility's database (a second request shows the
    /// first response's answers, so unchanged rows come back unchanged): (item, scope) → cells
    /// and the 備考 shown.
    pub prefill: Vec<(String, Scope, Cells, String)>,
}

/// A fresh request id: 128 random bits as 32 hex digits.
pub fn new_request_id() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `s` is a request id as kensa makes them.
pub fn is_request_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
