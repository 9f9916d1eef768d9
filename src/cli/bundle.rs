//! `kensa keygen`, `kensa bundle`, `kensa verify`: the signed bundle handed to the inspector.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::audit::{red_err, red_out};
use super::report::{Gathered, TemplatesArg, gather_report, template_error};
use super::{Ctx, print_json, write_err_painted, write_out_painted};
use crate::bundle::AUDIT;
use crate::bundle::keys::{self, KeyError, fingerprint};
use crate::bundle::manifest::ManifestFacility;
use crate::bundle::reader::{ReadError, Verdict, verify as verify_bundle};
use crate::bundle::writer::{BundleInfo, Member, write_bundle};
use crate::i18n::Lang;
use crate::model::audit::AnchorCode;
use crate::report::data::{LedgerRow, ledger_headers};
use crate::report::{render_html, render_json, xlsx};
use crate::text::bundle::{problem_message, read_error};
use crate::text::io_detail;
use crate::text::safe::{safe, safe_path};
use crate::tr;

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Secret key file to create (owner-only); the public key goes to KEYFILE.pub.
    #[arg(long, value_name = "KEYFILE")]
    out: PathBuf,
}

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Bundle file to write (owner-only).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Secret key file made by `kensa keygen`.
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
    #[command(flatten)]
    templates: TemplatesArg,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The bundle file.
    file: PathBuf,
    /// The key the bundle must be signed with: the facility's .pub file, the 64-digit public key,
    /// or the fingerprint printed in its report (as read out over the phone).
    #[arg(long, value_name = "KEY")]
    pubkey: Option<String>,
    #[arg(long)]
    json: bool,
}

pub(super) fn key_error(lang: Lang, e: KeyError) -> anyhow::Error {
    anyhow!(match e {
        KeyError::Io { path, source } => tr!(
            lang,
            "store.io",
            path = safe_path(&path),
            detail = io_detail(lang, &source)
        ),
        KeyError::Exists { path } => tr!(lang, "bundle.key_exists", path = safe_path(&path)),
        KeyError::Malformed { path, line, detail } => tr!(
            lang,
            "bundle.key_malformed",
            path = safe_path(&path),
            line = line,
            detail = safe(&detail)
        ),
        KeyError::BadPublicKeySpec { input } =>
            tr!(lang, "bundle.bad_pubkey", input = safe(&input)),
        KeyError::Random(d) => tr!(lang, "bundle.no_random", detail = d),
    })
}

pub fn keygen(ctx: &Ctx, a: KeygenArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let (public, pub_path) = keys::generate(&a.out).map_err(|e| key_error(lang, e))?;
    outln!(
        "{}",
        tr!(
            lang,
            "bundle.keygen_done",
            secret = safe_path(&a.out),
            public = safe_path(&pub_path),
            fingerprint = fingerprint(&public)
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// The 台帳 as CSV for Excel: UTF-8 with BOM, official headers, and cells that a spreadsheet
/// would take for a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'` so they stay text.
pub fn ledger_csv(lang: Lang, rows: &[LedgerRow]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(ledger_headers(lang))?;
    for r in rows {
        w.write_record(r.cells().iter().map(|c| {
            if c.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{c}")
            } else {
                (*c).to_string()
            }
        }))?;
    }
    w.into_inner().map_err(|e| anyhow!(e.to_string()))
}

pub fn bundle(ctx: &Ctx, a: BundleArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let key = keys::read_secret(&a.key).map_err(|e| key_error(lang, e))?;
    let templates = a.templates.load(ctx)?;
    let Gathered { record, mut data } = gather_report(ctx, a.sheet.as_deref())?;
    data.signing_key_fingerprint = Some(fingerprint(&key.verifying_key()));
    let html = render_html(&templates, &data).map_err(|e| template_error(ctx, e))?;
    let xlsx = xlsx::render_xlsx(&data)
        .map_err(|e| anyhow!(tr!(lang, "report.xlsx_error", detail = e)))?;
    let mut members = vec![
        Member::new("report.html", html.into_bytes()),
        Member::new("report.json", render_json(&data).into_bytes()),
        Member::new("report.xlsx", xlsx),
        // The raw facts: an inspector's kensa judges the facility again from this alone.
        Member::new("record.json", record.to_json().into_bytes()),
    ];
    for e in &record.editions {
        members.push(Member::new(
            format!("editions/{}.yaml", e.id),
            e.yaml.clone().into_bytes(),
        ));
    }
    if !data.ledger.is_empty() {
        members.push(Member::new("ledger.csv", ledger_csv(lang, &data.ledger)?));
    }
    let store = ctx.existing_store()?;
    // The audit log as far as the record's head: it was read after the record, and the log
    // only grows, so this is exactly the history the record was taken at.
    let mut log = store.audit_log()?;
    let head_seq = record.audit_head.as_ref().map_or(0, |h| h.seq);
    log.records.retain(|r| r.seq <= head_seq);
    log.head = record.audit_head.clone();
    members.push(Member::json(AUDIT, &log)?);
    for e in &data.evidence {
        let content = store
            .evidence_content(e.id)?
            .ok_or_else(|| anyhow!(tr!(lang, "bundle.evidence_gone", id = e.id, name = e.name)))?;
        members.push(Member::evidence(e.id, &e.name, content));
    }
    // MDS/SDS files are kept like evidence, and travel like it.
    for d in &record.disclosures {
        if let Some(f) = &d.file {
            let content = store.disclosure_content(d.id)?.ok_or_else(|| {
                anyhow!(tr!(lang, "bundle.evidence_gone", id = d.id, name = f.name))
            })?;
            members.push(Member::disclosure(d.id, &f.name, content));
        }
    }
    let info = BundleInfo {
        facility: ManifestFacility {
            name: data.facility.name.clone(),
            kind: data.facility.kind_label.clone(),
            prefecture: data.facility.prefecture.clone(),
        },
        edition: data.sheet.edition.clone(),
        sheet: data.sheet.key.clone(),
        fiscal_year: data.sheet.fiscal_year,
        created_at: jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    };
    let manifest = write_bundle(&a.out, &members, info, &key).map_err(|e| {
        anyhow!(tr!(
            lang,
            "report.write_failed",
            path = safe_path(&a.out),
            detail = e
        ))
    })?;
    outln!(
        "{}",
        tr!(
            lang,
            "bundle.written",
            path = safe_path(&a.out),
            files = manifest.files.len(),
            bytes = manifest.files.iter().map(|f| f.size).sum::<u64>(),
            fingerprint = manifest.key_fingerprint
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Exit code of `kensa verify` for a bundle that is as signed, but by another key than `--pubkey`.
pub const EXIT_OTHER_KEY: u8 = 3;
/// Exit code of `kensa verify` for a bundle changed after signing, damaged, or not one kensa writes.
pub const EXIT_CHANGED: u8 = 4;

pub fn verify(ctx: &Ctx, a: VerifyArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let expected = a
        .pubkey
        .as_deref()
        .map(keys::parse_expected)
        .transpose()
        .map_err(|e| key_error(lang, e))?;
    let v = match verify_bundle(&a.file, expected.as_ref()) {
        Ok(v) => v,
        Err(e) => {
            let message = read_error(lang, &e);
            // A file that cannot be opened was not checked at all; anything else was read and
            // is not a bundle as kensa writes them.
            let unreadable = matches!(e, ReadError::Io { .. });
            if a.json {
                print_json(&serde_json::json!({
                    "schema": "kensa.verify/1",
                    "intact": false,
                    "verdict": if unreadable { "unreadable" } else { "changed" },
                    "error": message,
                    "problems": [],
                }))?;
            } else {
                write_err_painted(&format!(
                    "kensa: {}: {}",
                    tr!(lang, "cli.error"),
                    red_err(&message)
                ));
            }
            return Ok(if unreadable {
                ExitCode::FAILURE
            } else {
                ExitCode::from(EXIT_CHANGED)
            });
        }
    };
    let verdict = v.verdict();
    let audit_head = v.audit.as_ref().and_then(|l| l.head.clone());
    let anchor = audit_head
        .as_ref()
        .and_then(AnchorCode::of)
        .map(|c| c.to_string());
    if a.json {
        let problems: Vec<_> = v
            .problems
            .iter()
            .map(|p| {
                let mut j = serde_json::to_value(p).unwrap_or_default();
                if let Some(o) = j.as_object_mut() {
                    o.insert("message".into(), problem_message(lang, p).into());
                }
                j
            })
            .collect();
        print_json(&serde_json::json!({
            "schema": "kensa.verify/1",
            "intact": v.intact(),
            "verdict": verdict,
            "error": null,
            "key_fingerprint": v.key_fingerprint,
            "key_confirmed": expected.is_some() && v.intact(),
            "files": v.files,
            "bytes": v.bytes,
            "manifest": v.manifest,
            "audit_head": audit_head.map(|h| serde_json::json!({
                "seq": h.seq,
                "hash": h.hash,
                "anchor": anchor,
            })),
            "problems": problems,
        }))?;
    } else if v.intact() {
        let m = v.manifest.as_ref();
        outln!(
            "{}",
            tr!(
                lang,
                "bundle.intact",
                path = safe_path(&a.file),
                // The manifest is the bundle's own word: shown, never obeyed.
                facility = safe(m.map_or("", |m| m.facility.name.as_str())),
                sheet = safe(m.map_or("", |m| m.sheet.as_str())),
                created = safe(m.map_or("", |m| m.created_at.as_str())),
                files = v.files,
                bytes = v.bytes
            )
        );
        let fp = v.key_fingerprint.clone().unwrap_or_default();
        if expected.is_some() {
            outln!("{}", tr!(lang, "bundle.key_confirmed", fingerprint = fp));
        } else {
            outln!("{}", tr!(lang, "bundle.key_unconfirmed", fingerprint = fp));
        }
        if let (Some(log), Some(code)) = (&v.audit, &anchor) {
            outln!(
                "{}",
                tr!(
                    lang,
                    "bundle.audit_head",
                    records = log.records.len(),
                    code = code
                )
            );
        }
    } else {
        for p in &v.problems {
            write_out_painted(&red_out(&problem_message(lang, p)));
        }
        let summary = match verdict {
            Verdict::OtherKey => tr!(
                lang,
                "bundle.other_key",
                path = safe_path(&a.file),
                expected = expected.as_ref().map(|e| e.describe()).unwrap_or_default(),
                found = v.key_fingerprint.clone().unwrap_or_default()
            ),
            _ => tr!(
                lang,
                "bundle.not_intact",
                path = safe_path(&a.file),
                count = v.problems.len()
            ),
        };
        write_err_painted(&red_err(&summary));
    }
    Ok(match verdict {
        Verdict::Intact => ExitCode::SUCCESS,
        Verdict::OtherKey => ExitCode::from(EXIT_OTHER_KEY),
        Verdict::Changed => ExitCode::from(EXIT_CHANGED),
    })
}
