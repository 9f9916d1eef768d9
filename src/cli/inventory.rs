//! `kensa inventory list | add | edit | retire | import | export`: the 機器台帳.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};

use super::collect::write_atomically;
use super::{Ctx, os_user, pad, print_json, today};
use crate::i18n::Lang;
use crate::inventory::csvfile::Encoding;
use crate::inventory::{Change, ImportError, ParsedFile, export_rows, plan, read_files};
use crate::model::asset::{
    AssetKind, Column, LedgerFields, LedgerRow, Source, next_control_no, parse_ips, parse_macs,
};
use crate::text::parse_date_arg;
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// The ledger with what collectors observed and where they disagree.
    List {
        /// Machine-readable output (schema kensa.inventory/1).
        #[arg(long)]
        json: bool,
        /// Also show retired rows.
        #[arg(long)]
        all: bool,
    },
    /// Add a row typed by hand.
    Add(AddArgs),
    /// Change fields of a row; only the options given change.
    Edit {
        /// 管理番号 of the row.
        control_no: String,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// Mark a row 廃棄 (rows are never deleted).
    Retire {
        /// 管理番号 of the row.
        control_no: String,
        /// 廃棄日 (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Import ledger CSV/xlsx files and `kensa collect` host documents, all or nothing.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Show what would be new, changed and unchanged; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the ledger for Excel.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// CSV encoding (default utf8-bom, which Excel 2016 and later open directly).
        #[arg(long, value_enum, default_value = "utf8-bom")]
        encoding: Encoding,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// 管理番号 (default: the next free number, e.g. 005).
    #[arg(long)]
    control_no: Option<String>,
    #[command(flatten)]
    fields: FieldArgs,
}

/// The typed columns, one option each.
#[derive(Debug, Args, Default)]
pub struct FieldArgs {
    /// 種別: server, terminal, network, medical-device, other (or サーバ, 端末, …).
    #[arg(long)]
    kind: Option<String>,
    /// メーカー.
    #[arg(long)]
    maker: Option<String>,
    /// OS.
    #[arg(long)]
    os: Option<String>,
    /// ソフトウェア.
    #[arg(long)]
    software: Option<String>,
    /// ソフトウェアバージョン.
    #[arg(long)]
    software_version: Option<String>,
    /// IPアドレス (several separated by commas).
    #[arg(long)]
    ip: Option<String>,
    /// コンピュータ名.
    #[arg(long)]
    computer_name: Option<String>,
    /// 設置場所.
    #[arg(long)]
    location: Option<String>,
    /// 利用者.
    #[arg(long)]
    user: Option<String>,
    /// 登録日 (default for add: today).
    #[arg(long)]
    registered: Option<String>,
    /// 状態 (default for add: 稼働).
    #[arg(long)]
    status: Option<String>,
    /// 説明.
    #[arg(long)]
    description: Option<String>,
    /// MACアドレス (several separated by commas).
    #[arg(long)]
    mac: Option<String>,
}

impl FieldArgs {
    /// Apply the given options to `f`, validating IP, MAC, kind and date.
    fn apply(&self, lang: Lang, f: &mut LedgerFields) -> Result<()> {
        let set = |dst: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                *dst = v.trim().to_string();
            }
        };
        set(&mut f.maker, &self.maker);
        set(&mut f.os, &self.os);
        set(&mut f.software, &self.software);
        set(&mut f.software_version, &self.software_version);
        set(&mut f.computer_name, &self.computer_name);
        set(&mut f.location, &self.location);
        set(&mut f.user, &self.user);
        set(&mut f.status, &self.status);
        set(&mut f.description, &self.description);
        if let Some(k) = &self.kind {
            f.kind = AssetKind::parse(k).ok_or_else(|| {
                anyhow!(tr!(
                    lang,
                    "inventory.err.bad_kind",
                    value = k,
                    kinds = AssetKind::ALL
                        .iter()
                        .map(|k| format!("{} ({})", k.label_ja(), k.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        }
        if let Some(ip) = &self.ip {
            f.ip = parse_ips(ip)
                .map_err(|b| anyhow!(tr!(lang, "inventory.err.bad_ip", value = b.0)))?
                .join(", ");
        }
        if let Some(mac) = &self.mac {
            f.mac = parse_macs(mac)
                .map_err(|b| anyhow!(tr!(lang, "inventory.err.bad_mac", value = b.0)))?
                .join(", ");
        }
        if let Some(d) = &self.registered {
            f.registered_on = if d.trim().is_empty() {
                None
            } else {
                Some(parse_date_arg(lang, Column::RegisteredOn.header(), d)?)
            };
        }
        Ok(())
    }
}

pub fn run(ctx: &Ctx, c: InventoryCommand) -> Result<ExitCode> {
    match c {
        InventoryCommand::List { json, all } => list(ctx, json, all),
        InventoryCommand::Add(a) => add(ctx, a),
        InventoryCommand::Edit { control_no, fields } => edit(ctx, &control_no, &fields),
        InventoryCommand::Retire { control_no, date } => retire(ctx, &control_no, date),
        InventoryCommand::Import { files, dry_run } => import(ctx, &files, dry_run),
        InventoryCommand::Export {
            format,
            encoding,
            out,
        } => export(ctx, format, encoding, &out),
    }
}

fn field_label(lang: Lang, field: &str) -> String {
    let column = match field {
        "os" => Column::Os,
        "ip" => Column::Ip,
        "mac" => Column::Mac,
        "maker" => Column::Maker,
        "computer_name" => Column::ComputerName,
        "kind" => Column::Kind,
        "software" => Column::Software,
        "software_version" => Column::SoftwareVersion,
        "location" => Column::Location,
        "user" => Column::User,
        "registered_on" => Column::RegisteredOn,
        "status" => Column::Status,
        "description" => Column::Description,
        "retired_on" => Column::RetiredOn,
        other => return other.to_string(),
    };
    match lang {
        Lang::Ja => column.header().to_string(),
        Lang::En => field.to_string(),
    }
}

/// How a `list` column gets its text from a row.
type CellFn<'a> = Box<dyn Fn(&LedgerRow) -> String + 'a>;

fn short_date(ts: &Option<String>) -> String {
    ts.as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::system()).date().to_string())
        .unwrap_or_else(|| "-".into())
}

fn list(ctx: &Ctx, json: bool, all: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.store()?;
    let ledger = store.ledger()?;
    if json {
        let observations = store.observations()?;
        print_json(&serde_json::json!({
            "schema": "kensa.inventory/1",
            "rows": ledger.iter().map(row_json).collect::<Vec<_>>(),
            "observations": observations,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if ledger.is_empty() {
        outln!("{}", tr!(lang, "inventory.empty"));
        return Ok(ExitCode::SUCCESS);
    }
    let shown: Vec<&LedgerRow> = ledger
        .iter()
        .filter(|r| all || r.asset.fields.retired_on.is_none())
        .collect();
    let width = |f: &dyn Fn(&LedgerRow) -> String, min: usize| {
        use unicode_width::UnicodeWidthStr;
        shown
            .iter()
            .map(|r| f(r).width())
            .max()
            .unwrap_or(0)
            .clamp(min, 28)
    };
    let kind = |r: &LedgerRow| match lang {
        Lang::Ja => r.asset.fields.kind.label_ja().to_string(),
        Lang::En => r.asset.fields.kind.as_str().to_string(),
    };
    let cols: [(&str, CellFn); 7] = [
        (
            Column::ControlNo.header(),
            Box::new(|r| r.asset.fields.control_no.clone()),
        ),
        (Column::Kind.header(), Box::new(kind)),
        (
            Column::ComputerName.header(),
            Box::new(|r| r.asset.fields.computer_name.clone()),
        ),
        (Column::Os.header(), Box::new(|r| r.asset.fields.os.clone())),
        (Column::Ip.header(), Box::new(|r| r.asset.fields.ip.clone())),
        (
            Column::Status.header(),
            Box::new(|r| r.asset.fields.status.clone()),
        ),
        (
            Column::LastSeen.header(),
            Box::new(|r| short_date(&r.last_seen)),
        ),
    ];
    use unicode_width::UnicodeWidthStr;
    let widths: Vec<usize> = cols
        .iter()
        .map(|(h, f)| width(f.as_ref(), h.width()))
        .collect();
    let header: Vec<String> = cols
        .iter()
        .zip(&widths)
        .map(|((h, _), w)| pad(h, *w))
        .collect();
    outln!("{}", header.join("  ").trim_end());
    let mut flagged = 0;
    for r in &shown {
        let cells: Vec<String> = cols
            .iter()
            .zip(&widths)
            .map(|((_, f), w)| pad(&f(r), *w))
            .collect();
        outln!("{}", cells.join("  ").trim_end());
        if !r.disagreements.is_empty() {
            flagged += 1;
        }
        for d in &r.disagreements {
            outln!(
                "  ! {}",
                tr!(
                    lang,
                    "inventory.disagreement",
                    field = field_label(lang, d.field),
                    ledger = d.ledger,
                    observed = d.observed
                )
            );
        }
    }
    let retired = ledger.len()
        - ledger
            .iter()
            .filter(|r| r.asset.fields.retired_on.is_none())
            .count();
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.list_summary",
            shown = shown.len(),
            retired = retired,
            flagged = flagged
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// One row of `kensa.inventory/1`.
fn row_json(r: &LedgerRow) -> serde_json::Value {
    let f = &r.asset.fields;
    serde_json::json!({
        "id": r.asset.id,
        "control_no": f.control_no,
        "kind": f.kind,
        "maker": f.maker,
        "os": f.os,
        "software": f.software,
        "software_version": f.software_version,
        "ip": f.ip,
        "computer_name": f.computer_name,
        "location": f.location,
        "user": f.user,
        "registered_on": f.registered_on,
        "status": f.status,
        "description": f.description,
        "mac": f.mac,
        "retired_on": f.retired_on,
        "source": r.asset.source,
        "created_at": r.asset.created_at,
        "updated_at": r.asset.updated_at,
        "first_seen": r.first_seen,
        "last_seen": r.last_seen,
        "observation_ids": r.observation_ids,
        "observed": r.latest,
        "disagreements": r.disagreements,
    })
}

fn add(ctx: &Ctx, a: AddArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let existing = store.assets()?;
    let control_no = match &a.control_no {
        Some(no) if !no.trim().is_empty() => no.trim().to_string(),
        Some(_) => return Err(anyhow!(tr!(lang, "inventory.err.empty_control_no"))),
        None => next_control_no(existing.iter().map(|a| a.fields.control_no.as_str())),
    };
    if existing.iter().any(|a| a.fields.control_no == control_no) {
        return Err(anyhow!(tr!(
            lang,
            "inventory.exists",
            control_no = control_no
        )));
    }
    let mut f = LedgerFields {
        control_no,
        kind: AssetKind::Other,
        registered_on: Some(today()?),
        status: "稼働".to_string(),
        ..LedgerFields::default()
    };
    a.fields.apply(lang, &mut f)?;
    let asset = store.add_asset(&f, Source::Manual, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.added",
            control_no = asset.fields.control_no,
            name = asset.fields.computer_name
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn edit(ctx: &Ctx, control_no: &str, fields: &FieldArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let asset = store
        .asset(control_no)?
        .ok_or_else(|| anyhow!(tr!(lang, "inventory.unknown", control_no = control_no)))?;
    let mut f = asset.fields.clone();
    fields.apply(lang, &mut f)?;
    let changed = crate::inventory::changed_fields(&asset.fields, &f);
    if changed.is_empty() {
        outln!(
            "{}",
            tr!(lang, "inventory.nothing_changed", control_no = control_no)
        );
        return Ok(ExitCode::SUCCESS);
    }
    store.edit_asset(&f, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.edited",
            control_no = control_no,
            fields = changed
                .iter()
                .map(|c| field_label(lang, c))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn retire(ctx: &Ctx, control_no: &str, date: Option<String>) -> Result<ExitCode> {
    let lang = ctx.lang;
    let on = match &date {
        Some(d) => parse_date_arg(lang, Column::RetiredOn.header(), d)?,
        None => today()?,
    };
    let mut store = ctx.store()?;
    if !store.retire_asset(control_no, on, "廃棄", &os_user())? {
        return Err(anyhow!(tr!(
            lang,
            "inventory.unknown",
            control_no = control_no
        )));
    }
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.retired",
            control_no = control_no,
            date = on
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn report_errors(lang: Lang, errors: &[ImportError]) -> anyhow::Error {
    for e in errors {
        eprintln!("{}", e.message(lang));
    }
    anyhow!(tr!(
        lang,
        "inventory.import_refused",
        count = crate::inventory::problem_count(errors)
    ))
}

fn import(ctx: &Ctx, files: &[PathBuf], dry_run: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    // Every file is read and checked before the database is even opened.
    let parsed = read_files(files).map_err(|e| report_errors(lang, &e))?;
    let mut store = ctx.store()?;
    let existing = store.assets()?;
    let plan = plan(&parsed, &existing, today()?);
    for f in &parsed {
        if let ParsedFile::Ledger {
            path,
            format,
            rows,
            extra_columns,
        } = f
        {
            outln!(
                "{}",
                tr!(
                    lang,
                    "inventory.file_read",
                    path = path.display(),
                    format = format,
                    rows = rows.len()
                )
            );
            if !extra_columns.is_empty() {
                outln!(
                    "  {}",
                    tr!(
                        lang,
                        "inventory.extra_columns",
                        columns = extra_columns.join(", ")
                    )
                );
            }
        }
    }
    let (mut new, mut changed, mut unchanged) = (0, 0, 0);
    for r in &plan.rows {
        let place = format!("{}:{}", r.file.display(), r.line);
        let text = match &r.change {
            Change::New => {
                new += 1;
                tr!(lang, "inventory.row_new", control_no = r.control_no)
            }
            Change::Changed(fields) => {
                changed += 1;
                tr!(
                    lang,
                    "inventory.row_changed",
                    control_no = r.control_no,
                    fields = fields
                        .iter()
                        .map(|c| field_label(lang, c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            Change::Unchanged => {
                unchanged += 1;
                tr!(lang, "inventory.row_unchanged", control_no = r.control_no)
            }
        };
        // A real import lists what it changes; a dry run lists every row.
        if dry_run || !matches!(r.change, Change::Unchanged) {
            outln!("  {text}  ({place})");
        }
    }
    for h in &plan.hosts {
        let text = if h.creates_row {
            tr!(
                lang,
                "inventory.host_new_row",
                host = h.host_name,
                control_no = h.control_no
            )
        } else {
            tr!(
                lang,
                "inventory.host_matched",
                host = h.host_name,
                control_no = h.control_no
            )
        };
        outln!("  {text}  ({})", h.file.display());
        for d in &h.disagreements {
            outln!(
                "    ! {}",
                tr!(
                    lang,
                    "inventory.disagreement",
                    field = field_label(lang, d.field),
                    ledger = d.ledger,
                    observed = d.observed
                )
            );
        }
    }
    if dry_run {
        outln!(
            "{}",
            tr!(
                lang,
                "inventory.dry_run_summary",
                new = new,
                changed = changed,
                unchanged = unchanged,
                hosts = plan.hosts.len()
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let counts = store.apply_ledger_batch(&plan.batch, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.imported",
            new = counts.added,
            changed = counts.changed,
            unchanged = unchanged,
            hosts = counts.observations,
            duplicates = counts.duplicate_observations
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn export(
    ctx: &Ctx,
    format: ExportFormat,
    encoding: Encoding,
    out: &std::path::Path,
) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.store()?;
    let ledger = store.ledger()?;
    let rows = export_rows(&ledger);
    let problem_text = |p: crate::inventory::Problem| ImportError::new(out, None, p).message(lang);
    let (bytes, label) = match format {
        ExportFormat::Csv => (
            crate::inventory::csvfile::write(&rows, encoding)
                .map_err(|p| anyhow!(problem_text(p)))?,
            encoding.label(),
        ),
        ExportFormat::Xlsx => {
            let dates: Vec<usize> = crate::model::asset::COLUMNS
                .iter()
                .enumerate()
                .filter(|(_, (c, _, _))| matches!(c, Column::RegisteredOn | Column::RetiredOn))
                .map(|(i, _)| i)
                .collect();
            (
                crate::inventory::xlsx::write(&rows, &dates)
                    .map_err(|p| anyhow!(problem_text(p)))?,
                "xlsx",
            )
        }
    };
    write_atomically(out, &bytes).map_err(|e| {
        anyhow!(tr!(
            lang,
            "inventory.cannot_write",
            path = out.display(),
            detail = e
        ))
    })?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.exported",
            path = out.display(),
            rows = ledger.len(),
            format = label
        )
    );
    Ok(ExitCode::SUCCESS)
}
