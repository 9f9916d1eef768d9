//! `kensa report`: the inspection documents of one sheet as HTML, Markdown, xlsx or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::record::{read_record, record_error, take_record};
use super::{Ctx, project_dirs, today};
use crate::editions::Library;
use crate::fsio::write_atomic;
use crate::model::record::Record;
use crate::report::data::{GatherInput, ReportData, gather};
use crate::report::templates::{TemplateError, Templates};
use crate::report::{Format, render_html, render_json, render_markdown, xlsx};
use crate::text::finding_message;
use crate::tr;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, value_enum)]
    format: Format,
    /// Output file (default: reports/<sheet>.<format>).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
    /// Render from a facility record file (kensa record --out, or record.json of a bundle)
    /// instead of the database; no database is opened or created.
    #[arg(long, value_name = "FILE")]
    from_record: Option<PathBuf>,
    #[command(flatten)]
    templates: TemplatesArg,
}

#[derive(Debug, Args)]
pub struct TemplatesArg {
    /// Folder whose report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md,
    /// history.md replace the built-in templates (default: the platform config folder's
    /// `templates`, when it exists).
    #[arg(long = "templates", env = "KENSA_TEMPLATES", value_name = "DIR")]
    dir: Option<PathBuf>,
}

impl TemplatesArg {
    pub fn load(&self, ctx: &Ctx) -> Result<Templates> {
        let dir = self.dir.clone().or_else(|| {
            project_dirs()
                .map(|d| d.config_dir().join("templates"))
                .filter(|d| d.is_dir())
        });
        if let Some(d) = &self.dir
            && !d.is_dir()
        {
            return Err(anyhow!(tr!(
                ctx.lang,
                "report.templates_dir_missing",
                path = crate::text::safe::safe_path(d)
            )));
        }
        Templates::load(dir.as_deref()).map_err(|e| template_error(ctx, e))
    }
}

pub fn template_error(ctx: &Ctx, e: TemplateError) -> anyhow::Error {
    anyhow!(tr!(ctx.lang, "report.template_error", detail = e))
}

/// A report and the record it was built from.
pub struct Gathered {
    pub record: Record,
    pub data: ReportData,
}

/// Take the record of the store and build the report of the chosen sheet from it.
pub fn gather_report(ctx: &Ctx, sheet: Option<&str>) -> Result<Gathered> {
    let store = ctx.existing_store()?;
    ctx.facility(&store)?;
    let lib = ctx.library();
    let record = take_record(&store, &lib)?;
    let data = gather_from_record(ctx, &record, &lib, sheet)?;
    Ok(Gathered { record, data })
}

/// Build the report of the chosen sheet of a record: no store involved.
pub fn gather_from_record(
    ctx: &Ctx,
    record: &Record,
    lib: &Library,
    sheet: Option<&str>,
) -> Result<ReportData> {
    let lang = ctx.lang;
    if record.facility.is_none() {
        return Err(anyhow!(tr!(lang, "cli.no_facility")));
    }
    let chosen = ctx.record_sheet(record, sheet)?;
    let editions = lib
        .editions_for(record)
        .map_err(|e| anyhow!(record_error(lang, &e)))?;
    let message = move |f: &crate::model::rules::Finding| finding_message(lang, f);
    let mut data = gather(&GatherInput {
        record,
        editions: &editions,
        library: lib,
        sheet_id: chosen.sheet.id,
        today: today()?,
        lang,
        finding_message: &message,
    })
    .map_err(|e| anyhow!(record_error(lang, &e)))?;
    // The evidence engine's section, judged with the default thresholds (as `kensa evidence`),
    // for a facility with a 台帳 or something observed: without either it would only say that
    // nothing was observed.
    let observed = !record.ledger.is_empty() || !record.unmatched.is_empty();
    if observed && let Some(edition) = editions.get(&chosen.sheet.edition_id) {
        let e = super::evidence::evaluate(lang, record, &Default::default())?;
        data.asset_findings = Some(crate::report::evidence::asset_findings(
            lang,
            &e,
            edition,
            &chosen.sheet.key(),
        ));
    }
    Ok(data)
}

pub fn report(ctx: &Ctx, a: ReportArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let data = match &a.from_record {
        // Only the record file is read: no database is opened or created.
        Some(path) => {
            let record = read_record(ctx, path)?;
            gather_from_record(ctx, &record, &ctx.library(), a.sheet.as_deref())?
        }
        None => gather_report(ctx, a.sheet.as_deref())?.data,
    };
    let bytes = match a.format {
        Format::Html => render_html(&a.templates.load(ctx)?, &data)
            .map_err(|e| template_error(ctx, e))?
            .into_bytes(),
        Format::Md => render_markdown(&a.templates.load(ctx)?, &data)
            .map_err(|e| template_error(ctx, e))?
            .into_bytes(),
        Format::Json => render_json(&data).into_bytes(),
        Format::Xlsx => xlsx::render_xlsx(&data)
            .map_err(|e| anyhow!(tr!(lang, "report.xlsx_error", detail = e)))?,
    };
    let out = a.out.unwrap_or_else(|| {
        Path::new("reports").join(format!("{}.{}", data.sheet.key, a.format.extension()))
    });
    write_atomic(&out, &bytes).map_err(|e| {
        anyhow!(tr!(
            lang,
            "report.write_failed",
            path = crate::text::safe::safe_path(&out),
            detail = e
        ))
    })?;
    outln!(
        "{}",
        tr!(
            lang,
            "report.written",
            path = crate::text::safe::safe_path(&out),
            format = a.format.extension(),
            sheet = data.sheet.key,
            bytes = bytes.len()
        )
    );
    Ok(ExitCode::SUCCESS)
}
