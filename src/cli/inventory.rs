//! `kensa inventory list | add | edit | retire | import | export`: the 機器台帳.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};

use super::{Ctx, os_user, pad, today};
use crate::i18n::Lang;
use crate::inventory::csvfile::Encoding;
use crate::inventory::{
    ApplyError, Change, CheckedContent, ExportError, ImportError, apply_host_file,
    apply_ledger_file, check_files, export_date_columns, export_header, export_row,
};
use crate::model::asset::{
    AssetKind, Column, LedgerFields, LedgerRow, Source, parse_ips, parse_macs,
};
use crate::store::{Store, StoreError};
use crate::text::parse_date_arg;
use crate::text::safe::{safe, safe_path};
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
                    value = safe(k),
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
                .map_err(|b| anyhow!(tr!(lang, "inventory.err.bad_ip", value = safe(&b.0))))?
                .join(", ");
        }
        if let Some(mac) = &self.mac {
            f.mac = parse_macs(mac)
                .map_err(|b| anyhow!(tr!(lang, "inventory.err.bad_mac", value = safe(&b.0))))?
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
    let store = ctx.existing_store()?;
    if json {
        return list_json(&store);
    }
    let kind = |r: &LedgerRow| match lang {
        Lang::Ja => r.asset.fields.kind.label_ja().to_string(),
        Lang::En => r.asset.fields.kind.as_str().to_string(),
    };
    let cols: [(&str, CellFn); 7] = [
        (
            Column::ControlNo.header(),
            Box::new(|r| safe(&r.asset.fields.control_no).to_string()),
        ),
        (Column::Kind.header(), Box::new(kind)),
        (
            Column::ComputerName.header(),
            Box::new(|r| safe(&r.asset.fields.computer_name).to_string()),
        ),
        (
            Column::Os.header(),
            Box::new(|r| safe(&r.asset.fields.os).to_string()),
        ),
        (
            Column::Ip.header(),
            Box::new(|r| safe(&r.asset.fields.ip).to_string()),
        ),
        (
            Column::Status.header(),
            Box::new(|r| safe(&r.asset.fields.status).to_string()),
        ),
        (
            Column::LastSeen.header(),
            Box::new(|r| short_date(&r.last_seen)),
        ),
    ];
    use unicode_width::UnicodeWidthStr;
    // Two passes over the store, one row in memory at a time: column widths and counts,
    // then the rows.
    let shown_row = |r: &LedgerRow| all || r.asset.fields.retired_on.is_none();
    let mut widths = vec![0usize; cols.len()];
    let (mut total, mut shown, mut retired) = (0usize, 0usize, 0usize);
    store.for_each_ledger_row(|r| -> Result<(), StoreError> {
        total += 1;
        if r.asset.fields.retired_on.is_some() {
            retired += 1;
        }
        if shown_row(&r) {
            shown += 1;
            for (w, (_, f)) in widths.iter_mut().zip(&cols) {
                *w = (*w).max(f(&r).width());
            }
        }
        Ok(())
    })?;
    if total == 0 {
        outln!("{}", tr!(lang, "inventory.empty"));
        return Ok(ExitCode::SUCCESS);
    }
    for (w, (h, _)) in widths.iter_mut().zip(&cols) {
        *w = (*w).clamp(h.width(), 28);
    }
    let header: Vec<String> = cols
        .iter()
        .zip(&widths)
        .map(|((h, _), w)| pad(h, *w))
        .collect();
    outln!("{}", header.join("  ").trim_end());
    let mut flagged = 0;
    store.for_each_ledger_row(|r| -> Result<(), StoreError> {
        if !shown_row(&r) {
            return Ok(());
        }
        let cells: Vec<String> = cols
            .iter()
            .zip(&widths)
            .map(|((_, f), w)| pad(&f(&r), *w))
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
                    ledger = safe(&d.ledger),
                    observed = safe(&d.observed)
                )
            );
        }
        Ok(())
    })?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.list_summary",
            shown = shown,
            retired = retired,
            flagged = flagged
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `kensa.inventory/1`, streamed: the rows are serialized as the store yields them, never
/// collected. The same bytes as serializing the whole document at once (keys in serde_json's
/// sorted order).
fn list_json(store: &Store) -> Result<ExitCode> {
    use serde::ser::{Error as _, SerializeMap, SerializeSeq};
    use std::cell::RefCell;

    struct Rows<'a> {
        store: &'a Store,
        failed: &'a RefCell<Option<StoreError>>,
    }
    impl serde::Serialize for Rows<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(None)?;
            let mut ser_err = None;
            let streamed = self
                .store
                .for_each_ledger_row(|r| -> Result<(), StoreError> {
                    if let Err(e) = seq.serialize_element(&row_json(&r)) {
                        ser_err = Some(e);
                        return Err(StoreError::Internal("output".into()));
                    }
                    Ok(())
                });
            if let Some(e) = ser_err {
                return Err(e);
            }
            if let Err(e) = streamed {
                let msg = e.to_string();
                *self.failed.borrow_mut() = Some(e);
                return Err(S::Error::custom(msg));
            }
            seq.end()
        }
    }
    struct Document<'a> {
        rows: Rows<'a>,
        /// As JSON values, whose keys serde_json sorts, as in the rows.
        observations: serde_json::Value,
    }
    impl serde::Serialize for Document<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("observations", &self.observations)?;
            m.serialize_entry("rows", &self.rows)?;
            m.serialize_entry("schema", "kensa.inventory/1")?;
            m.end()
        }
    }
    let failed = RefCell::new(None);
    let doc = Document {
        rows: Rows {
            store,
            failed: &failed,
        },
        observations: serde_json::to_value(store.observations()?)?,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Escaped as print_json escapes (text::safe::SafeJson): the rows hold outside text.
    let written = crate::text::safe::write_json_pretty(&mut out, &doc)
        .map_err(std::io::Error::from)
        .and_then(|()| {
            use std::io::Write;
            writeln!(out)?;
            out.flush()
        });
    if let Some(e) = failed.into_inner() {
        return Err(e.into());
    }
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) ends the listing quietly, as every command's output does.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(e.into()),
    }
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
    let control_no = match &a.control_no {
        Some(no) if !no.trim().is_empty() => no.trim().to_string(),
        Some(_) => return Err(anyhow!(tr!(lang, "inventory.err.empty_control_no"))),
        None => store.next_control_no()?,
    };
    if store.asset(&control_no)?.is_some() {
        return Err(anyhow!(tr!(
            lang,
            "inventory.exists",
            control_no = safe(&control_no)
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
            control_no = safe(&asset.fields.control_no),
            name = safe(&asset.fields.computer_name)
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn edit(ctx: &Ctx, control_no: &str, fields: &FieldArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let asset = store.asset(control_no)?.ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "inventory.unknown",
            control_no = safe(control_no)
        ))
    })?;
    let mut f = asset.fields.clone();
    fields.apply(lang, &mut f)?;
    let changed = crate::inventory::changed_fields(&asset.fields, &f);
    if changed.is_empty() {
        outln!(
            "{}",
            tr!(
                lang,
                "inventory.nothing_changed",
                control_no = safe(control_no)
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    store.edit_asset(&f, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.edited",
            control_no = safe(control_no),
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
            control_no = safe(control_no)
        )));
    }
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.retired",
            control_no = safe(control_no),
            date = on
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn report_errors(lang: Lang, errors: &[ImportError]) -> anyhow::Error {
    for e in errors {
        // One line per problem: the message quotes cells, which may hold line breaks.
        errln!("{}", safe(&e.message(lang)));
    }
    anyhow!(tr!(
        lang,
        "inventory.import_refused",
        count = crate::inventory::problem_count(errors)
    ))
}

/// Standard output during an import, which must not end the program halfway as `outln!` does
/// on a closed pipe: lines that cannot be written are dropped, and the import still commits
/// (or rolls back) as a whole.
#[derive(Default)]
struct ImportOutput {
    closed: bool,
}

impl ImportOutput {
    fn line(&mut self, text: std::fmt::Arguments) {
        use std::io::Write;
        // Made visible-safe as outln! does: the lines quote cells and file names.
        let text = crate::text::safe::safe_lines(&text.to_string()).into_owned();
        if !self.closed && writeln!(std::io::stdout(), "{text}").is_err() {
            self.closed = true;
        }
    }
}

fn import(ctx: &Ctx, files: &[PathBuf], dry_run: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    // Every file is read and checked, one at a time, before the database is even opened.
    let checked = check_files(files).map_err(|e| report_errors(lang, &e))?;
    let today = today()?;
    let mut store = ctx.store()?;
    let mut out = ImportOutput::default();
    for f in &checked {
        if let CheckedContent::Ledger {
            format,
            rows,
            extra_columns,
        } = &f.content
        {
            out.line(format_args!(
                "{}",
                tr!(
                    lang,
                    "inventory.file_read",
                    path = safe_path(&f.path),
                    format = format,
                    rows = rows
                )
            ));
            if !extra_columns.is_empty() {
                out.line(format_args!(
                    "  {}",
                    tr!(
                        lang,
                        "inventory.extra_columns",
                        columns = safe(&extra_columns.join(", "))
                    )
                ));
            }
        }
    }
    // The files again, row by row, inside one transaction: a dry run rolls it back, so it
    // shows exactly what the import would do.
    let mut import = store.begin_import(&os_user())?;
    let failed = |e: ApplyError| match e {
        ApplyError::File(errors) => report_errors(lang, &errors),
        ApplyError::Store(e) => e.into(),
    };
    let (mut new, mut changed, mut unchanged, mut hosts) = (0, 0, 0, 0);
    for f in checked
        .iter()
        .filter(|f| matches!(f.content, CheckedContent::Ledger { .. }))
    {
        apply_ledger_file(&mut import, f, &mut |r| {
            let place = format!("{}:{}", safe_path(&r.file), r.line);
            let text = match &r.change {
                Change::New => {
                    new += 1;
                    tr!(lang, "inventory.row_new", control_no = safe(&r.control_no))
                }
                Change::Changed(fields) => {
                    changed += 1;
                    tr!(
                        lang,
                        "inventory.row_changed",
                        control_no = safe(&r.control_no),
                        fields = fields
                            .iter()
                            .map(|c| field_label(lang, c))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                Change::Unchanged => {
                    unchanged += 1;
                    tr!(
                        lang,
                        "inventory.row_unchanged",
                        control_no = safe(&r.control_no)
                    )
                }
            };
            // A real import lists what it changes; a dry run lists every row.
            if dry_run || !matches!(r.change, Change::Unchanged) {
                out.line(format_args!("  {text}  ({place})"));
            }
        })
        .map_err(failed)?;
    }
    for f in checked.iter().filter(|f| f.content == CheckedContent::Host) {
        let h = apply_host_file(&mut import, f, today).map_err(failed)?;
        hosts += 1;
        let text = if h.creates_row {
            tr!(
                lang,
                "inventory.host_new_row",
                host = safe(&h.host_name),
                control_no = safe(&h.control_no)
            )
        } else {
            tr!(
                lang,
                "inventory.host_matched",
                host = safe(&h.host_name),
                control_no = safe(&h.control_no)
            )
        };
        out.line(format_args!("  {text}  ({})", safe_path(&h.file)));
        for d in &h.disagreements {
            out.line(format_args!(
                "    ! {}",
                tr!(
                    lang,
                    "inventory.disagreement",
                    field = field_label(lang, d.field),
                    ledger = safe(&d.ledger),
                    observed = safe(&d.observed)
                )
            ));
        }
    }
    if dry_run {
        drop(import);
        outln!(
            "{}",
            tr!(
                lang,
                "inventory.dry_run_summary",
                new = new,
                changed = changed,
                unchanged = unchanged,
                hosts = hosts
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let counts = import.commit()?;
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
    let store = ctx.existing_store()?;
    let mut rows = 0usize;
    // Row by row from the store into a temporary file renamed into place: the ledger is never
    // held, whatever its size.
    let written = match format {
        ExportFormat::Csv => {
            crate::fsio::write_atomic_with(out, |file| -> Result<(), ExportError> {
                let mut w = crate::inventory::csvfile::CsvWriter::new(
                    std::io::BufWriter::new(file),
                    encoding,
                )?;
                w.row(&export_header(), false)?;
                store.for_each_ledger_row(|r| -> Result<(), ExportError> {
                    rows += 1;
                    w.row(&export_row(&r), true)
                })?;
                use std::io::Write;
                w.into_inner().flush()?;
                Ok(())
            })
        }
        ExportFormat::Xlsx => {
            use crate::inventory::xlsx::{ColumnWidths, LedgerWriter};
            // Column widths must be set before the first row: a first pass measures them.
            let header = export_header();
            let mut widths = ColumnWidths::default();
            widths.see(&header);
            store.for_each_ledger_row(|r| -> Result<(), StoreError> {
                widths.see(&export_row(&r));
                Ok(())
            })?;
            let tempdir = out
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            crate::fsio::write_atomic_with(out, |file| -> Result<(), ExportError> {
                let mut w =
                    LedgerWriter::new(&header, &widths, &export_date_columns(), Some(tempdir))?;
                store.for_each_ledger_row(|r| -> Result<(), ExportError> {
                    rows += 1;
                    w.row(&export_row(&r))
                })?;
                w.finish(file)
            })
        }
    };
    let label = match format {
        ExportFormat::Csv => encoding.label(),
        ExportFormat::Xlsx => "xlsx",
    };
    written.map_err(|e| match e {
        ExportError::Problem(p) => anyhow!(ImportError::new(out, None, p).message(lang)),
        ExportError::Store(e) => e.into(),
        ExportError::Io(e) => anyhow!(tr!(
            lang,
            "inventory.cannot_write",
            path = safe_path(out),
            detail = e
        )),
    })?;
    outln!(
        "{}",
        tr!(
            lang,
            "inventory.exported",
            path = safe_path(out),
            rows = rows,
            format = label
        )
    );
    Ok(ExitCode::SUCCESS)
}
