//! The inspector's commands, with no hospital database: `kensa inspect BUNDLE`, `kensa aggregate
//! DIR|BUNDLE...`, and `kensa keys trust|list|revoke` for the facility keys kept in the
//! inspector's own data folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};

use super::audit::{red_err, red_out};
use super::report::{TemplatesArg, template_error};
use super::{Ctx, pad, print_json, today, write_err_painted, write_out_painted};
use crate::bundle::keys::{ExpectedKey, parse_expected};
use crate::fsio::write_atomic;
use crate::i18n::Lang;
use crate::inspect::aggregate::{AggregateOptions, aggregate as roll_up};
use crate::inspect::archive::{self, Kept};
use crate::inspect::keys::{self as keyfile, KeysFileError};
use crate::inspect::load::{OpenContext, Opened, Reason, Refused, inspection, open};
use crate::inspect::render;
use crate::inspect::scan::find;
use crate::inspect::view::{AggregateView, BundleMeta, InspectionView, PreviousMeta};
use crate::model::keyring::{
    KeyStatus, Keyring, KeyringError, TrustedKey, normalize_institution_code,
};
use crate::text::safe::{safe, safe_path};
use crate::tr;
use unicode_width::UnicodeWidthStr;

/// Where the inspector's own data lives (never a hospital database).
#[derive(Debug, Args)]
pub struct InspectorDir {
    /// The inspector's data folder: facility keys (keys.json) and the bundles kept for
    /// comparison (default: the platform data folder's `inspector`).
    #[arg(
        long = "inspector-dir",
        env = "KENSA_INSPECTOR_DIR",
        value_name = "DIR"
    )]
    inspector_dir: Option<PathBuf>,
}

impl InspectorDir {
    fn path(&self, ctx: &Ctx) -> Result<PathBuf> {
        if let Some(d) = &self.inspector_dir {
            return Ok(d.clone());
        }
        let dirs = super::project_dirs().ok_or_else(|| anyhow!(tr!(ctx.lang, "cli.no_home")))?;
        Ok(dirs.data_dir().join("inspector"))
    }
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The bundle a facility handed in.
    bundle: PathBuf,
    /// The facility's previous bundle to compare with (default: the newest earlier one the
    /// inspector keeps for the facility).
    #[arg(long, value_name = "BUNDLE")]
    previous: Option<PathBuf>,
    /// Machine-readable output (kensa.inspection/1, docs/inspector.md).
    #[arg(long)]
    json: bool,
    /// Write the 立入検査 記録票: FILE.html, FILE.xlsx (or FILE.json).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Do not keep a copy of the bundle in the inspector's data folder.
    #[arg(long)]
    no_keep: bool,
    #[command(flatten)]
    inspector: InspectorDir,
    #[command(flatten)]
    templates: TemplatesArg,
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Bundles, or folders holding them (read recursively).
    #[arg(required = true, value_name = "DIR|BUNDLE")]
    inputs: Vec<PathBuf>,
    /// Write the roll-up: FILE.xlsx, FILE.html or FILE.json.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write a 立入検査 記録票 (HTML) per facility into this folder.
    #[arg(long, value_name = "DIR")]
    sheets: Option<PathBuf>,
    /// Print the roll-up as JSON (kensa.aggregate/1) instead of the summary.
    #[arg(long)]
    json: bool,
    /// Keep a copy of every accepted bundle in the inspector's data folder.
    #[arg(long)]
    keep: bool,
    /// Worker threads (default: the number of processors).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    inspector: InspectorDir,
    #[command(flatten)]
    templates: TemplatesArg,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Trust a facility's signing key (after confirming its fingerprint with the facility).
    Trust {
        /// The facility's 医療機関コード (10 digits).
        #[arg(long, value_name = "CODE")]
        facility: String,
        /// The facility's .pub file, its 64-digit public key, or the fingerprint printed in its
        /// report (as read out over the phone).
        key: String,
        /// The facility's name, for the list.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        inspector: InspectorDir,
    },
    /// Every key the inspector has trusted, revoked ones included.
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        inspector: InspectorDir,
    },
    /// Stop trusting a key: its bundles are refused from now on.
    Revoke {
        /// Only for this facility (default: every facility the key is trusted for).
        #[arg(long, value_name = "CODE")]
        facility: Option<String>,
        /// The key's fingerprint, .pub file or 64-digit public key.
        key: String,
        #[command(flatten)]
        inspector: InspectorDir,
    },
}

/// Exit code: the bundle's key is not trusted for its facility.
pub const EXIT_KEY: u8 = 3;
/// Exit code: a bundle was refused (changed, damaged, not a bundle, unusable record).
pub const EXIT_REFUSED: u8 = 4;
/// Exit code: the history before the previous bundle was rewritten.
pub const EXIT_HISTORY: u8 = 5;

fn keys_error(lang: Lang, e: KeysFileError) -> anyhow::Error {
    anyhow!(match e {
        KeysFileError::Io { path, source } => tr!(
            lang,
            "store.io",
            path = safe_path(&path),
            detail = crate::text::io_detail(lang, &source)
        ),
        KeysFileError::Json {
            path,
            line,
            column,
            message,
        } => tr!(
            lang,
            "keys.file_invalid",
            path = safe_path(&path),
            line = line,
            column = column,
            detail = safe(&message)
        ),
        KeysFileError::Schema { path, found } => tr!(
            lang,
            "keys.file_schema",
            path = safe_path(&path),
            schema = safe(&found)
        ),
        KeysFileError::TooLarge { path, limit } => tr!(
            lang,
            "keys.file_too_large",
            path = safe_path(&path),
            limit = limit
        ),
    })
}

fn load_keys(lang: Lang, dir: &Path) -> Result<Keyring> {
    keyfile::load(dir).map_err(|e| keys_error(lang, e))
}

fn now_rfc3339() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Print a refusal in red on standard error, with its reason.
fn print_refused(lang: Lang, r: &Refused) {
    write_err_painted(&red_err(&format!(
        "kensa: {}: {}",
        crate::inspect::view::reason_label(lang, r.reason),
        r.message
    )));
}

fn refusal_exit(r: &Refused) -> ExitCode {
    match r.reason {
        Reason::UnknownKey | Reason::OtherKey | Reason::RevokedKey | Reason::NoInstitutionCode => {
            ExitCode::from(EXIT_KEY)
        }
        // Not read at all (missing, no permission): an error, as with `verify`.
        Reason::Unreadable => ExitCode::FAILURE,
        _ => ExitCode::from(EXIT_REFUSED),
    }
}

/// The format of `--out`, from its extension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OutFormat {
    Html,
    Xlsx,
    Json,
}

fn out_format(lang: Lang, path: &Path) -> Result<OutFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Ok(OutFormat::Html),
        Some("xlsx") => Ok(OutFormat::Xlsx),
        Some("json") => Ok(OutFormat::Json),
        _ => Err(anyhow!(tr!(
            lang,
            "inspect.out_extension",
            path = safe_path(path)
        ))),
    }
}

fn write_file(lang: Lang, path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, bytes).map_err(|e| {
        anyhow!(tr!(
            lang,
            "report.write_failed",
            path = safe_path(path),
            detail = e
        ))
    })
}

pub fn inspect(ctx: &Ctx, a: InspectArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    // Everything that can be wrong with the arguments is said before the bundle is read.
    let format = a.out.as_deref().map(|p| out_format(lang, p)).transpose()?;
    if a.bundle.is_dir() {
        // A folder on a terminal opens the inspector's app; anywhere else (a pipe, a script)
        // and with --out/--json it stays an error pointing at `kensa aggregate`.
        use std::io::IsTerminal;
        if a.out.is_some() || a.json || !std::io::stdout().is_terminal() {
            return Err(anyhow!(tr!(
                lang,
                "inspect.dir_not_yet",
                path = safe_path(&a.bundle)
            )));
        }
        return inspect_tui(ctx, &a);
    }
    let data = a.inspector.path(ctx)?;
    let keyring = load_keys(lang, &data)?;
    let library = ctx.library();
    let octx = OpenContext {
        lang,
        keyring: &keyring,
        library: &library,
    };
    let today = today()?;
    let current = match open(&octx, &a.bundle) {
        Ok(o) => o,
        Err(r) => {
            if a.json {
                print_json(&serde_json::json!({
                    "schema": crate::model::inspection::SCHEMA,
                    "refused": r,
                }))?;
            }
            print_refused(lang, &r);
            return Ok(refusal_exit(&r));
        }
    };
    // A known facility signed by another key, or a revoked key: refused until the inspector
    // trusts it. An unknown key is inspected, and said to be unknown everywhere.
    if let Some(r) = current.key_refusal(lang).filter(|_| {
        matches!(
            current.key,
            KeyStatus::OtherKey { .. } | KeyStatus::Revoked { .. }
        )
    }) {
        if a.json {
            print_json(&serde_json::json!({
                "schema": crate::model::inspection::SCHEMA,
                "refused": r,
            }))?;
        }
        print_refused(lang, &r);
        return Ok(refusal_exit(&r));
    }

    let (previous, previous_meta) = find_previous(ctx, &octx, &a, &data, &current)?;
    let ins = inspection(&current, previous.as_ref(), today)
        .map_err(|e| anyhow!(crate::text::record::record_error(lang, &e)))?;
    let alarm = ins
        .comparison
        .as_ref()
        .is_some_and(|c| c.history_rewritten());
    // Kept only when its key is trusted and its history keeps the previous one whole: a
    // rewritten history must not become the baseline the next bundle is compared with.
    let kept = if a.no_keep || !current.key.trusted() || alarm {
        None
    } else {
        match archive::keep(&data, &current) {
            Ok(Kept::Copied(p) | Kept::Already(p)) => Some(p.display().to_string()),
            Ok(Kept::NotKeepable) => None,
            Err(e) => {
                errln!(
                    "{}: {}",
                    tr!(lang, "cli.warning"),
                    tr!(
                        lang,
                        "inspect.keep_failed",
                        path = safe_path(&data),
                        detail = e
                    )
                );
                None
            }
        }
    };
    let meta = BundleMeta {
        path: current.path.display().to_string(),
        created_at: current.manifest.created_at.clone(),
        sheet: current.manifest.sheet.clone(),
        fingerprint: current.fingerprint.clone(),
        key: current.key.clone(),
        bytes: current.bytes,
        kept,
        previous: previous_meta,
    };
    let view = InspectionView::new(lang, &meta, &ins);
    if let (Some(out), Some(format)) = (&a.out, format) {
        let bytes = match format {
            OutFormat::Html => {
                let t = a.templates.load(ctx)?;
                render::inspection_html(&t, &view)
                    .map_err(|e| template_error(ctx, e))?
                    .into_bytes()
            }
            OutFormat::Xlsx => render::inspection_xlsx(&view)
                .map_err(|e| anyhow!(tr!(lang, "report.xlsx_error", detail = e)))?,
            OutFormat::Json => {
                let v = render::inspection_json(lang, &meta, &ins);
                let mut s = crate::text::safe::to_json_pretty(&v)?;
                s.push('\n');
                s.into_bytes()
            }
        };
        write_file(lang, out, &bytes)?;
    }
    if a.json {
        print_json(&render::inspection_json(lang, &meta, &ins))?;
    } else {
        print_inspection(lang, &view, &meta);
        if let Some(out) = &a.out {
            outln!();
            outln!("{}", tr!(lang, "inspect.written", path = safe_path(out)));
        }
    }
    Ok(if alarm {
        ExitCode::from(EXIT_HISTORY)
    } else if !current.key.trusted() {
        ExitCode::from(EXIT_KEY)
    } else {
        ExitCode::SUCCESS
    })
}

/// `kensa inspect DIR` on a terminal: the inspector's app over the folder.
fn inspect_tui(ctx: &Ctx, a: &InspectArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let data = a.inspector.path(ctx)?;
    let keyring = load_keys(lang, &data)?;
    // Only an HTML roll-up needs the templates; one that does not load is said when the
    // inspector asks for HTML, and xlsx/json still work.
    let templates = a.templates.load(ctx).ok().map(std::sync::Arc::new);
    errln!("{}", tr!(lang, "tui.inspector.reading"));
    crate::tui::inspector::run(crate::tui::inspector::Options {
        lang,
        today: today()?,
        inputs: vec![a.bundle.clone()],
        library: ctx.library(),
        keyring,
        templates,
        threads: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The previous bundle: `--previous`, else the newest earlier one kept for the facility.
fn find_previous(
    ctx: &Ctx,
    octx: &OpenContext,
    a: &InspectArgs,
    data: &Path,
    current: &Opened,
) -> Result<(Option<Opened>, Option<PreviousMeta>)> {
    let lang = ctx.lang;
    let (path, from_archive) = match &a.previous {
        Some(p) => (Some(p.clone()), false),
        None => (
            current.institution_code().and_then(|code| {
                archive::previous(data, code, &current.manifest.created_at, &current.path)
            }),
            true,
        ),
    };
    let Some(path) = path else {
        return Ok((None, None));
    };
    let previous = match open(octx, &path) {
        Ok(p) => p,
        Err(r) => {
            // A named previous bundle that is not intact is an error; a kept one that no longer
            // verifies is said loudly and left out of the comparison.
            if from_archive {
                write_err_painted(&red_err(&format!(
                    "{}: {}",
                    tr!(lang, "cli.warning"),
                    r.message
                )));
                return Ok((None, None));
            }
            return Err(anyhow!(r.message));
        }
    };
    if previous.institution_code() != current.institution_code() {
        write_err_painted(&red_err(&tr!(
            lang,
            "inspect.previous_other_facility",
            path = safe_path(&path),
            previous = safe(&previous.facility_label()),
            current = safe(&current.facility_label())
        )));
    }
    let meta = PreviousMeta {
        path: path.display().to_string(),
        created_at: previous.manifest.created_at.clone(),
        from_archive,
    };
    Ok((Some(previous), Some(meta)))
}

fn heading(text: &str) {
    outln!();
    outln!("■ {text}");
}

fn print_inspection(lang: Lang, v: &InspectionView, meta: &BundleMeta) {
    let t = &v.t;
    let l = |k: &str| t.get(k).copied().unwrap_or("");
    outln!("{}: {}", l("title"), safe(&v.facility_name));
    if let Some(w) = &v.key_warning {
        write_out_painted(&red_out(w));
    }
    if let Some(c) = v.comparison.as_ref().filter(|c| c.alarm) {
        write_out_painted(&red_out(&c.history));
    }
    let kept_label = tr!(lang, "inspect.label.kept");
    let facts: Vec<(&str, &str)> = v
        .facility
        .iter()
        .skip(1)
        .chain(v.bundle.iter())
        .map(|f| (f.label.as_str(), f.value.as_str()))
        .chain(meta.kept.as_deref().map(|k| (kept_label, k)))
        .collect();
    let width = facts.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    for (label, value) in facts {
        outln!("  {}{}", pad(label, width), safe(value));
    }
    for n in &v.edition_notes {
        if v.edition_warning {
            write_out_painted(&red_out(n));
        } else {
            outln!("  {n}");
        }
    }

    heading(&format!("{}: {}", l("verdict"), v.verdict));
    outln!("  {}: {}", l("gate"), v.gate);
    if v.findings.is_empty() {
        outln!("  {}", l("findings_none"));
    }
    for f in &v.findings {
        outln!(
            "  [{}] {} {}",
            f.severity_label,
            pad(&f.row, 16),
            safe(&f.message)
        );
    }

    heading(l("first_checks"));
    let rw = v.rows.iter().map(|r| r.row.width()).max().unwrap_or(0);
    outln!(
        "  {} {} {} {}",
        pad(l("col_item"), rw),
        pad(l("col_first"), 18),
        pad(l("col_target"), 12),
        l("col_second")
    );
    for r in &v.rows {
        let target = r.target.as_ref().map(|d| d.iso.as_str()).unwrap_or("");
        outln!(
            "  {} {} {} {}",
            pad(&r.row, rw),
            pad(
                if r.first.is_empty() {
                    l("unanswered")
                } else {
                    &r.first
                },
                18
            ),
            pad(target, 12),
            r.second
        );
    }

    heading(l("nos"));
    if v.nos.is_empty() {
        outln!("  {}", l("none"));
    }
    for n in &v.nos {
        let target = n.target.as_ref().map_or_else(
            || l("none").to_string(),
            |d| format!("{}（{}）", d.iso, d.wareki),
        );
        let line = tr!(
            lang,
            "inspect.no_line",
            row = pad(&n.row, 16),
            target = target,
            deadline = format!("{}（{}）", n.deadline_fiscal_year, n.deadline.iso),
            fit = n.fit
        );
        if n.overdue {
            write_out_painted(&red_out(&format!(
                "  {line}　{}",
                tr!(lang, "inspect.overdue_mark")
            )));
        } else {
            outln!("  {line}");
        }
    }
    heading(l("overdue"));
    if v.overdue.is_empty() {
        outln!("  {}", l("overdue_none"));
    }
    for n in &v.overdue {
        outln!(
            "  {} {}",
            pad(&n.row, 16),
            n.target.as_ref().map(|d| d.iso.as_str()).unwrap_or("")
        );
    }

    heading(l("contracts"));
    outln!("  {}", v.contracts_declared);
    for c in &v.contracts {
        outln!("  {} {} / {}", pad(&c.row, 16), c.requirement, c.status);
    }
    if let Some(n) = &v.contracts_note {
        write_out_painted(&red_out(&format!("  {n}")));
    }
    if let Some(vs) = &v.vendors {
        heading(l("vendors"));
        let verdict = format!("  {}", vs.verdict);
        if vs.ready {
            outln!("{verdict}");
        } else {
            write_out_painted(&red_out(&verdict));
        }
        for line in &vs.lines {
            outln!("  {line}");
        }
        if let Some(g) = &vs.gaps {
            write_out_painted(&red_out(&format!("  {g}")));
        }
        for f in &vs.findings {
            outln!("  {f}");
        }
    }

    if !v.unverified.is_empty() {
        heading(l("unverified"));
        outln!("  {}", v.unverified.join(" "));
    }

    heading(l("visit"));
    if let Some(c) = &v.chart {
        outln!("  ・{}", safe(c));
    }
    outln!(
        "  ・{}: {}",
        l("discuss"),
        if v.discuss.is_empty() {
            l("none").to_string()
        } else {
            v.discuss.join("、")
        }
    );
    if v.evidence.is_empty() {
        outln!("  ・{}: {}", l("evidence"), l("none"));
    }
    for e in &v.evidence {
        for f in &e.files {
            outln!("  ・{} {}: {}", l("evidence"), e.row, safe(f));
        }
    }

    if let Some(c) = &v.comparison {
        heading(&format!("{}（{}）", l("comparison"), safe(&c.previous)));
        if c.other_facility {
            write_out_painted(&red_out(&format!(
                "  {}",
                tr!(lang, "inspect.compare.other_facility")
            )));
        }
        let list = |items: &[String]| {
            if items.is_empty() {
                l("none").to_string()
            } else {
                items.join("、")
            }
        };
        outln!("  {}: {}", l("answers_changed"), list(&c.answers));
        outln!("  {}: {}", l("targets_moved"), list(&c.targets));
        outln!("  {}: {}", l("ledger_added"), safe(&list(&c.ledger_added)));
        outln!(
            "  {}: {}",
            l("ledger_retired"),
            safe(&list(&c.ledger_retired))
        );
        if !c.ledger_vanished.is_empty() {
            write_out_painted(&red_out(&format!(
                "  {}: {}",
                l("ledger_vanished"),
                list(&c.ledger_vanished)
            )));
        }
        if c.alarm {
            write_out_painted(&red_out(&format!("  {}: {}", l("audit"), c.history)));
        } else {
            outln!("  {}: {}", l("audit"), c.history);
        }
    }
    outln!();
    outln!("{}: {}", l("audit"), v.audit);
}

pub fn aggregate(ctx: &Ctx, a: AggregateArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let format = a.out.as_deref().map(|p| out_format(lang, p)).transpose()?;
    let templates = match (format, &a.sheets) {
        (Some(OutFormat::Html), _) | (_, Some(_)) => Some(a.templates.load(ctx)?),
        _ => None,
    };
    let data = a.inspector.path(ctx)?;
    let keyring = load_keys(lang, &data)?;
    let library = ctx.library();
    let today = today()?;
    let skip: Vec<PathBuf> = a.out.iter().cloned().collect();
    let found = find(lang, &a.inputs, &skip);
    let threads = a
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let opts = AggregateOptions {
        lang,
        keyring: &keyring,
        library: &library,
        today,
        threads,
    };
    let agg = roll_up(&opts, found);
    let view = AggregateView::new(lang, &agg);
    if let (Some(out), Some(format)) = (&a.out, format) {
        let bytes = match format {
            OutFormat::Html => {
                // Loaded above whenever the format is HTML.
                let t = templates
                    .as_ref()
                    .ok_or_else(|| anyhow!(tr!(lang, "report.template_error", detail = "-")))?;
                render::aggregate_html(t, &view)
                    .map_err(|e| template_error(ctx, e))?
                    .into_bytes()
            }
            OutFormat::Xlsx => render::aggregate_xlsx(&view)
                .map_err(|e| anyhow!(tr!(lang, "report.xlsx_error", detail = e)))?,
            OutFormat::Json => {
                let mut s = crate::text::safe::to_json_pretty(&render::aggregate_json(lang, &agg))?;
                s.push('\n');
                s.into_bytes()
            }
        };
        write_file(lang, out, &bytes)?;
    }
    let octx = OpenContext {
        lang,
        keyring: &keyring,
        library: &library,
    };
    let mut sheets_written = 0;
    if let (Some(dir), Some(t)) = (&a.sheets, &templates) {
        sheets_written = write_sheets(lang, &octx, t, dir, &agg, today)?;
    }
    if a.keep {
        for f in &agg.rollup.facilities {
            let paths = std::iter::once(f.bundle.path.as_str())
                .chain(f.superseded.iter().map(|o| o.path.as_str()));
            for p in paths {
                if let Ok(o) = open(&octx, Path::new(p))
                    && let Err(e) = archive::keep(&data, &o)
                {
                    errln!(
                        "{}: {}",
                        tr!(lang, "cli.warning"),
                        tr!(
                            lang,
                            "inspect.keep_failed",
                            path = safe_path(&data),
                            detail = e
                        )
                    );
                }
            }
        }
    }
    if a.json {
        print_json(&render::aggregate_json(lang, &agg))?;
    } else {
        print_aggregate(lang, &view);
        if let Some(out) = &a.out {
            outln!("{}", tr!(lang, "inspect.written", path = safe_path(out)));
        }
        if let Some(dir) = &a.sheets {
            outln!(
                "{}",
                tr!(
                    lang,
                    "aggregate.sheets_written",
                    count = sheets_written,
                    path = safe_path(dir)
                )
            );
        }
    }
    for r in &agg.refused {
        print_refused(lang, r);
    }
    Ok(if agg.history_alarms() > 0 {
        ExitCode::from(EXIT_HISTORY)
    } else if !agg.refused.is_empty() {
        ExitCode::from(EXIT_REFUSED)
    } else {
        ExitCode::SUCCESS
    })
}

/// A 記録票 per facility of the roll-up, compared with its next older bundle when it has one.
fn write_sheets(
    lang: Lang,
    octx: &OpenContext,
    t: &crate::report::templates::Templates,
    dir: &Path,
    agg: &crate::inspect::aggregate::Aggregate,
    today: jiff::civil::Date,
) -> Result<usize> {
    crate::fsio::create_private_dir(dir).map_err(|e| {
        anyhow!(tr!(
            lang,
            "report.write_failed",
            path = safe_path(dir),
            detail = e
        ))
    })?;
    let mut written = 0;
    for f in &agg.rollup.facilities {
        let Ok(current) = open(octx, Path::new(&f.bundle.path)) else {
            continue;
        };
        let previous = f
            .superseded
            .first()
            .and_then(|o| open(octx, Path::new(&o.path)).ok());
        let Ok(ins) = inspection(&current, previous.as_ref(), today) else {
            continue;
        };
        let meta = BundleMeta {
            path: f.bundle.path.clone(),
            created_at: f.bundle.created_at.clone(),
            sheet: f.bundle.sheet.clone(),
            fingerprint: f.bundle.key_fingerprint.clone(),
            key: f.bundle.key.clone(),
            bytes: current.bytes,
            kept: None,
            previous: f.superseded.first().map(|o| PreviousMeta {
                path: o.path.clone(),
                created_at: o.created_at.clone(),
                from_archive: false,
            }),
        };
        let view = InspectionView::new(lang, &meta, &ins);
        let html = render::inspection_html(t, &view).map_err(|e| anyhow!(e.to_string()))?;
        // The 医療機関コード is ten digits (accepted bundles are matched by it), so it is a
        // safe file name; the creation time tells two sheets of one facility apart.
        let code = f
            .bundle
            .facility
            .institution_code
            .clone()
            .unwrap_or_default();
        let name = format!("{code}.html");
        write_file(lang, &dir.join(name), html.as_bytes())?;
        written += 1;
    }
    Ok(written)
}

fn print_aggregate(lang: Lang, v: &AggregateView) {
    let t = &v.t;
    let l = |k: &str| t.get(k).copied().unwrap_or("");
    outln!("{}（{}）", l("aggregate_title"), v.generated.iso);
    let width = v.summary.iter().map(|f| f.label.width()).max().unwrap_or(0) + 2;
    for f in &v.summary {
        outln!("  {}{}", pad(&f.label, width), f.value);
    }
    if !v.facilities.is_empty() {
        outln!();
        for f in &v.facilities {
            let line = format!(
                "  {} {} {} {} {}:{} {}:{} {}:{}  {}",
                pad(&safe(&f.name).to_string(), 24),
                pad(&f.code, 11),
                pad(&f.kind, 12),
                pad(&f.verdict, 6),
                l("findings_count"),
                f.findings,
                l("nos_count"),
                f.nos,
                l("overdue_count"),
                f.overdue,
                f.bundle_date
            );
            if f.alarm {
                write_out_painted(&red_out(&line));
                if let Some(h) = &f.history {
                    write_out_painted(&red_out(&format!("    {h}")));
                }
            } else {
                outln!("{line}");
            }
            for o in &f.superseded {
                outln!("    {}: {}", l("older"), safe(o));
            }
        }
    }
    let _ = lang;
}

pub fn keys(ctx: &Ctx, c: KeysCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match c {
        KeysCommand::Trust {
            facility,
            key,
            name,
            inspector,
        } => {
            let data = inspector.path(ctx)?;
            let code = normalize_institution_code(&facility)
                .ok_or_else(|| anyhow!(tr!(lang, "keys.bad_code", code = safe(&facility))))?;
            let expected = parse_expected(&key).map_err(|e| super::bundle::key_error(lang, e))?;
            let (fingerprint, public_key) = match &expected {
                ExpectedKey::Key(k) => (
                    crate::bundle::keys::fingerprint(k),
                    Some(crate::bundle::fs::hex(k.as_bytes())),
                ),
                ExpectedKey::Fingerprint(f) => (f.clone(), None),
            };
            if let Some(n) = &name {
                crate::model::limits::check(crate::model::limits::Field::FacilityName, n)
                    .map_err(|e| anyhow!(crate::text::too_long_message(lang, &e)))?;
            }
            let mut ring = load_keys(lang, &data)?;
            let trusted = ring
                .trust(TrustedKey {
                    facility: code.clone(),
                    fingerprint: fingerprint.clone(),
                    public_key,
                    name,
                    trusted_at: now_rfc3339(),
                    trusted_by: super::os_user(),
                    revoked_at: None,
                    revoked_by: None,
                })
                .map_err(|e| match e {
                    KeyringError::AlreadyTrusted => anyhow!(tr!(
                        lang,
                        "keys.already_trusted",
                        fingerprint = fingerprint,
                        code = code
                    )),
                    KeyringError::NotFound => anyhow!("-"),
                })?;
            let file = keyfile::save(&data, &ring).map_err(|e| keys_error(lang, e))?;
            outln!(
                "{}",
                tr!(
                    lang,
                    "keys.trusted",
                    fingerprint = fingerprint,
                    code = code,
                    path = safe_path(&file)
                )
            );
            if !trusted.also_trusted.is_empty() {
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "keys.also_trusted",
                        code = code,
                        others = trusted.also_trusted.join(", ")
                    )
                );
            }
            if !trusted.shared_with.is_empty() {
                outln!(
                    "{}",
                    tr!(lang, "keys.shared", others = trusted.shared_with.join(", "))
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::List { json, inspector } => {
            let data = inspector.path(ctx)?;
            let ring = load_keys(lang, &data)?;
            if json {
                let keys: Vec<serde_json::Value> = ring
                    .keys
                    .iter()
                    .map(|k| {
                        let mut v = serde_json::to_value(k).unwrap_or_default();
                        if let Some(o) = v.as_object_mut() {
                            o.insert("active".into(), k.active().into());
                            o.insert(
                                "kept_bundles".into(),
                                archive::count(&data, &k.facility).into(),
                            );
                        }
                        v
                    })
                    .collect();
                print_json(&serde_json::json!({
                    "schema": crate::model::keyring::SCHEMA,
                    "path": keyfile::path(&data).display().to_string(),
                    "keys": keys,
                }))?;
                return Ok(ExitCode::SUCCESS);
            }
            if ring.keys.is_empty() {
                outln!(
                    "{}",
                    tr!(lang, "keys.none", path = safe_path(&keyfile::path(&data)))
                );
                return Ok(ExitCode::SUCCESS);
            }
            for k in &ring.keys {
                let state = match &k.revoked_at {
                    None => tr!(lang, "keys.state.active").to_string(),
                    Some(at) => tr!(lang, "keys.state.revoked", at = at),
                };
                outln!(
                    "{} {} {} {}  {}",
                    k.facility,
                    pad(&safe(k.name.as_deref().unwrap_or("")).to_string(), 24),
                    k.fingerprint,
                    state,
                    tr!(
                        lang,
                        "keys.trusted_on",
                        at = k.trusted_at,
                        by = safe(&k.trusted_by),
                        kept = archive::count(&data, &k.facility)
                    )
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::Revoke {
            facility,
            key,
            inspector,
        } => {
            let data = inspector.path(ctx)?;
            let code = facility
                .as_deref()
                .map(|f| {
                    normalize_institution_code(f)
                        .ok_or_else(|| anyhow!(tr!(lang, "keys.bad_code", code = safe(f))))
                })
                .transpose()?;
            let fingerprint =
                match parse_expected(&key).map_err(|e| super::bundle::key_error(lang, e))? {
                    ExpectedKey::Key(k) => crate::bundle::keys::fingerprint(&k),
                    ExpectedKey::Fingerprint(f) => f,
                };
            let mut ring = load_keys(lang, &data)?;
            let revoked = ring
                .revoke(
                    code.as_deref(),
                    &fingerprint,
                    &now_rfc3339(),
                    &super::os_user(),
                )
                .map_err(|_| anyhow!(tr!(lang, "keys.not_found", fingerprint = fingerprint)))?;
            keyfile::save(&data, &ring).map_err(|e| keys_error(lang, e))?;
            outln!(
                "{}",
                tr!(
                    lang,
                    "keys.revoked",
                    fingerprint = fingerprint,
                    codes = revoked.join(", ")
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
