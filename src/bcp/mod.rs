//! The cyber-attack BCP written from the facility record (issue 15): the document's content
//! (`document`, in the MHLW ひな形's structure), its network and system diagram (`diagram`),
//! and its three renderings, Markdown, self-contained A4 HTML and docx (`render`). `bcp check`
//! lives in `model::bcp_check`; this module only presents.
//!
//! Every function takes a record, never the store, so a TUI screen, the CLI and a record file
//! from a bundle all produce the same document.

pub mod diagram;
pub mod document;
mod docx;
mod html;
mod markdown;
mod raster;
pub mod text;

pub use document::{Document, build};

/// The output formats of `kensa bcp write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Docx,
    Html,
    Md,
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("docx: {0}")]
    Docx(String),
    #[error("diagram: {0}")]
    Raster(String),
}

/// The document as the bytes of `format`.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Md => Ok(markdown::render(doc).into_bytes()),
        Format::Html => Ok(html::render(doc).into_bytes()),
        Format::Docx => docx::render(doc),
    }
}

/// Why `bcp write` (the CLI's, or the TUI's `w`) wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Build the document from `record`, render it as `format` and write it to `out` (atomically,
/// owner-only). Returns the document, whose `missing` lists every 未記入.
pub fn write_document(
    record: &crate::model::record::Record,
    today: jiff::civil::Date,
    lang: crate::i18n::Lang,
    format: Format,
    out: &std::path::Path,
) -> Result<Document, WriteError> {
    let doc = build(record, today, lang);
    let bytes = render(&doc, format)?;
    crate::fsio::write_atomic(out, &bytes)?;
    Ok(doc)
}
