//! The command line: every job scriptable. Parsing and dispatch here; each job in its own file.
//! JSON output shapes are documented in docs/json.md and carry a `schema` tag.

/// `println!` for command output. A closed pipe (`kensa status | head`) ends the program
/// quietly instead of panicking; every command has committed its work before it prints.
/// Everything printed goes through `text::safe::safe_lines`: no terminal escape from outside
/// text reaches the terminal, even where a print site forgot `safe()`.
macro_rules! outln {
    () => {
        $crate::cli::write_out(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!($($arg)*))
    };
}

/// `eprintln!` for messages, with the same guarantee as `outln!`.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::write_err(format_args!($($arg)*))
    };
}

mod answer;
mod audit;
mod bcp;
mod bundle;
mod checklist;
mod collect;
mod contacts;
mod evidence;
mod facility;
pub mod help;
mod import;
pub use help::reference_markdown;
mod inspect;
mod inventory;
mod record;
mod report;
mod scan;
mod sheet;
mod status;
mod vendor;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{FromArgMatches, Parser, Subcommand};

use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::Edition;
use crate::model::facility::Facility;
use crate::model::record::{Record, SheetChoiceError, SheetRecord, choose_sheet};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year};
use crate::store::{Sheet, Store};
use crate::text::safe::{safe, safe_lines};
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
    /// The facility profile: show, edit (医療機関コード, 病床数, 開設者 …).
    #[command(subcommand)]
    Facility(facility::FacilityCommand),
    /// Write the facility record (kensa.record/1): every fact of the inspection as JSON.
    Record(record::RecordArgs),
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
    /// The hash-chained audit log: verify it, print its anchor code.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
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
    /// Inspector: verify a facility's bundle and judge it with the inspector's own rules.
    Inspect(inspect::InspectArgs),
    /// Inspector: roll many bundles up (xlsx, html, json); every refused file is listed.
    Aggregate(inspect::AggregateArgs),
    /// Inspector: the facilities' signing keys (trust, list, revoke).
    #[command(subcommand)]
    Keys(inspect::KeysCommand),
    /// What the collected facts, scans and 台帳 show: findings per asset and suggested answers.
    Evidence(evidence::EvidenceArgs),
    /// Vendors (事業者) and their 事業者確認用: add, request, import, status, MDS/SDS.
    #[command(subcommand)]
    Vendor(vendor::VendorCommand),
    /// The cyber-attack BCP: systems, EHR-sharing connection, drills, approval, 確認表, document.
    #[command(subcommand)]
    Bcp(bcp::BcpCommand),
}

/// What every command needs: language, where the DB is, the editions.
pub struct Ctx {
    pub lang: Lang,
    db: Option<PathBuf>,
    checklists: Option<PathBuf>,
}

impl Ctx {
    pub fn db_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        let dirs = project_dirs().ok_or_else(|| anyhow!(tr!(self.lang, "cli.no_home")))?;
        Ok(dirs.data_dir().join("kensa.db"))
    }

    pub fn store(&self) -> Result<Store> {
        let store = Store::open(&self.db_path()?)?;
        audit::warn_if_schema_altered(self.lang, &store);
        Ok(store)
    }

    /// The store for a command that only reads: with no database file it says how to start
    /// instead of creating an empty one.
    pub fn existing_store(&self) -> Result<Store> {
        self.existing_db_path()?;
        self.store()
    }

    /// The database path when the file exists, else the error saying how to start.
    pub fn existing_db_path(&self) -> Result<PathBuf> {
        let path = self.db_path()?;
        if !path.exists() {
            return Err(anyhow!(tr!(
                self.lang,
                "cli.no_database",
                path = path.display()
            )));
        }
        Ok(path)
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
                errln!("{}: {e}", tr!(self.lang, "cli.warning"));
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
    /// unambiguous), else the facility's own form's sheet of the current 年度
    /// (`workflow::default_sheet` says what stands in when there is none; stderr says so).
    pub fn sheet(&self, store: &Store, wanted: Option<&str>) -> Result<Sheet> {
        let sheets = store.sheets()?;
        let own = store.facility()?.map(|f| f.kind.own_form());
        self.choose(&sheets, own, wanted).cloned()
    }

    /// The same choice among a record's sheets.
    pub fn record_sheet<'r>(
        &self,
        record: &'r Record,
        wanted: Option<&str>,
    ) -> Result<&'r SheetRecord> {
        let sheets: Vec<Sheet> = record.sheets.iter().map(|s| s.sheet.clone()).collect();
        let own = record.facility.as_ref().map(|f| f.kind.own_form());
        let id = self.choose(&sheets, own, wanted)?.id;
        Ok(record.sheet(id)?)
    }

    fn choose<'s>(
        &self,
        sheets: &'s [Sheet],
        own: Option<crate::model::checklist::Form>,
        wanted: Option<&str>,
    ) -> Result<&'s Sheet> {
        let lang = self.lang;
        let w = wanted.unwrap_or_default();
        let current = fiscal_year_of(today()?);
        let chosen = choose_sheet(sheets, own, wanted, current).map_err(|e| match e {
            SheetChoiceError::Unknown => {
                anyhow!(tr!(
                    lang,
                    "sheet.unknown",
                    sheet = safe(w),
                    known = keys(sheets)
                ))
            }
            SheetChoiceError::Ambiguous => {
                anyhow!(tr!(
                    lang,
                    "sheet.ambiguous",
                    sheet = safe(w),
                    known = keys(sheets)
                ))
            }
            SheetChoiceError::NoSheet => anyhow!(tr!(lang, "sheet.none")),
        })?;
        if wanted.is_none() && chosen.fiscal_year != current {
            // On stderr, so JSON on stdout stays clean.
            errln!(
                "{}",
                tr!(
                    lang,
                    "sheet.default_not_current",
                    sheet = chosen.key(),
                    fy = format_fiscal_year(chosen.fiscal_year),
                    now = format_fiscal_year(current)
                )
            );
        }
        Ok(chosen)
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

pub use crate::clock::today;

/// How long to wait for another kensa's lock on the database: `KENSA_LOCK_TIMEOUT` seconds,
/// else [`crate::store::DEFAULT_LOCK_WAIT`].
fn lock_wait(lang: Lang) -> Result<std::time::Duration> {
    match std::env::var("KENSA_LOCK_TIMEOUT") {
        Ok(s) => s
            .trim()
            .parse::<u64>()
            .map(std::time::Duration::from_secs)
            .map_err(|_| {
                anyhow!(tr!(
                    lang,
                    "store.lock_timeout_env",
                    value = crate::text::safe::safe(&s)
                ))
            }),
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
    let text = args.to_string();
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{}", safe_lines(&text)).is_err() {
        std::process::exit(0);
    }
}

pub fn write_err(args: std::fmt::Arguments) {
    use std::io::Write;
    let text = args.to_string();
    // Nothing sensible is left to do when stderr itself is gone.
    let _ = writeln!(std::io::stderr().lock(), "{}", safe_lines(&text));
}

/// A line already made safe and painted (`audit::red_out`): printed as it is, since escaping it
/// again would show the colour codes. A closed pipe ends the program quietly, as `outln!`.
pub fn write_out_painted(text: &str) {
    use std::io::Write;
    if writeln!(std::io::stdout().lock(), "{text}").is_err() {
        std::process::exit(0);
    }
}

/// `write_out_painted` for standard error (`audit::red_err`).
pub fn write_err_painted(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// JSON output: serde_json's escapes plus `\uXXXX` for DEL, C1 and bidi controls, which it
/// leaves raw (`text::safe::SafeJson`).
pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    outln!("{}", crate::text::safe::to_json_pretty(value)?);
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
    // The language is read from the raw arguments first, so that `--help` and clap's
    // messages come from a tree already in that language (cli::help).
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_lang = help::lang_from_args(&args, std::env::var_os("KENSA_LANG"));
    let cli = match help::command(help_lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => match (help_lang, help::japanese_error(&e)) {
            (Lang::Ja, Some(message)) => {
                errln!("{message}");
                return ExitCode::from(2);
            }
            _ => e.exit(),
        },
    };
    let ctx = Ctx {
        lang: cli.lang,
        db: cli.db,
        checklists: cli.checklists,
    };
    let result = lock_wait(ctx.lang).and_then(|limit| match cli.command {
        Some(command) => {
            // Said once on stderr, so it never mixes with a command's output.
            let lang = ctx.lang;
            let secs = limit.as_secs();
            crate::store::configure_lock_wait(
                limit,
                Some(Box::new(move || {
                    errln!("{}", tr!(lang, "store.lock_wait", secs = secs))
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
            errln!("kensa: {}: {msg}", tr!(ctx.lang, "cli.error"));
            ExitCode::FAILURE
        }
    }
}

fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Init(a) => facility::init(ctx, a),
        Command::Facility(c) => facility::facility(ctx, c),
        Command::Record(a) => record::record(ctx, a),
        Command::Checklist(c) => checklist::run(ctx, c),
        Command::Sheet(c) => sheet::run(ctx, c),
        Command::Answer(a) => answer::answer(ctx, a),
        Command::Target(a) => answer::target(ctx, a),
        Command::Answers(a) => answer::answers(ctx, a),
        Command::Status(a) => status::status(ctx, a),
        Command::Audit(c) => audit::run(ctx, c),
        Command::Report(a) => report::report(ctx, a),
        Command::Contacts(c) => contacts::run(ctx, c),
        Command::Keygen(a) => bundle::keygen(ctx, a),
        Command::Bundle(a) => bundle::bundle(ctx, a),
        Command::Verify(a) => bundle::verify(ctx, a),
        Command::Collect(a) => collect::collect(ctx, a),
        Command::Inventory(c) => inventory::run(ctx, c),
        Command::Scan(a) => scan::scan(ctx, a),
        Command::Inspect(a) => inspect::inspect(ctx, a),
        Command::Aggregate(a) => inspect::aggregate(ctx, a),
        Command::Keys(c) => inspect::keys(ctx, c),
        Command::Evidence(a) => evidence::evidence(ctx, a),
        Command::Vendor(c) => vendor::run(ctx, c),
        Command::Bcp(c) => bcp::run(ctx, c),
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
