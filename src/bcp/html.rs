//! The BCP as one self-contained A4 HTML file: no external fonts, scripts or images; the
//! diagrams are inline SVG; the 初動対応カード starts on its own page when printed.

use std::fmt::Write;

use super::document::{Block, Document, Figure, Inline, Para, Section};
use super::text::missing_mark;
use crate::i18n::Lang;
use crate::tr;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::safe::safe(s).to_string().chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn inline(lang: Lang, p: &Para) -> String {
    let mut out = String::new();
    for i in p {
        match i {
            Inline::Text(s) => out.push_str(&esc(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "<strong>{}</strong>", esc(s));
            }
            Inline::Missing(m) => {
                let _ = write!(
                    out,
                    r#"<span class="missing">{}</span>"#,
                    esc(&missing_mark(lang, m))
                );
            }
        }
    }
    out
}

fn blocks(out: &mut String, doc: &Document, blocks: &[Block]) {
    let lang = doc.lang;
    for b in blocks {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", inline(lang, p));
            }
            Block::Note(p) => {
                let _ = writeln!(out, r#"<p class="note">{}</p>"#, inline(lang, p));
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = write!(out, "<{tag}>");
                for item in items {
                    let _ = write!(out, "<li>{}</li>", inline(lang, item));
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Table { headers, rows } => {
                out.push_str("<table><thead><tr>");
                for h in headers {
                    let _ = write!(out, "<th>{}</th>", esc(h));
                }
                out.push_str("</tr></thead><tbody>");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        let _ = write!(out, "<td>{}</td>", inline(lang, c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::Figure { figure, caption } => {
                // The SVGs are built by kensa with every outside text escaped.
                let svg = match figure {
                    Figure::OrgChart => &doc.org_chart_svg,
                    Figure::Network => &doc.network_svg,
                };
                let _ = writeln!(
                    out,
                    "<figure>{svg}<figcaption>{}</figcaption></figure>",
                    esc(caption)
                );
            }
        }
    }
}

fn section(out: &mut String, doc: &Document, s: &Section) {
    let level = (s.level() + 1).min(6);
    let title = if s.number.is_empty() {
        esc(&s.title)
    } else if s.level() == 1 {
        tr!(
            doc.lang,
            "bcp.doc.chapter",
            number = s.number,
            title = esc(&s.title)
        )
    } else {
        format!("{} {}", s.number, esc(&s.title))
    };
    let _ = writeln!(out, "<h{level}>{title}</h{level}>");
    blocks(out, doc, &s.blocks);
    for c in &s.children {
        section(out, doc, c);
    }
}

const STYLE: &str = "@page{size:A4;margin:15mm 12mm}\
body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif;font-size:10.5pt;line-height:1.6;color:#111;max-width:186mm;margin:0 auto}\
h1{font-size:20pt;margin:0 0 4mm}h2{font-size:15pt;border-bottom:2px solid #333;margin-top:10mm;page-break-after:avoid}\
h3{font-size:12.5pt;margin-top:6mm;page-break-after:avoid}h4{font-size:11pt;margin-top:4mm;page-break-after:avoid}\
table{border-collapse:collapse;width:100%;margin:2mm 0 4mm;font-size:9.5pt}th,td{border:1px solid #666;padding:1mm 1.5mm;vertical-align:top;text-align:left}\
th{background:#eee}tr{page-break-inside:avoid}.missing{color:#c00000;font-weight:bold}.note{font-size:9pt;color:#444}\
figure{margin:3mm 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{font-size:9pt;text-align:center}\
.cover{margin-bottom:8mm}.card{page-break-before:always;border:3px solid #c00000;padding:4mm}.card h2{margin-top:0}";

pub fn render(doc: &Document) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title><style>{STYLE}</style></head><body>\n",
        lang.as_str(),
        esc(&doc.title),
        esc(&doc.facility)
    );
    let _ = writeln!(
        out,
        "<div class=\"cover\"><h1>{}</h1><p><strong>{}</strong></p>",
        esc(&doc.title),
        esc(&doc.facility)
    );
    for p in &doc.cover {
        let _ = writeln!(out, "<p>{}</p>", inline(lang, p));
    }
    out.push_str("</div>\n");
    for c in &doc.chapters {
        section(&mut out, doc, c);
    }
    out.push_str("<div class=\"card\">\n");
    section(&mut out, doc, &doc.card);
    out.push_str("</div>\n</body></html>\n");
    out
}
