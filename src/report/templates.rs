//! The tera 2 templates of the HTML and Markdown reports. The defaults in `templates/` are
//! embedded in the binary; a user folder may hold any of the same file names to replace them.
//! This is the one file that knows tera, so a tera upgrade touches nothing else.

use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera};

/// (name, embedded default). Names are the file names a user folder may override.
const BUILTIN: [(&str, &str); 10] = [
    ("report.html", include_str!("../../templates/report.html")),
    ("sheet.html", include_str!("../../templates/sheet.html")),
    ("row.html", include_str!("../../templates/row.html")),
    ("history.html", include_str!("../../templates/history.html")),
    ("report.md", include_str!("../../templates/report.md")),
    ("sheet.md", include_str!("../../templates/sheet.md")),
    ("row.md", include_str!("../../templates/row.md")),
    ("history.md", include_str!("../../templates/history.md")),
    // The inspector's record sheet and roll-up (`crate::inspect::render`).
    (
        "inspection.html",
        include_str!("../../templates/inspection.html"),
    ),
    (
        "aggregate.html",
        include_str!("../../templates/aggregate.html"),
    ),
];

/// A user template larger than this is refused unread: templates are a few KiB.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the template is larger than {limit} bytes")]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{path}: the template is not UTF-8 text")]
    NotUtf8 { path: PathBuf },
    /// Tera's own message names the template and the line.
    #[error("{origin}: {message}")]
    Template { origin: String, message: String },
}

pub struct Templates {
    tera: Tera,
    /// Where each template came from: `built-in` or the user's file.
    origins: Vec<(&'static str, String)>,
}

/// `| md`: outside text safe in Markdown, on one line and inside a table cell. Markdown
/// renderers pass HTML through, so `<script>`, `<iframe>` and entities are escaped (`&lt;`);
/// `[` is escaped so a note cannot make a link or an image; `|` cannot end the cell; line
/// breaks become spaces and other control characters visible escapes (`text::safe`), so the
/// file is also safe to `cat` on a terminal.
fn md_cell(s: &str, _: Kwargs, _: &State) -> String {
    let one_line = s.replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(one_line.len());
    for c in crate::text::safe::safe(&one_line).to_string().chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

impl Templates {
    /// The built-in templates, each replaced by `user_dir/NAME` when that file exists.
    pub fn load(user_dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut sources: Vec<(&'static str, String, String)> = Vec::new();
        for (name, text) in BUILTIN {
            // Anything at the name counts: a FIFO or folder there is refused by read_user,
            // not silently replaced by the built-in template.
            let user = user_dir.map(|d| d.join(name)).filter(|p| p.exists());
            match user {
                Some(path) => {
                    let text = read_user(&path)?;
                    sources.push((name, text, path.display().to_string()));
                }
                None => sources.push((name, text.to_string(), format!("built-in {name}"))),
            }
        }
        let mut tera = Tera::new();
        tera.register_filter("md", md_cell);
        let origins: Vec<(&'static str, String)> =
            sources.iter().map(|(n, _, o)| (*n, o.clone())).collect();
        // All at once: templates include each other, so they are compiled together.
        tera.add_raw_templates(sources.iter().map(|(n, t, _)| (*n, t.as_str())))
            .map_err(|e| {
                let message = e.to_string();
                TemplateError::Template {
                    origin: origin_in(&origins, &message, "report.html"),
                    message,
                }
            })?;
        Ok(Templates { tera, origins })
    }

    /// Render `name` with any serialisable data as its context, plus `extra` values.
    pub fn render_data(
        &self,
        name: &str,
        data: &impl serde::Serialize,
        extra: &[(&str, serde_json::Value)],
    ) -> Result<String, TemplateError> {
        let mut ctx = Context::from_serialize(data).map_err(|e| TemplateError::Template {
            origin: name.to_string(),
            message: e.to_string(),
        })?;
        for (k, v) in extra {
            ctx.insert(k.to_string(), v);
        }
        self.render(name, &ctx)
    }

    /// Render `name` (`report.html` or `report.md`) with `ctx`.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, TemplateError> {
        self.tera.render(name, ctx).map_err(|e| {
            let message = e.to_string();
            TemplateError::Template {
                origin: origin_in(&self.origins, &message, name),
                message,
            }
        })
    }
}

/// Where the failing template came from: the user's file when tera's message names one of
/// theirs (the failure may be in an included template), else the template asked for.
fn origin_in(origins: &[(&'static str, String)], message: &str, asked: &str) -> String {
    origins
        .iter()
        .find(|(n, o)| !o.starts_with("built-in") && message.contains(&format!("{n}:")))
        .or_else(|| origins.iter().find(|(n, _)| *n == asked))
        .map_or_else(|| asked.to_string(), |(_, o)| o.clone())
}

fn read_user(path: &Path) -> Result<String, TemplateError> {
    let io = |source| TemplateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = crate::fsio::read_limited(path, MAX_TEMPLATE_BYTES).map_err(|e| match e {
        crate::fsio::ReadFailure::Io(e) => io(e),
        crate::fsio::ReadFailure::TooLarge { .. } => TemplateError::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_TEMPLATE_BYTES,
        },
    })?;
    String::from_utf8(bytes).map_err(|_| TemplateError::NotUtf8 {
        path: path.to_path_buf(),
    })
}
