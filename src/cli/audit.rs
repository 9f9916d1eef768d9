//! `kensa audit verify [--anchor CODE|BUNDLE]` and `kensa audit anchor`: the hash-chained audit
//! log, the database's schema, and the history compared with an anchor held elsewhere.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Subcommand;

use super::{Ctx, print_json, write_err_painted, write_out_painted};
use crate::bundle::reader::{Verdict, verify as verify_bundle};
use crate::i18n::Lang;
use crate::model::audit::{AnchorCode, AnchorCodeError};
use crate::store::{Anchor, AnchorMismatch, ProblemKind, Store};
use crate::text::audit::schema_problem;
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the database's schema, recompute the hash chain and compare every stored row with
    /// its audit record; with --anchor, also prove the history up to the anchor is unchanged.
    Verify {
        /// An anchor code from `kensa audit anchor` (e.g. 42-7K3M-Q9XA-R2PD-WV5H-C), or a bundle
        /// file made by `kensa bundle` (its signed audit log is compared record by record).
        #[arg(long, value_name = "CODE|BUNDLE")]
        anchor: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the audit log's current head as a short code to write down or mail elsewhere.
    Anchor {
        #[arg(long)]
        json: bool,
    },
}

/// Exit code of `audit verify` when the database holds changes made outside kensa (the chain,
/// a row or the schema).
pub const EXIT_CHANGED: u8 = 4;
/// Exit code of `audit verify --anchor` when the history up to the anchor differs from it.
pub const EXIT_ANCHOR_DIFFERS: u8 = 5;

pub fn run(ctx: &Ctx, c: AuditCommand) -> Result<ExitCode> {
    match c {
        AuditCommand::Verify { anchor, json } => verify(ctx, anchor.as_deref(), json),
        AuditCommand::Anchor { json } => anchor(ctx, json),
    }
}

/// The text made safe to print first (it may hold names from outside), then painted: print
/// the result with `write_out_painted` / `write_err_painted`, which do not escape again.
fn paint(text: &str, tty: bool) -> String {
    let text = crate::text::safe::safe_lines(text);
    if tty && std::env::var_os("NO_COLOR").is_none() {
        format!("\x1b[31m{text}\x1b[0m")
    } else {
        text.into_owned()
    }
}

/// `text` in red when standard error is a terminal (and `NO_COLOR` is not set).
pub(super) fn red_err(text: &str) -> String {
    use std::io::IsTerminal;
    paint(text, std::io::stderr().is_terminal())
}

/// `text` in red when standard output is a terminal (and `NO_COLOR` is not set).
pub(super) fn red_out(text: &str) -> String {
    use std::io::IsTerminal;
    paint(text, std::io::stdout().is_terminal())
}

/// Every command that opens the database says so when its schema is not kensa's: reading goes
/// on, writing will be refused.
pub(super) fn warn_if_schema_altered(lang: Lang, store: &Store) {
    let problems = store.schema_problems();
    if !problems.is_empty() {
        write_err_painted(&format!(
            "{}: {}",
            tr!(lang, "cli.warning"),
            red_err(&tr!(
                lang,
                "store.schema_warning",
                path = store.path().display(),
                problems = crate::text::audit::schema_problems(lang, problems)
            ))
        ));
    }
}

/// Where the anchor came from, for the messages and the JSON.
enum Source {
    Code(String),
    Bundle { path: String, fingerprint: String },
}

fn code_error(lang: Lang, input: &str, e: &AnchorCodeError) -> anyhow::Error {
    let why = match e {
        AnchorCodeError::Shape => tr!(lang, "audit.anchor.why.shape").to_string(),
        AnchorCodeError::Length { found } => tr!(lang, "audit.anchor.why.length", found = found),
        AnchorCodeError::Character { found } => {
            tr!(lang, "audit.anchor.why.character", found = found)
        }
        AnchorCodeError::Checksum => tr!(lang, "audit.anchor.why.checksum").to_string(),
    };
    anyhow!(tr!(lang, "audit.anchor.bad_code", input = input, why = why))
}

/// `--anchor`: a bundle file if one is there, else a code.
fn load_anchor(lang: Lang, input: &str) -> Result<(Anchor, Source)> {
    let path = Path::new(input);
    if path.is_file() {
        let shown = path.display();
        let v = verify_bundle(path, None).map_err(|e| {
            anyhow!(tr!(
                lang,
                "audit.anchor.bundle_unreadable",
                path = shown,
                detail = e
            ))
        })?;
        if v.verdict() != Verdict::Intact {
            return Err(anyhow!(tr!(
                lang,
                "audit.anchor.bundle_not_intact",
                path = shown,
                count = v.problems.len()
            )));
        }
        let Some(log) = v.audit else {
            return Err(anyhow!(tr!(
                lang,
                "audit.anchor.bundle_no_log",
                path = shown
            )));
        };
        let source = Source::Bundle {
            path: shown.to_string(),
            fingerprint: v.key_fingerprint.unwrap_or_default(),
        };
        return Ok((Anchor::Log(log), source));
    }
    let code = AnchorCode::parse(input).map_err(|e| code_error(lang, input, &e))?;
    let source = Source::Code(code.to_string());
    Ok((Anchor::Code(code), source))
}

fn mismatch_message(lang: Lang, m: &AnchorMismatch, anchor: &str) -> String {
    match m {
        AnchorMismatch::Missing { seq, last } => {
            tr!(lang, "audit.anchor.missing", seq = seq, last = last)
        }
        AnchorMismatch::Differs {
            seq,
            field,
            anchor: theirs,
            database,
        } => tr!(
            lang,
            "audit.anchor.differs",
            seq = seq,
            field = field,
            anchor = theirs,
            database = database
        ),
        AnchorMismatch::HashDiffers { seq } => {
            tr!(lang, "audit.anchor.hash_differs", seq = seq, code = anchor)
        }
        AnchorMismatch::ChainBroken { seq } => {
            tr!(lang, "audit.anchor.chain_broken", seq = seq)
        }
    }
}

fn problem_kind(lang: Lang, kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::ChainBroken => tr!(lang, "audit.chain_broken"),
        ProblemKind::ChainGap => tr!(lang, "audit.chain_gap"),
        ProblemKind::RowChanged => tr!(lang, "audit.row_changed"),
        ProblemKind::RowNotRecorded => tr!(lang, "audit.row_not_recorded"),
        ProblemKind::RowMissing => tr!(lang, "audit.row_missing"),
    }
}

fn verify(ctx: &Ctx, anchor: Option<&str>, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    // The anchor first: a mistyped code is an error before anything is reported.
    let anchor = anchor.map(|a| load_anchor(lang, a)).transpose()?;
    // Opened directly: the schema problems are part of this report, not a warning before it.
    let store = Store::open(&ctx.existing_db_path()?)?;
    let report = store.audit_verify()?;
    let mismatch = match &anchor {
        Some((a, _)) => store.audit_check_anchor(a)?,
        None => None,
    };
    let local_problems = report.problems.len() + report.schema.len();
    let anchor_label = |source: &Source| match source {
        Source::Code(code) => code.clone(),
        Source::Bundle { path, fingerprint } => tr!(
            lang,
            "audit.anchor.bundle",
            path = path,
            fingerprint = fingerprint
        ),
    };
    if json {
        let anchor_json = anchor.as_ref().map(|(a, source)| {
            let (kind, value) = match source {
                Source::Code(c) => ("code", c.clone()),
                Source::Bundle { path, .. } => ("bundle", path.clone()),
            };
            serde_json::json!({
                "source": kind,
                "value": value,
                "seq": a.seq(),
                "unchanged": mismatch.is_none(),
                "mismatch": mismatch.as_ref().map(|m| {
                    let mut j = serde_json::to_value(m).unwrap_or_default();
                    if let Some(o) = j.as_object_mut() {
                        o.insert("message".into(), mismatch_message(lang, m, &value).into());
                    }
                    j
                }),
            })
        });
        print_json(&serde_json::json!({
            "schema": "kensa.audit/1",
            "intact": local_problems == 0 && mismatch.is_none(),
            "records": report.records,
            "rows_checked": report.rows_checked,
            "problems": report.problems,
            "schema_problems": report.schema,
            "anchor": anchor_json,
        }))?;
    } else {
        for p in &report.schema {
            write_out_painted(&red_out(&tr!(
                lang,
                "audit.schema.line",
                what = schema_problem(lang, p)
            )));
        }
        for p in &report.problems {
            write_out_painted(&red_out(&tr!(
                lang,
                "audit.problem",
                table = p.table,
                id = p.id,
                what = problem_kind(lang, p.kind)
            )));
        }
        if local_problems == 0 {
            outln!(
                "{}",
                tr!(
                    lang,
                    "audit.intact",
                    records = report.records,
                    rows = report.rows_checked
                )
            );
        } else {
            write_err_painted(&red_err(&tr!(
                lang,
                "audit.broken",
                count = local_problems,
                path = store.path().display()
            )));
        }
        if let Some((a, source)) = &anchor {
            let label = anchor_label(source);
            match &mismatch {
                None => outln!(
                    "{}",
                    tr!(
                        lang,
                        "audit.anchor.unchanged",
                        anchor = label,
                        seq = a.seq()
                    )
                ),
                Some(m) => write_err_painted(&red_err(&mismatch_message(lang, m, &label))),
            }
        }
    }
    Ok(if mismatch.is_some() {
        ExitCode::from(EXIT_ANCHOR_DIFFERS)
    } else if local_problems > 0 {
        ExitCode::from(EXIT_CHANGED)
    } else {
        ExitCode::SUCCESS
    })
}

fn anchor(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let head = store.audit_head()?;
    let code = head.as_ref().and_then(AnchorCode::of);
    if json {
        print_json(&serde_json::json!({
            "schema": "kensa.audit-anchor/1",
            "seq": head.as_ref().map(|h| h.seq),
            "hash": head.as_ref().map(|h| h.hash.clone()),
            "code": code.as_ref().map(ToString::to_string),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    match (head, code) {
        (Some(h), Some(code)) => outln!(
            "{}",
            tr!(lang, "audit.anchor.code", seq = h.seq, code = code)
        ),
        // A head whose hash is not hex was written outside kensa; `audit verify` names it.
        (Some(h), None) => return Err(anyhow!(tr!(lang, "audit.anchor.bad_head", seq = h.seq))),
        (None, _) => outln!("{}", tr!(lang, "audit.anchor.empty")),
    }
    Ok(ExitCode::SUCCESS)
}
