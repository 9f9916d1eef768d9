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
