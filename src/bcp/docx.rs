//! The BCP as Word (docx-rs): A4, headings as Word heading styles (so Word's navigation pane
//! and table of contents work), tables with borders, the two diagrams as PNG pictures
//! (`raster`), 未記入 marks in bold red, and the 初動対応カード on a page of its own.

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Style, StyleType,
    Table, TableCell, TableRow, WidthType,
};

use super::RenderError;
use super::document::{Block, Document, Figure, Inline, Para, Section};
use super::raster::Rasteriser;
use super::text::missing_mark;
use crate::i18n::Lang;
use crate::tr;

/// A4 in twips (1/1440 inch) and the margins of the HTML version (15 mm top/bottom, 12 mm
/// sides).
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
/// Usable width in EMU (English Metric Units, 914,400 per inch): 210 − 2 × 12 mm.
const TEXT_WIDTH_EMU: u32 = 186 * 36_000;
const RED: &str = "C00000";

/// Word's own text is capable of anything Unicode, but not of C0 controls in XML: drop them
/// (they cannot come from the CLI, whose entry limits keep them out, but a record file can
/// hold them).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect()
}

fn runs(lang: Lang, p: &Para) -> Vec<Run> {
    p.iter()
        .map(|i| match i {
            Inline::Text(s) => Run::new().add_text(clean(s)),
            Inline::Strong(s) => Run::new().add_text(clean(s)).bold(),
            Inline::Missing(m) => Run::new()
                .add_text(clean(&missing_mark(lang, m)))
                .bold()
                .color(RED),
        })
        .collect()
}

fn paragraph(lang: Lang, p: &Para) -> Paragraph {
    runs(lang, p)
        .into_iter()
        .fold(Paragraph::new(), |para, r| para.add_run(r))
}

fn prefixed(lang: Lang, prefix: String, p: &Para) -> Paragraph {
    runs(lang, p)
        .into_iter()
        .fold(
            Paragraph::new().add_run(Run::new().add_text(prefix)),
            |para, r| para.add_run(r),
        )
        .indent(
            Some(360),
            Some(docx_rs::SpecialIndentType::Hanging(360)),
            None,
            None,
        )
}

struct Out {
    docx: Docx,
    raster: Option<Result<Rasteriser, String>>,
}

impl Out {
    fn figure(
        &mut self,
        doc: &Document,
        figure: &Figure,
        caption: &str,
    ) -> Result<(), RenderError> {
        let svg = match figure {
            Figure::OrgChart => &doc.org_chart_svg,
            Figure::Network => &doc.network_svg,
        };
        let r = self
            .raster
            .get_or_insert_with(|| Ok(Rasteriser::new()))
            .as_ref()
            .map_err(|e| RenderError::Raster(e.clone()))?;
        let (png, w, h) = r.png(svg).map_err(RenderError::Raster)?;
        // Fit the drawing to the text width, keeping its proportions.
        let width = TEXT_WIDTH_EMU.min(w.saturating_mul(9525));
        let height = (u64::from(width) * u64::from(h) / u64::from(w.max(1))) as u32;
        let pic = Pic::new_with_dimensions(png, w * 2, h * 2).size(width, height);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_image(pic))
                    .align(AlignmentType::Center),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(clean(caption)).size(18))
                    .align(AlignmentType::Center),
            );
        Ok(())
    }

    fn add(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn table(&mut self, lang: Lang, headers: &[String], rows: &[Vec<Para>]) {
        let cell_width = (TEXT_WIDTH_EMU / 635) as usize / headers.len().max(1);
        let header = TableRow::new(
            headers
                .iter()
                .map(|h| {
                    TableCell::new()
                        .add_paragraph(
                            Paragraph::new().add_run(Run::new().add_text(clean(h)).bold()),
                        )
                        .shading(docx_rs::Shading::new().fill("EEEEEE"))
                        .width(cell_width, WidthType::Dxa)
                })
                .collect(),
        );
        let mut all = vec![header];
        for r in rows {
            all.push(TableRow::new(
                r.iter()
                    .map(|c| {
                        TableCell::new()
                            .add_paragraph(paragraph(lang, c))
                            .width(cell_width, WidthType::Dxa)
                    })
                    .collect(),
            ));
        }
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx
            .add_table(Table::new(all).width(TEXT_WIDTH_EMU as usize / 635, WidthType::Dxa))
            .add_paragraph(Paragraph::new());
    }

    fn blocks(&mut self, doc: &Document, blocks: &[Block]) -> Result<(), RenderError> {
        let lang = doc.lang;
        for b in blocks {
            match b {
                Block::Para(p) => self.add(paragraph(lang, p)),
                Block::Note(p) => {
                    let para = runs(lang, p).into_iter().fold(Paragraph::new(), |para, r| {
                        para.add_run(r.size(18).color("444444"))
                    });
                    self.add(para);
                }
                Block::List { ordered, items } => {
                    for (i, item) in items.iter().enumerate() {
                        let prefix = if *ordered {
                            format!("{}. ", i + 1)
                        } else {
                            "・".to_string()
                        };
                        self.add(prefixed(lang, prefix, item));
                    }
                }
                Block::Table { headers, rows } => self.table(lang, headers, rows),
                Block::Figure { figure, caption } => self.figure(doc, figure, caption)?,
            }
        }
        Ok(())
    }

    fn section(&mut self, doc: &Document, s: &Section) -> Result<(), RenderError> {
        let title = if s.number.is_empty() {
            clean(&s.title)
        } else if s.level() == 1 {
            tr!(
                doc.lang,
                "bcp.doc.chapter",
                number = s.number,
                title = clean(&s.title)
            )
        } else {
            format!("{} {}", s.number, clean(&s.title))
        };
        let style = format!("Heading{}", s.level().min(3));
        self.add(
            Paragraph::new()
                .add_run(Run::new().add_text(title))
                .style(&style),
        );
        self.blocks(doc, &s.blocks)?;
        for c in &s.children {
            self.section(doc, c)?;
        }
        Ok(())
    }
}

fn heading(id: &str, name: &str, size: usize, level: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .size(size)
        .bold()
        .outline_lvl(level)
}

pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let lang = doc.lang;
    let fonts = RunFonts::new()
        .ascii("Yu Gothic")
        .hi_ansi("Yu Gothic")
        .east_asia("Yu Gothic");
    let docx = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(PageMargin::new().top(850).bottom(850).left(680).right(680))
        .default_fonts(fonts)
        .default_size(21)
        .add_style(heading("Heading1", "heading 1", 30, 0))
        .add_style(heading("Heading2", "heading 2", 25, 1))
        .add_style(heading("Heading3", "heading 3", 22, 2))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(40)
                .bold(),
        );
    let mut out = Out { docx, raster: None };
    out.add(
        Paragraph::new()
            .add_run(Run::new().add_text(clean(&doc.title)))
            .style("Title"),
    );
    out.add(Paragraph::new().add_run(Run::new().add_text(clean(&doc.facility)).bold().size(28)));
    for p in &doc.cover {
        out.add(paragraph(lang, p));
    }
    for c in &doc.chapters {
        out.section(doc, c)?;
    }
    out.add(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    out.section(doc, &doc.card)?;
    let mut bytes = Vec::new();
    out.docx
        .build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(bytes)
}
