//! Writing a request for a vendor's 事業者確認用: what `kensa vendor request` and the TUI's `r`
//! both do. The vendor's sheet of the 年度 is made (last year's answers carried) if need be, the
//! request is rendered (the Excel workbook, or a signed kensa file), written to a temporary beside
//! the target, recorded in the store, and only then put in place: a file the database does not
//! know would be refused when it comes back.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};
use ed25519_dalek::SigningKey;
use jiff::civil::Date;

use super::signed::{self, REQUEST_SCHEMA, RequestPayload};
use super::{RequestContent, new_request_id, xlsx_out};
use crate::editions::Library;
use crate::fsio::AtomicFile;
use crate::i18n::Lang;
use crate::model::checklist::{Edition, Scope};
use crate::model::facility::Facility;
use crate::model::record::sha256_hex;
use crate::model::vendor::exchange::rows_for_contract;
use crate::model::vendor::{ExchangeFormat, Vendor};
use crate::store::{NewRequest, Sheet, Store};
use crate::text::io_detail;
use crate::text::safe::safe_path;
use crate::tr;
use crate::workflow;

/// What to request.
pub struct RequestSpec<'a> {
    pub facility: &'a Facility,
    pub vendor: &'a Vendor,
    pub edition: &'a Edition,
    pub fiscal_year: i16,
    pub today: Date,
    /// 回答期限 (the caller has checked it is not in the past).
    pub due: Option<Date>,
    pub out: &'a Path,
    /// Sign a kensa request with this key; `None` writes the Excel workbook.
    pub key: Option<&'a SigningKey>,
    pub actor: &'a str,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub sheet: Sheet,
    /// The vendor's sheet was made for this request, with this many answers carried over.
    pub created: Option<usize>,
    pub format: ExchangeFormat,
    /// Rows of the edition (what the vendor is asked to answer).
    pub rows: usize,
}

/// The file name of `p`, as the request records it.
pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Write and record the request.
pub fn write_request(
    store: &mut Store,
    lib: &Library,
    lang: Lang,
    spec: &RequestSpec,
) -> Result<Written> {
    let (vendor, edition, fy) = (spec.vendor, spec.edition, spec.fiscal_year);
    let existing = store
        .sheets()?
        .into_iter()
        .find(|s| s.vendor == Some(vendor.id) && s.edition_id == edition.id && s.fiscal_year == fy);
    let (sheet, created) = match existing {
        Some(s) => (s, None),
        None => {
            let (s, carried) =
                workflow::start_vendor_sheet(store, lib, lang, edition, fy, vendor.id, spec.actor)?;
            (s, Some(carried))
        }
    };
    let record = store.record(&|id| lib.text(id).map(str::to_string))?;
    let sheet_record = record.sheet(sheet.id)?;
    let all_scopes = [Scope::Server, Scope::Terminal, Scope::Network];
    let prefill = rows_for_contract(sheet_record, edition, &all_scopes);
    let edition_sha256 = lib
        .text(&edition.id)
        .map(|t| sha256_hex(t.as_bytes()))
        .unwrap_or_default();
    let request_id = new_request_id().map_err(|e| anyhow!("{e}"))?;
    let facility = spec.facility;
    let (bytes, format) = match spec.key {
        None => {
            let content = RequestContent {
                request_id: request_id.clone(),
                facility_name: facility.name.clone(),
                institution_code: facility.institution_code.clone(),
                vendor_id: vendor.id,
                vendor_name: vendor.name.clone(),
                scopes: vendor.scopes.clone(),
                edition,
                edition_sha256,
                fiscal_year: fy,
                sent_on: spec.today,
                due_on: spec.due,
                prefill,
            };
            (
                xlsx_out::render(&content).map_err(|e| anyhow!("{e}"))?,
                ExchangeFormat::Xlsx,
            )
        }
        Some(k) => {
            let payload = RequestPayload {
                request_id: request_id.clone(),
                facility_name: facility.name.clone(),
                institution_code: facility.institution_code.clone(),
                vendor_id: vendor.id,
                vendor_name: vendor.name.clone(),
                scopes: vendor.scopes.clone(),
                edition_id: edition.id.clone(),
                edition_sha256,
                fiscal_year: fy,
                sent_on: spec.today,
                due_on: spec.due,
            };
            (
                signed::sign(REQUEST_SCHEMA, &payload, k).into_bytes(),
                ExchangeFormat::Kensa,
            )
        }
    };
    let io = |e: std::io::Error| {
        anyhow!(tr!(
            lang,
            "vendor.write_failed",
            path = safe_path(spec.out),
            detail = io_detail(lang, &e)
        ))
    };
    let mut out = AtomicFile::create(spec.out).map_err(io)?;
    out.file().write_all(&bytes).map_err(io)?;
    store.record_request(
        &NewRequest {
            request_id,
            vendor_id: vendor.id,
            sheet_id: sheet.id,
            format,
            file_name: file_name(spec.out),
            sha256: sha256_hex(&bytes),
            sent_on: spec.today,
            due_on: spec.due,
        },
        spec.actor,
    )?;
    out.commit().map_err(io)?;
    Ok(Written {
        sheet,
        created,
        format,
        rows: edition.rows().count(),
    })
}
