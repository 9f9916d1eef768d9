//! `kensa vendor request | import | fill | respond`: the 事業者確認用 as a file, both ways.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::super::record::{record_error, take_record};
use super::super::{Ctx, os_user, today};
use super::resolve_vendor;
use crate::bundle::keys::{parse_expected, read_secret};
use crate::fsio::{ReadFailure, read_limited, write_atomic};
use crate::model::checklist::Form;
use crate::model::record::{SheetRecord, sha256_hex};
use crate::model::vendor::exchange::rows_for_contract;
use crate::model::wareki::{fiscal_year_of, format_fiscal_year};
use crate::text::safe::{safe, safe_path};
use crate::text::vendor::{cells_line, import_failure_lines, row_label};
use crate::text::{io_detail, parse_date_arg, scope_label};
use crate::tr;
use crate::vendor::signed::{
    self, REQUEST_SCHEMA, RESPONSE_SCHEMA, RequestPayload, ResponsePayload, SignedRow,
};
use crate::vendor::{MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, import};
use crate::workflow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RequestFormat {
    /// An Excel workbook in the 事業者確認用 layout (most vendors answer in Excel).
    Xlsx,
    /// A signed kensa request, for a vendor who runs kensa (needs --key).
    Kensa,
}

#[derive(Debug, Args)]
pub struct RequestArgs {
    /// Vendor: id or name.
    vendor: String,
    /// The file to write (the vendor gets this file).
    #[arg(long)]
    out: PathBuf,
    /// 回答期限.
    #[arg(long, value_name = "DATE")]
    due: Option<String>,
    #[arg(long, value_enum, default_value_t = RequestFormat::Xlsx)]
    format: RequestFormat,
    /// Secret key to sign a kensa request with (`kensa keygen`).
    #[arg(long)]
    key: Option<PathBuf>,
    /// 年度 as the western year it starts (default: the current one).
    #[arg(long)]
    fiscal_year: Option<i16>,
    /// Edition of the 事業者確認用 (default: the newest for the 年度).
    #[arg(long)]
    edition: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The filled workbook or the signed response.
    file: PathBuf,
    /// Show what would change against the vendor's previous response, store nothing.
    #[arg(long)]
    dry_run: bool,
    /// For a signed response: the vendor's public key or fingerprint it must be signed with.
    #[arg(long)]
    pubkey: Option<String>,
}

#[derive(Debug, Args)]
pub struct FillArgs {
    /// The signed request a facility sent.
    request: PathBuf,
}

#[derive(Debug, Args)]
pub struct RespondArgs {
    /// The signed request a facility sent.
    request: PathBuf,
    /// The response file to write (send it back to the facility).
    #[arg(long)]
    out: PathBuf,
    /// The vendor's secret key (`kensa keygen`); its fingerprint is what the facility sees.
    #[arg(long)]
    key: PathBuf,
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn read_file(ctx: &Ctx, path: &std::path::Path, limit: u64) -> Result<Vec<u8>> {
    let lang = ctx.lang;
    read_limited(path, limit).map_err(|e| match e {
        ReadFailure::Io(e) => anyhow!(tr!(
            lang,
            "vendor.read_failed",
            path = safe_path(path),
            detail = io_detail(lang, &e)
        )),
        ReadFailure::TooLarge { size } => anyhow!(tr!(
            lang,
            "vendor.file_too_large",
            path = safe_path(path),
            size = size,
            limit = limit
        )),
    })
}

pub fn request(ctx: &Ctx, a: RequestArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let mut store = ctx.store()?;
    let facility = ctx.facility(&store)?;
    let vendor = resolve_vendor(ctx, &store, &a.vendor)?;
    let today = today()?;
    let fy = a.fiscal_year.unwrap_or_else(|| fiscal_year_of(today));
    let edition = match &a.edition {
        Some(id) => lib.get(id).filter(|e| e.form == Form::Vendor),
        None => lib.newest_for(Form::Vendor, fy),
    }
    .ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "vendor.no_edition",
            edition = safe(a.edition.as_deref().unwrap_or("-")),
            fy = format_fiscal_year(fy)
        ))
    })?;
    let due = a
        .due
        .as_deref()
        .map(|d| parse_date_arg(lang, tr!(lang, "vendor.what_due"), d))
        .transpose()?;
    if let Some(d) = due
        && d < today
    {
        return Err(anyhow!(tr!(lang, "vendor.due_past", due = d)));
    }
    let key = match (a.format, &a.key) {
        (RequestFormat::Kensa, None) => return Err(anyhow!(tr!(lang, "vendor.key_needed"))),
        (RequestFormat::Kensa, Some(k)) => Some(read_secret(k)?),
        (RequestFormat::Xlsx, _) => None,
    };

    let written = crate::vendor::request::write_request(
        &mut store,
        &lib,
        lang,
        &crate::vendor::request::RequestSpec {
            facility: &facility,
            vendor: &vendor,
            edition,
            fiscal_year: fy,
            today,
            due,
            out: &a.out,
            key: key.as_ref(),
            actor: &os_user(),
        },
    )?;
    let sheet = &written.sheet;
    if let Some(carried) = written.created {
        outln!(
            "{}",
            tr!(
                lang,
                "vendor.sheet_created",
                sheet = sheet.key(),
                name = safe(&vendor.name)
            )
        );
        if carried > 0 {
            outln!("{}", tr!(lang, "sheet.carried", count = carried));
        }
    }
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.request_written",
            path = safe_path(&a.out),
            name = safe(&vendor.name),
            sheet = sheet.key(),
            rows = written.rows
        )
    );
    if let Some(d) = due {
        outln!("{}", tr!(lang, "vendor.request_due", due = d));
    }
    if let Some(k) = &key {
        outln!(
            "{}",
            tr!(
                lang,
                "vendor.request_signed",
                fingerprint = crate::bundle::keys::fingerprint(&k.verifying_key())
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(ctx: &Ctx, a: ImportArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let mut store = ctx.existing_store()?;
    ctx.facility(&store)?;
    let bytes = match read_file(ctx, &a.file, MAX_RESPONSE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            errln!("{e}");
            errln!("{}", tr!(lang, "vendor.import_refused"));
            return Ok(ExitCode::FAILURE);
        }
    };
    let expected = a.pubkey.as_deref().map(parse_expected).transpose()?;
    let record = take_record(&store, &lib)?;
    let editions = lib
        .editions_for(&record)
        .map_err(|e| anyhow!(record_error(lang, &e)))?;
    let name = file_name(&a.file);
    let prepared = match import::prepare(&import::ImportInput {
        record: &record,
        editions: &editions,
        file_name: &name,
        bytes: &bytes,
        today: today()?,
        expected_key: expected.as_ref(),
    }) {
        Ok(p) => p,
        Err(f) => {
            for line in import_failure_lines(lang, &name, &f) {
                errln!("{line}");
            }
            errln!("{}", tr!(lang, "vendor.import_refused"));
            return Ok(ExitCode::FAILURE);
        }
    };
    let plan = &prepared.plan;
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.import_header",
            name = safe(&prepared.vendor.name),
            sheet = prepared.sheet.sheet.key(),
            rows = plan.rows_read,
            format = prepared.format.as_str()
        )
    );
    if let Some(signer) = &prepared.provenance.signer {
        outln!(
            "{}",
            tr!(
                lang,
                "vendor.import_signer",
                fingerprint = signer,
                responder = safe(&prepared.responder)
            )
        );
    }
    if plan.changes.is_empty() {
        outln!("{}", tr!(lang, "vendor.import_no_change"));
    }
    for c in &plan.changes {
        outln!(
            "  {}  {} → {}",
            row_label(&c.item, c.scope),
            cells_line(lang, &c.before),
            cells_line(lang, &c.after)
        );
    }
    if !plan.unanswered.is_empty() {
        let rows: Vec<String> = plan
            .unanswered
            .iter()
            .map(|(i, s)| row_label(i, *s))
            .collect();
        outln!(
            "{}",
            tr!(
                lang,
                "vendor.import_unanswered",
                count = rows.len(),
                rows = rows.join(", ")
            )
        );
    }
    if a.dry_run {
        outln!("{}", tr!(lang, "vendor.import_dry_run"));
        return Ok(ExitCode::SUCCESS);
    }
    let sheet_id = prepared.sheet.sheet.id;
    let id = store.import_response(sheet_id, plan, &prepared.provenance, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.imported",
            id = id,
            checks = plan.checks.len(),
            targets = plan.targets.len(),
            sha = &prepared.provenance.sha256[..12]
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Open a signed request on the vendor's machine: checked, and its edition the same text here.
fn open_request(
    ctx: &Ctx,
    path: &std::path::Path,
    lib: &crate::editions::Library,
) -> Result<(
    signed::Signed<RequestPayload>,
    crate::model::checklist::Edition,
)> {
    let lang = ctx.lang;
    let bytes = read_file(ctx, path, MAX_REQUEST_BYTES)?;
    let opened = signed::open::<RequestPayload>(REQUEST_SCHEMA, &bytes).map_err(|e| {
        let lines = import_failure_lines(lang, &file_name(path), &import::ImportFailure::Signed(e));
        anyhow!(lines.join("\n"))
    })?;
    let p = &opened.payload;
    let edition = lib.get(&p.edition_id).cloned().ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "vendor.request_edition_unknown",
            edition = safe(&p.edition_id)
        ))
    })?;
    let here = lib
        .text(&p.edition_id)
        .map(|t| sha256_hex(t.as_bytes()))
        .unwrap_or_default();
    if here != p.edition_sha256 {
        return Err(anyhow!(tr!(
            lang,
            "vendor.request_edition_differs",
            edition = safe(&p.edition_id)
        )));
    }
    Ok((opened, edition))
}

/// The vendor's own sheet for a request's edition and 年度 (no vendor: it is the vendor's).
fn own_sheet<'r>(
    record: &'r crate::model::record::Record,
    p: &RequestPayload,
) -> Option<&'r SheetRecord> {
    record.sheets.iter().find(|s| {
        s.sheet.form == Form::Vendor
            && s.sheet.vendor.is_none()
            && s.sheet.edition_id == p.edition_id
            && s.sheet.fiscal_year == p.fiscal_year
    })
}

fn print_request(ctx: &Ctx, s: &signed::Signed<RequestPayload>) {
    let lang = ctx.lang;
    let p = &s.payload;
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.fill_from",
            facility = safe(&p.facility_name),
            code = safe(p.institution_code.as_deref().unwrap_or("-")),
            name = safe(&p.vendor_name),
            fy = format_fiscal_year(p.fiscal_year),
            fingerprint = s.fingerprint
        )
    );
    let scopes: Vec<&str> = p.scopes.iter().map(|s| scope_label(lang, *s)).collect();
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.fill_contract",
            scopes = if scopes.is_empty() {
                tr!(lang, "vendor.scopes_general_only").to_string()
            } else {
                scopes.join(", ")
            },
            due = p
                .due_on
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into())
        )
    );
}

pub fn fill(ctx: &Ctx, a: FillArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let (opened, edition) = open_request(ctx, &a.request, &lib)?;
    let p = &opened.payload;
    print_request(ctx, &opened);
    let mut store = ctx.store()?;
    let record = take_record(&store, &lib)?;
    let sheet_id = match own_sheet(&record, p) {
        Some(s) => {
            outln!(
                "{}",
                tr!(lang, "vendor.fill_existing", sheet = s.sheet.key())
            );
            s.sheet.id
        }
        None => {
            let sheets = store.sheets()?;
            let from = workflow::vendor_carry_source(&lib, &sheets, &edition, p.fiscal_year, None)
                .cloned();
            let (s, carried) = workflow::start_sheet(
                &mut store,
                &lib,
                lang,
                &edition,
                p.fiscal_year,
                from.as_ref(),
                &os_user(),
            )?;
            outln!("{}", tr!(lang, "vendor.fill_created", sheet = s.key()));
            if carried > 0 {
                outln!("{}", tr!(lang, "sheet.carried", count = carried));
            }
            s.id
        }
    };
    let record = take_record(&store, &lib)?;
    let sheet = record.sheet(sheet_id)?;
    let rows = rows_for_contract(sheet, &edition, &p.scopes);
    let open: Vec<String> = rows
        .iter()
        .filter(|(_, _, c, _)| c.first.is_none())
        .map(|(i, s, _, _)| row_label(i, *s))
        .collect();
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.fill_progress",
            answered = rows.len() - open.len(),
            rows = rows.len()
        )
    );
    if !open.is_empty() {
        outln!("{}", tr!(lang, "vendor.fill_open", rows = open.join(", ")));
    }
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.fill_how",
            sheet = sheet.sheet.key(),
            request = safe_path(&a.request)
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn respond(ctx: &Ctx, a: RespondArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let (opened, edition) = open_request(ctx, &a.request, &lib)?;
    let p = &opened.payload;
    let key = read_secret(&a.key)?;
    let store = ctx.existing_store()?;
    let record = take_record(&store, &lib)?;
    let sheet = own_sheet(&record, p).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "vendor.respond_no_sheet",
            edition = safe(&p.edition_id),
            fy = format_fiscal_year(p.fiscal_year),
            request = safe_path(&a.request)
        ))
    })?;
    let rows = rows_for_contract(sheet, &edition, &p.scopes);
    let open = rows.iter().filter(|(_, _, c, _)| c.first.is_none()).count();
    let payload = ResponsePayload {
        request_id: p.request_id.clone(),
        facility_name: p.facility_name.clone(),
        institution_code: p.institution_code.clone(),
        vendor_id: p.vendor_id,
        vendor_name: p.vendor_name.clone(),
        edition_id: p.edition_id.clone(),
        edition_sha256: p.edition_sha256.clone(),
        fiscal_year: p.fiscal_year,
        responder: os_user(),
        responded_on: today()?,
        rows: rows
            .iter()
            .map(|(item, scope, c, note)| SignedRow {
                item: item.clone(),
                scope: *scope,
                first: c.first,
                target: c.target,
                second: c.second,
                note: note.clone(),
            })
            .collect(),
    };
    let text = signed::sign(RESPONSE_SCHEMA, &payload, &key);
    write_atomic(&a.out, text.as_bytes()).map_err(|e| {
        anyhow!(tr!(
            lang,
            "vendor.write_failed",
            path = safe_path(&a.out),
            detail = io_detail(lang, &e)
        ))
    })?;
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.responded",
            path = safe_path(&a.out),
            facility = safe(&p.facility_name),
            rows = rows.len(),
            left_out = edition.rows().count() - rows.len(),
            fingerprint = crate::bundle::keys::fingerprint(&key.verifying_key())
        )
    );
    if open > 0 {
        outln!("{}", tr!(lang, "vendor.respond_open", count = open));
    }
    Ok(ExitCode::SUCCESS)
}
