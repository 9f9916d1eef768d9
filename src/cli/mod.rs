//! The command line: every job scriptable. Parsing and dispatch here; each job in its own file.
//! JSON output shapes are documented in the README and carry a `schema` tag.

/// `println!` for command output. A closed pipe (`kensa status | head`) ends the program
/// quietly instead of panicking; every command has committed its work before it prints.
macro_rules! outln {
    () => {
        $crate::cli::write_out(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!($($arg)*))
    };
}

mod answer;
mod bundle;
mod checklist;
mod collect;
mod contacts;
mod facility;
mod inventory;
mod report;
mod scan;
mod sheet;
mod status;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Parser, Subcommand};
use jiff::civil::Date;

use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::Edition;
use crate::model::facility::Facility;
use crate::store::{Sheet, Store};
use crate::text::store_error;
use crate::tr;

#[derive(Debug, Parser)]
#[command(
    name = "kensa",
    version,
    about = "MHLW cybersecurity checklist, 機器台帳 and inspection documents for medical institutions"
)]
pub struct Cli {
    /// Database file (default: the platform data folder, e.g. ~/.local/share/kensa/kensa.db).
    #[arg(long, global = true, env = "KENSA_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of messages.
    #[arg(long, global = true, env = "KENSA_LANG", value_enum, default_value_t = Lang::Ja)]
    lang: Lang,
    /// Extra checklist editions folder (default: the platform config folder's `checklists`).
    #[arg(long, global = true, env = "KENSA_CHECKLISTS", value_name = "DIR")]
    checklists: Option<PathBuf>,
    /// Without a command, kensa opens the officer's terminal app.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Register the facility (name, kind, prefecture, vendor contracts).
    Init(facility::InitArgs),
    /// Official checklist editions: list, show, validate.
    #[command(subcommand)]
    Checklist(checklist::ChecklistCommand),
    /// Sheets: one per form, edition and fiscal year.
    #[command(subcommand)]
    Sheet(sheet::SheetCommand),
    /// Record a check: ITEM[@SCOPE] yes|no|na.
    Answer(answer::AnswerArgs),
    /// Set or change a 目標日 without a new check.
    Target(answer::TargetArgs),
    /// Full answer history of a sheet, oldest first.
    Answers(answer::AnswersArgs),
    /// Progress, readiness for the inspection, overdue 目標日.
    Status(status::StatusArgs),
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Inspection documents: the filled sheet, 連絡体制図, 台帳 and evidence list.
    Report(report::ReportArgs),
    /// The contacts list the 連絡体制図 (item 3(1)) is drawn from.
    #[command(subcommand)]
    Contacts(contacts::ContactsCommand),
    /// Make an ed25519 key pair for signing bundles.
    Keygen(bundle::KeygenArgs),
    /// Write the signed bundle for the inspector.
    Bundle(bundle::BundleArgs),
    /// Check a bundle: exit 0 only when nothing was changed since it was signed.
    Verify(bundle::VerifyArgs),
    /// Facts about this machine (no database needed; agent mode with --out).
    Collect(collect::CollectArgs),
    /// The 機器台帳: list, add, edit, retire, import, export.
    #[command(subcommand)]
    Inventory(inventory::InventoryCommand),
    /// Find devices on the LAN: the neighbour table, or an ARP sweep with --active.
    Scan(scan::ScanArgs),
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and compare every stored row with its audit record.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

/// What every command needs: language, where the DB is, the editions.
pub struct Ctx {
    pub lang: Lang,
    db: Option<PathBuf>,
    checklists: Option<PathBuf>,
}

impl Ctx {
    fn db_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        let dirs = project_dirs().ok_or_else(|| anyhow!(tr!(self.lang, "cli.no_home")))?;
        Ok(dirs.data_dir().join("kensa.db"))
    }

    pub fn store(&self) -> Result<Store> {
        let path = self.db_path()?;
        Ok(Store::open(&path)?)
    }

    fn user_checklists(&self) -> Option<PathBuf> {
        self.checklists
            .clone()
            .or_else(|| project_dirs().map(|d| d.config_dir().join("checklists")))
    }

    /// Built-in and user editions; problems with user files are printed as warnings.
    pub fn library(&self) -> Library {
        let (lib, problems) = Library::load(self.user_checklists().as_deref());
        for p in problems {
            for e in p.errors {
                eprintln!("{}: {e}", tr!(self.lang, "cli.warning"));
            }
        }
        lib
    }

    /// The facility, or an error telling the user to run `kensa init`.
    pub fn facility(&self, store: &Store) -> Result<Facility> {
        store
            .facility()?
            .ok_or_else(|| anyhow!(tr!(self.lang, "cli.no_facility")))
    }

    /// The sheet named by `--sheet` (id, key such as `hospital-r7-2025`, or edition id when
    /// unambiguous), else the newest sheet of the facility's own form.
    pub fn sheet(&self, store: &Store, wanted: Option<&str>) -> Result<Sheet> {
        let sheets = store.sheets()?;
        let lang = self.lang;
        if let Some(w) = wanted {
            let by_id = w.parse::<i64>().ok();
            let matches: Vec<&Sheet> = sheets
                .iter()
                .filter(|s| Some(s.id) == by_id || s.key() == w || s.edition_id == w)
                .collect();
            return match matches.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(anyhow!(tr!(
                    lang,
                    "sheet.unknown",
                    sheet = w,
                    known = keys(&sheets)
                ))),
                _ => Err(anyhow!(tr!(
                    lang,
                    "sheet.ambiguous",
                    sheet = w,
                    known = keys(&sheets)
                ))),
            };
        }
        let own = store.facility()?.map(|f| f.kind.own_form());
        // The newest year of the facility's own form; among equals the one made last.
        let newest = |form_ok: &dyn Fn(&Sheet) -> bool| {
            sheets
                .iter()
                .filter(|s| form_ok(s))
                .max_by_key(|s| (s.fiscal_year, s.id))
        };
        newest(&|s| Some(s.form) == own)
            .or_else(|| newest(&|_| true))
            .cloned()
            .ok_or_else(|| anyhow!(tr!(lang, "sheet.none")))
    }

    /// The edition a sheet was made from; gone only if a user checklist file was removed.
    pub fn edition_of<'l>(&self, lib: &'l Library, sheet: &Sheet) -> Result<&'l Edition> {
        lib.get(&sheet.edition_id).ok_or_else(|| {
            anyhow!(tr!(
                self.lang,
                "sheet.edition_missing_for",
                sheet = sheet.key(),
                edition = sheet.edition_id
            ))
        })
    }
}

fn keys(sheets: &[Sheet]) -> String {
    if sheets.is_empty() {
        return "-".into();
    }
    sheets.iter().map(Sheet::key).collect::<Vec<_>>().join(", ")
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("jp", "kensa", "kensa")
}

/// Today in the local time zone. `KENSA_TODAY` (YYYY-MM-DD) overrides it, for rehearsing a
/// future inspection date and for tests.
pub fn today() -> Result<Date> {
    if let Ok(s) = std::env::var("KENSA_TODAY") {
        return s
            .parse()
            .map_err(|_| anyhow!("KENSA_TODAY=`{s}`: YYYY-MM-DD"));
    }
    Ok(jiff::Zoned::now().date())
}

/// How long to wait for another kensa's lock on the database: `KENSA_LOCK_TIMEOUT` seconds,
/// else [`crate::store::DEFAULT_LOCK_WAIT`].
fn lock_wait() -> Result<std::time::Duration> {
    match std::env::var("KENSA_LOCK_TIMEOUT") {
        Ok(s) => s
            .trim()
            .parse::<u64>()
            .map(std::time::Duration::from_secs)
            .map_err(|_| anyhow!("KENSA_LOCK_TIMEOUT=`{s}`: seconds")),
        Err(_) => Ok(crate::store::DEFAULT_LOCK_WAIT),
    }
}

/// Who is acting, for the audit log: the OS user name.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "kensa".into())
}

pub fn write_out(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{args}").is_err() {
        std::process::exit(0);
    }
}

pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Left-align in a column of `width` terminal cells; Japanese characters take two.
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Parse the command line and run. Errors are printed in the chosen language with exit 1.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    let ctx = Ctx {
        lang: cli.lang,
        db: cli.db,
        checklists: cli.checklists,
    };
    let result = lock_wait().and_then(|limit| match cli.command {
        Some(command) => {
            // Said once on stderr, so it never mixes with a command's output.
            let lang = ctx.lang;
            let secs = limit.as_secs();
            crate::store::configure_lock_wait(
                limit,
                Some(Box::new(move || {
                    eprintln!("{}", tr!(lang, "store.lock_wait", secs = secs))
                })),
            );
            run(&ctx, command)
        }
        // The terminal app owns the screen: it waits as long, silently.
        None => {
            crate::store::configure_lock_wait(limit, None);
            tui(&ctx, started)
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            let msg = match e.downcast_ref::<crate::store::StoreError>() {
                Some(se) => store_error(ctx.lang, se),
                None => format!("{e:#}"),
            };
            eprintln!("kensa: {}: {msg}", tr!(ctx.lang, "cli.error"));
            ExitCode::FAILURE
        }
    }
}

fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Init(a) => facility::init(ctx, a),
        Command::Checklist(c) => checklist::run(ctx, c),
        Command::Sheet(c) => sheet::run(ctx, c),
        Command::Answer(a) => answer::answer(ctx, a),
        Command::Target(a) => answer::target(ctx, a),
        Command::Answers(a) => answer::answers(ctx, a),
        Command::Status(a) => status::status(ctx, a),
        Command::Audit(AuditCommand::Verify { json }) => audit_verify(ctx, json),
        Command::Report(a) => report::report(ctx, a),
        Command::Contacts(c) => contacts::run(ctx, c),
        Command::Keygen(a) => bundle::keygen(ctx, a),
        Command::Bundle(a) => bundle::bundle(ctx, a),
        Command::Verify(a) => bundle::verify(ctx, a),
        Command::Collect(a) => collect::collect(ctx, a),
        Command::Inventory(c) => inventory::run(ctx, c),
        Command::Scan(a) => scan::scan(ctx, a),
    }
}

/// The terminal app on the default (or `--db`) store.
fn tui(ctx: &Ctx, started: std::time::Instant) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(anyhow!(tr!(ctx.lang, "tui.not_a_terminal")));
    }
    let store = ctx.store()?;
    crate::tui::run(crate::tui::Options {
        store,
        lib: ctx.library(),
        lang: ctx.lang,
        today: today()?,
        actor: os_user(),
        started,
        trace: std::env::var_os("KENSA_TUI_TRACE").map(PathBuf::from),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn audit_verify(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let store = ctx.store()?;
    let report = store.audit_verify()?;
    let lang = ctx.lang;
    if json {
        print_json(&serde_json::json!({
            "schema": "kensa.audit/1",
            "intact": report.problems.is_empty(),
            "records": report.records,
            "rows_checked": report.rows_checked,
            "problems": report.problems,
        }))?;
    } else if report.problems.is_empty() {
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
        for p in &report.problems {
            let what = match p.kind {
                crate::store::ProblemKind::ChainBroken => tr!(lang, "audit.chain_broken"),
                crate::store::ProblemKind::ChainGap => tr!(lang, "audit.chain_gap"),
                crate::store::ProblemKind::RowChanged => tr!(lang, "audit.row_changed"),
                crate::store::ProblemKind::RowNotRecorded => tr!(lang, "audit.row_not_recorded"),
                crate::store::ProblemKind::RowMissing => tr!(lang, "audit.row_missing"),
            };
            outln!(
                "{}",
                tr!(
                    lang,
                    "audit.problem",
                    table = p.table,
                    id = p.id,
                    what = what
                )
            );
        }
        eprintln!(
            "{}",
            tr!(
                lang,
                "audit.broken",
                count = report.problems.len(),
                path = store.path().display()
            )
        );
    }
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
