//! `kensa report`: the inspection documents of one sheet as HTML, Markdown, xlsx or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::{Ctx, project_dirs, today};
use crate::fsio::write_atomic;
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
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: newest year of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
    #[command(flatten)]
    templates: TemplatesArg,
}

#[derive(Debug, Args)]
pub struct TemplatesArg {
    /// Folder whose report.html, sheet.html, row.html, report.md, sheet.md, row.md replace the
    /// built-in templates (default: the platform config folder's `templates`, when it exists).
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

/// Gather the report of the chosen sheet from the store.
pub fn gather_report(ctx: &Ctx, sheet: Option<&str>) -> Result<ReportData> {
    let store = ctx.store()?;
    let facility = ctx.facility(&store)?;
    let lib = ctx.library();
    let sheet = ctx.sheet(&store, sheet)?;
    let edition = ctx.edition_of(&lib, &sheet)?;
    let lang = ctx.lang;
    let message = move |f: &crate::model::rules::Finding| finding_message(lang, f);
    Ok(gather(
        &store,
        &GatherInput {
            library: &lib,
            facility: &facility,
            sheet: &sheet,
            edition,
            today: today()?,
            lang,
            finding_message: &message,
        },
    )?)
}

pub fn report(ctx: &Ctx, a: ReportArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let data = gather_report(ctx, a.sheet.as_deref())?;
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
