//! A response identified and planned against the facility's record: everything `kensa vendor
//! import` (and the TUI's `i`) checks before the store is touched.
//!
//! The file must answer a request this facility sent (its request id is in the record), for the
//! vendor, edition and 年度 of that request, from this facility (医療機関コード, or the name when
//! none is registered), for item texts unchanged since (the edition's SHA-256). A signed response
//! must verify, and be signed by the key named with `--pubkey`, or by the key the vendor's
//! previous signed response was signed with. Then every row is planned
//! (`model::vendor::exchange::plan_import`); any problem refuses the whole file.

use jiff::civil::Date;

use super::signed::{self, RESPONSE_SCHEMA, ResponsePayload, SignedError};
use super::xlsx_in::{self, Sniffed, XlsxFailure};
use crate::bundle::keys::ExpectedKey;
use crate::model::checklist::Scope;
use crate::model::record::{Editions, Record, SheetRecord};
use crate::model::vendor::exchange::{ImportPlan, PlanError, PlanInput, ResponseRow, plan_import};
use crate::model::vendor::{ExchangeFormat, Vendor, VendorRequest};
use crate::store::ResponseProvenance;

/// What a response says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub request_id: String,
    pub institution_code: Option<String>,
    pub facility_name: String,
    pub vendor_id: i64,
    pub edition_id: String,
    pub edition_sha256: String,
    pub fiscal_year: i16,
}

/// Why a response cannot be imported.
#[derive(Debug)]
pub enum ImportFailure {
    /// Neither a workbook nor a signed kensa response.
    NotAResponse(Sniffed),
    Xlsx(XlsxFailure),
    Signed(SignedError),
    /// No request with this id was sent from this database: another facility's file, or one
    /// whose identification was changed.
    UnknownRequest {
        request_id: String,
    },
    /// For another facility (医療機関コード or name).
    OtherFacility {
        found: String,
        expected: String,
    },
    /// For another vendor than the request's.
    OtherVendor {
        found: i64,
        expected: i64,
    },
    /// For another edition or 年度 than the request's sheet.
    OtherSheet {
        found: String,
        expected: String,
    },
    /// The item texts changed since the request (the edition's text differs).
    EditionChanged {
        edition: String,
    },
    /// The request's vendor was removed from the list.
    VendorRemoved {
        vendor: i64,
    },
    /// Signed by another key than `--pubkey` names.
    UntrustedKey {
        expected: String,
        found: String,
    },
    /// Signed by another key than the vendor's previous signed response.
    KeyChanged {
        before: String,
        now: String,
    },
    /// Rows that cannot be imported, each with its cell, and the row it is in.
    Plan(Vec<(PlanError, Option<(String, Scope)>)>),
}

/// A response ready to store.
#[derive(Debug, Clone)]
pub struct Prepared<'r> {
    pub vendor: &'r Vendor,
    pub request: &'r VendorRequest,
    pub sheet: &'r SheetRecord,
    pub plan: ImportPlan,
    pub provenance: ResponseProvenance,
    pub format: ExchangeFormat,
    /// Who answered (kensa responses) or the vendor name written in the workbook.
    pub responder: String,
}

/// What [`prepare`] reads besides the file.
pub struct ImportInput<'a> {
    pub record: &'a Record,
    pub editions: &'a Editions,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub today: Date,
    /// `--pubkey`: the key a signed response must be signed with.
    pub expected_key: Option<&'a ExpectedKey>,
}

/// Identify and plan a response.
pub fn prepare<'a>(input: &ImportInput<'a>) -> Result<Prepared<'a>, ImportFailure> {
    let record = input.record;
    let bytes = input.bytes;
    let (format, claimed, rows, responder, signer) = if signed::looks_signed(bytes) {
        let s = signed::open::<ResponsePayload>(RESPONSE_SCHEMA, bytes)
            .map_err(ImportFailure::Signed)?;
        let p = &s.payload;
        let claimed = Claimed {
            request_id: p.request_id.clone(),
            institution_code: p.institution_code.clone(),
            facility_name: p.facility_name.clone(),
            vendor_id: p.vendor_id,
            edition_id: p.edition_id.clone(),
            edition_sha256: p.edition_sha256.clone(),
            fiscal_year: p.fiscal_year,
        };
        (
            ExchangeFormat::Kensa,
            claimed,
            p.response_rows(),
            p.responder.clone(),
            Some(s.fingerprint),
        )
    } else if xlsx_in::is_zip(bytes) {
        let x = xlsx_in::read(bytes, &|id| input.editions.get(id)).map_err(ImportFailure::Xlsx)?;
        let claimed = Claimed {
            request_id: x.id.request_id.clone(),
            institution_code: x.id.institution_code.clone(),
            facility_name: x.id.facility_name.clone(),
            vendor_id: x.id.vendor_id,
            edition_id: x.id.edition_id.clone(),
            edition_sha256: x.id.edition_sha256.clone(),
            fiscal_year: x.id.fiscal_year,
        };
        (
            ExchangeFormat::Xlsx,
            claimed,
            x.rows,
            x.id.vendor_name,
            None,
        )
    } else {
        return Err(ImportFailure::NotAResponse(xlsx_in::sniff(bytes)));
    };

    let request = record
        .vendor_requests
        .iter()
        .find(|r| r.request_id == claimed.request_id)
        .ok_or_else(|| ImportFailure::UnknownRequest {
            request_id: claimed.request_id.clone(),
        })?;
    let facility = record.facility.as_ref();
    match facility.and_then(|f| f.institution_code.as_deref()) {
        Some(code) if claimed.institution_code.as_deref() != Some(code) => {
            return Err(ImportFailure::OtherFacility {
                found: claimed
                    .institution_code
                    .clone()
                    .unwrap_or_else(|| claimed.facility_name.clone()),
                expected: code.to_string(),
            });
        }
        Some(_) => {}
        None => {
            let name = facility.map(|f| f.name.as_str()).unwrap_or_default();
            if claimed.facility_name != name {
                return Err(ImportFailure::OtherFacility {
                    found: claimed.facility_name.clone(),
                    expected: name.to_string(),
                });
            }
        }
    }
    if claimed.vendor_id != request.vendor_id {
        return Err(ImportFailure::OtherVendor {
            found: claimed.vendor_id,
            expected: request.vendor_id,
        });
    }
    // The request's sheet is in the record: requests are only recorded for existing sheets.
    let sheet = record
        .sheet(request.sheet_id)
        .map_err(|_| ImportFailure::UnknownRequest {
            request_id: claimed.request_id.clone(),
        })?;
    let found = format!("{}-{}", claimed.edition_id, claimed.fiscal_year);
    let expected = format!("{}-{}", sheet.sheet.edition_id, sheet.sheet.fiscal_year);
    if found != expected {
        return Err(ImportFailure::OtherSheet { found, expected });
    }
    let embedded = record.editions.iter().find(|e| e.id == claimed.edition_id);
    if embedded.is_none_or(|e| e.sha256 != claimed.edition_sha256) {
        return Err(ImportFailure::EditionChanged {
            edition: claimed.edition_id.clone(),
        });
    }
    let vendor = record
        .vendors
        .iter()
        .find(|v| v.id == request.vendor_id && v.removed_at.is_none())
        .ok_or(ImportFailure::VendorRemoved {
            vendor: request.vendor_id,
        })?;
    if let Some(found) = &signer {
        match input.expected_key {
            Some(k) if k.describe() != *found => {
                return Err(ImportFailure::UntrustedKey {
                    expected: k.describe(),
                    found: found.clone(),
                });
            }
            Some(_) => {}
            None => {
                let before = record
                    .vendor_responses
                    .iter()
                    .filter(|r| r.vendor_id == vendor.id)
                    .filter_map(|r| r.signer.as_ref())
                    .next_back();
                if let Some(before) = before
                    && before != found
                {
                    return Err(ImportFailure::KeyChanged {
                        before: before.clone(),
                        now: found.clone(),
                    });
                }
            }
        }
    }
    let edition = input.editions.get(&sheet.sheet.edition_id).ok_or_else(|| {
        ImportFailure::EditionChanged {
            edition: claimed.edition_id.clone(),
        }
    })?;
    let plan = plan_import(
        &PlanInput {
            sheet,
            edition,
            vendor,
            today: input.today,
        },
        &rows,
    )
    .map_err(|errors| ImportFailure::Plan(with_rows(errors, &rows)))?;
    Ok(Prepared {
        vendor,
        request,
        sheet,
        plan,
        provenance: ResponseProvenance {
            request: request.id,
            vendor_id: vendor.id,
            format,
            file_name: input.file_name.to_string(),
            sha256: crate::model::record::sha256_hex(bytes),
            signer,
        },
        format,
        responder,
    })
}

/// Each problem with the row whose cell it names, for the message.
fn with_rows(
    errors: Vec<PlanError>,
    rows: &[ResponseRow],
) -> Vec<(PlanError, Option<(String, Scope)>)> {
    errors
        .into_iter()
        .map(|e| {
            let row = rows
                .iter()
                .find(|r| {
                    let p = &r.places;
                    [&p.row, &p.first, &p.target, &p.second, &p.note].contains(&&e.place)
                })
                .map(|r| (r.item.clone(), r.scope));
            (e, row)
        })
        .collect()
}
