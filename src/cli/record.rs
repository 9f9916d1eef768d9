//! `kensa record`: the facility record (`kensa.record/1`) as JSON, and reading one back for
//! `report --from-record`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::Ctx;
use crate::editions::Library;
use crate::fsio::{ReadFailure, read_limited, write_atomic};
use crate::model::record::{MAX_RECORD_BYTES, Record, RecordError};
use crate::store::Store;
use crate::tr;

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Write to this file (owner-only) instead of standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// The record of the store, with the library's editions embedded.
pub fn take_record(store: &Store, lib: &Library) -> Result<Record> {
    Ok(store.record(&|id| lib.text(id).map(str::to_string))?)
}

pub fn record(ctx: &Ctx, a: RecordArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let record = take_record(&store, &ctx.library())?;
    let json = record.to_json();
    match a.out {
        None => outln!("{json}"),
        Some(out) => {
            write_atomic(&out, json.as_bytes()).map_err(|e| {
                anyhow!(tr!(
                    lang,
                    "report.write_failed",
                    path = out.display(),
                    detail = e
                ))
            })?;
            let head = record
                .audit_head
                .as_ref()
                .map(|h| format!("#{} {}", h.seq, &h.hash[..h.hash.len().min(12)]))
                .unwrap_or_else(|| "-".into());
            outln!(
                "{}",
                tr!(
                    lang,
                    "record.written",
                    path = out.display(),
                    bytes = json.len(),
                    sheets = record.sheets.len(),
                    ledger = record.ledger.len(),
                    head = head
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Read a record file: a regular file (never a FIFO or device, which would block) of at most
/// [`MAX_RECORD_BYTES`], parsed strictly.
pub fn read_record(ctx: &Ctx, path: &Path) -> Result<Record> {
    let lang = ctx.lang;
    let bad = |detail: String| {
        anyhow!(tr!(
            lang,
            "record.bad_file",
            path = crate::text::safe::safe(&path.display().to_string()),
            detail = detail
        ))
    };
    let bytes = read_limited(path, MAX_RECORD_BYTES).map_err(|e| match e {
        ReadFailure::Io(e) => bad(crate::text::io_detail(lang, &e)),
        ReadFailure::TooLarge { size } => bad(record_error(
            lang,
            &RecordError::TooLarge {
                size,
                limit: MAX_RECORD_BYTES,
            },
        )),
    })?;
    Record::from_json(&bytes)
        .map_err(|e| bad(crate::text::safe::safe(&record_error(lang, &e)).to_string()))
}

pub use crate::text::record::record_error;
