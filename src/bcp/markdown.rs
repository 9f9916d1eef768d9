//! The BCP as Markdown, for a plain editor and for review in a repository. Diagrams cannot be
//! drawn in Markdown: their content is given as text instead (the contacts in 2.2.1, the
//! subnets in 3.3.2), with a pointer to the HTML or docx for the drawing. 未記入 marks are bold
//! red HTML spans, which most renderers show in red and a plain editor still reads.

use std::fmt::Write;

use super::document::{Block, Document, Figure, Inline, Para, Section};
use super::text::missing_mark;
use crate::i18n::Lang;
use crate::tr;

/// Outside text safe in Markdown: no HTML, links or table breaks, on one line.
fn md(s: &str) -> String {
    let one_line = s.replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(one_line.len());
    for c in crate::text::safe::safe(&one_line).to_string().chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn inline(lang: Lang, p: &Para) -> String {
    let mut out = String::new();
    for i in p {
        match i {
            Inline::Text(s) => out.push_str(&md(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "**{}**", md(s));
            }
            Inline::Missing(m) => {
                let _ = write!(
                    out,
                    r#"<span style="color:#c00000">**{}**</span>"#,
                    md(&missing_mark(lang, m))
                );
            }
        }
    }
    out
}

fn blocks(out: &mut String, lang: Lang, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "{}\n", inline(lang, p));
            }
            Block::Note(p) => {
                let _ = writeln!(out, "> {}\n", inline(lang, p));
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    if *ordered {
                        let _ = writeln!(out, "{}. {}", i + 1, inline(lang, item));
                    } else {
                        let _ = writeln!(out, "- {}", inline(lang, item));
                    }
                }
                out.push('\n');
            }
            Block::Table { headers, rows } => {
                let _ = writeln!(
                    out,
                    "| {} |",
                    headers
                        .iter()
                        .map(|h| md(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
                for r in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        r.iter()
                            .map(|c| inline(lang, c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
                out.push('\n');
            }
            Block::Figure { figure, caption } => {
                let what = match figure {
                    Figure::OrgChart => tr!(lang, "bcp.md.figure_org"),
                    Figure::Network => tr!(lang, "bcp.md.figure_network"),
                };
                let _ = writeln!(out, "*{}* — {}\n", md(caption), what);
            }
        }
    }
}

fn section(out: &mut String, lang: Lang, s: &Section) {
    let hashes = "#".repeat((s.level() + 1).min(6));
    if s.number.is_empty() {
        let _ = writeln!(out, "{hashes} {}\n", md(&s.title));
    } else if s.level() == 1 {
        let _ = writeln!(
            out,
            "{hashes} {}\n",
            tr!(
                lang,
                "bcp.doc.chapter",
                number = s.number,
                title = md(&s.title)
            )
        );
    } else {
        let _ = writeln!(out, "{hashes} {} {}\n", s.number, md(&s.title));
    }
    blocks(out, lang, &s.blocks);
    for c in &s.children {
        section(out, lang, c);
    }
}

pub fn render(doc: &Document) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&doc.title));
    let _ = writeln!(out, "**{}**\n", md(&doc.facility));
    for p in &doc.cover {
        let _ = writeln!(out, "{}\n", inline(lang, p));
    }
    for c in &doc.chapters {
        section(&mut out, lang, c);
    }
    out.push_str("---\n\n");
    section(&mut out, lang, &doc.card);
    out
}
