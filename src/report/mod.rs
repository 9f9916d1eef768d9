//! Inspection-ready output. Everything renders from one [`data::ReportData`] gathered from the
//! store (reading only): HTML and Markdown through tera templates, xlsx through rust_xlsxwriter,
//! JSON through serde. The 連絡体制図 is drawn in Rust as inline SVG (`chart`).

pub mod chart;
pub mod data;
pub mod labels;
pub mod templates;
pub mod xlsx;

use crate::i18n::Lang;
use data::{ReportData, ledger_headers};
use templates::{TemplateError, Templates};

/// The output formats of `kensa report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Md,
    Xlsx,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }
}

fn lang_of(data: &ReportData) -> Lang {
    if data.lang == "en" {
        Lang::En
    } else {
        Lang::Ja
    }
}

fn context(data: &ReportData) -> Result<tera::Context, TemplateError> {
    let lang = lang_of(data);
    let mut ctx = tera::Context::from_serialize(data).map_err(|e| TemplateError::Template {
        origin: "report data".into(),
        message: e.to_string(),
    })?;
    ctx.insert("t", &labels::template_labels(lang));
    ctx.insert("ledger_headers", &ledger_headers(lang));
    ctx.insert(
        "contact_chart_svg",
        &chart::contact_chart_svg(lang, &data.contacts, &data.contacts_missing),
    );
    Ok(ctx)
}

/// One self-contained HTML file (no external fonts, scripts or images), A4 print stylesheet.
pub fn render_html(t: &Templates, data: &ReportData) -> Result<String, TemplateError> {
    t.render("report.html", &context(data)?)
}

/// The same content as Markdown, for reading in a plain editor.
pub fn render_markdown(t: &Templates, data: &ReportData) -> Result<String, TemplateError> {
    t.render("report.md", &context(data)?)
}

/// The `kensa.report/1` JSON document.
pub fn render_json(data: &ReportData) -> String {
    // Serialising plain structs of strings, numbers and enums cannot fail; fall back to an
    // empty object rather than panic should that ever change.
    serde_json::to_string_pretty(data).unwrap_or_else(|_| "{}".into())
}
