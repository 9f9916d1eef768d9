//! The 連絡体制図 (item 3(1)) as an inline SVG: one band per escalation step, top to bottom, each
//! contact a box (組織内 and 外部関係機関 in different colours), arrows from one step to the
//! next, and a dashed 未登録 box for every body the item names (事業者, 厚生労働省, 警察) that has
//! no contact yet, so the gap shows on paper.
//!
//! Text is wrapped by its display width (unicode-width: a kanji counts two cells) so Japanese
//! never runs out of its box; a box grows downwards instead.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use super::data::{ContactOut, RoleOut};
use crate::i18n::Lang;
use crate::tr;

/// Drawing width in CSS pixels: the printable width of A4 portrait with 12 mm margins.
const WIDTH: f64 = 700.0;
const GUTTER: f64 = 56.0;
/// Room kept free at the right edge: a box's border is drawn centred on its edge, so a box
/// ending exactly at the drawing's edge would lose half its right border to the clip.
const EDGE: f64 = 3.0;
const GAP: f64 = 12.0;
const STEP_GAP: f64 = 34.0;
const PAD: f64 = 7.0;
const FONT: f64 = 12.0;
const LINE: f64 = 16.0;
/// Width of one terminal cell at `FONT`: a full-width character (two cells) is one em. Half an
/// em plus a margin covers proportional Latin fonts, which are narrower than that on average.
const CELL: f64 = FONT * 0.56;
const MAX_PER_ROW: usize = 4;
/// Cells kept free at the end of a line for hanging punctuation (one full-width character).
const HANG: usize = 2;

struct BoxSpec {
    lines: Vec<(String, bool)>,
    internal: bool,
    placeholder: bool,
}

/// Split `text` into lines no wider than `max_cells` terminal cells.
pub fn wrap(text: &str, max_cells: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for ch in text.chars() {
        let cw = ch.width().unwrap_or(0);
        // 禁則: closing brackets and punctuation never start a line; they hang instead, which
        // the callers leave room for (see `HANG`).
        let hangs = matches!(
            ch,
            '）' | ')' | '」' | '』' | '、' | '。' | '，' | '．' | '・' | 'ー'
        );
        if w + cw > max_cells && !line.is_empty() && !hangs {
            out.push(std::mem::take(&mut line));
            w = 0;
        }
        line.push(ch);
        w += cw;
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn contact_box(lang: Lang, c: &ContactOut, cells: usize) -> BoxSpec {
    let mut lines = Vec::new();
    let mut push = |s: &str, bold: bool| {
        for l in wrap(s, cells) {
            lines.push((l, bold));
        }
    };
    push(&c.role_label, true);
    push(&c.name, false);
    match (&c.org, &c.system) {
        (Some(o), Some(s)) => push(&format!("{o}（{s}）"), false),
        (Some(o), None) => push(o, false),
        (None, Some(s)) => push(&format!("（{s}）"), false),
        (None, None) => {}
    }
    if let Some(p) = &c.phone {
        push(&tr!(lang, "report.chart.phone", phone = p), false);
    }
    if let Some(e) = &c.email {
        push(e, false);
    }
    BoxSpec {
        lines,
        internal: c.internal,
        placeholder: false,
    }
}

fn placeholder_box(lang: Lang, r: &RoleOut, cells: usize) -> BoxSpec {
    let mut lines: Vec<(String, bool)> = wrap(&r.label, cells)
        .into_iter()
        .map(|l| (l, true))
        .collect();
    for l in wrap(tr!(lang, "report.chart.unregistered"), cells) {
        lines.push((l, false));
    }
    BoxSpec {
        lines,
        internal: false,
        placeholder: true,
    }
}

/// A box to draw: a contact, or the placeholder of a body item 3(1) names.
enum Entry<'a> {
    Contact(&'a ContactOut),
    Missing(&'a RoleOut),
}

impl Entry<'_> {
    /// Placeholders join the step their role takes by default.
    fn order(&self) -> u32 {
        match self {
            Entry::Contact(c) => c.order,
            Entry::Missing(r) => r.role.default_order(),
        }
    }

    /// Step, then internal before external, then role, then id: a stable drawing.
    fn sort_key(&self) -> (u32, bool, crate::model::contacts::Role, i64) {
        match self {
            Entry::Contact(c) => (c.order, !c.internal, c.role, c.id),
            Entry::Missing(r) => (self.order(), true, r.role, i64::MAX),
        }
    }
}

/// Draw the chart. `contacts` in any order; steps come from their `order`.
pub fn contact_chart_svg(lang: Lang, contacts: &[ContactOut], missing: &[RoleOut]) -> String {
    // (step, boxes) in step order; placeholders join the step their role defaults to.
    let mut steps: Vec<(u32, Vec<BoxSpec>)> = Vec::new();
    let mut entries: Vec<Entry> = contacts
        .iter()
        .map(Entry::Contact)
        .chain(missing.iter().map(Entry::Missing))
        .collect();
    entries.sort_by_key(Entry::sort_key);
    let per_row = |n: usize| n.clamp(1, MAX_PER_ROW);
    // Box width depends on how many share a row; count per step first.
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for e in &entries {
        let o = &e.order();
        match counts.last_mut() {
            Some((so, n)) if so == o => *n += 1,
            _ => counts.push((*o, 1)),
        }
    }
    let area = WIDTH - GUTTER - EDGE;
    let box_w = |n: usize| {
        let k = per_row(n) as f64;
        ((area - GAP * (k - 1.0)) / k).min(220.0)
    };
    let cells_for = |w: f64| {
        (((w - 2.0 * PAD) / CELL).floor() as usize)
            .saturating_sub(HANG)
            .max(4)
    };
    for e in &entries {
        let o = &e.order();
        let n = counts.iter().find(|(so, _)| so == o).map_or(1, |(_, n)| *n);
        let cells = cells_for(box_w(n));
        let spec = match e {
            Entry::Contact(c) => contact_box(lang, c, cells),
            Entry::Missing(r) => placeholder_box(lang, r, cells),
        };
        match steps.last_mut() {
            Some((so, v)) if so == o => v.push(spec),
            _ => steps.push((*o, vec![spec])),
        }
    }

    let mut body = String::new();
    let mut y = 8.0;
    let mut prev_bottom: Option<f64> = None;
    for (step, boxes) in &steps {
        let w = box_w(boxes.len());
        let step_top = y;
        for (row_i, row) in boxes.chunks(MAX_PER_ROW).enumerate() {
            if row_i > 0 {
                y += GAP;
            }
            let h = row
                .iter()
                .map(|b| b.lines.len() as f64 * LINE + 2.0 * PAD)
                .fold(0.0, f64::max);
            let row_w = row.len() as f64 * w + (row.len() as f64 - 1.0) * GAP;
            let x0 = GUTTER + (area - row_w) / 2.0;
            if row_i == 0
                && let Some(pb) = prev_bottom
            {
                let cx = GUTTER + area / 2.0;
                let _ = write!(
                    body,
                    r#"<line x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" class="arrow" marker-end="url(#kensa-arrow)"/>"#,
                    pb + 2.0,
                    y - 4.0
                );
            }
            for (i, b) in row.iter().enumerate() {
                let x = x0 + i as f64 * (w + GAP);
                let class = match (b.placeholder, b.internal) {
                    (true, _) => "box missing",
                    (false, true) => "box internal",
                    (false, false) => "box external",
                };
                let _ = write!(
                    body,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="6" class="{class}"/>"#
                );
                for (li, (text, bold)) in b.lines.iter().enumerate() {
                    let ty = y + PAD + (li as f64 + 1.0) * LINE - 4.0;
                    let weight = if *bold { r#" font-weight="bold""# } else { "" };
                    let _ = write!(
                        body,
                        r#"<text x="{:.1}" y="{ty:.1}"{weight}>{}</text>"#,
                        x + PAD,
                        esc(text)
                    );
                }
            }
            y += h;
        }
        // The step number, centred on the band.
        let cy = (step_top + y) / 2.0;
        let _ = write!(
            body,
            r#"<circle cx="22" cy="{cy:.1}" r="14" class="step"/><text x="22" y="{:.1}" text-anchor="middle" font-weight="bold">{step}</text>"#,
            cy + 4.5
        );
        prev_bottom = Some(y);
        y += STEP_GAP;
    }
    // Legend.
    let ly = y;
    let legend = [
        ("box internal", tr!(lang, "report.chart.internal")),
        ("box external", tr!(lang, "report.chart.external")),
        ("box missing", tr!(lang, "report.chart.unregistered")),
    ];
    let mut lx = GUTTER;
    for (class, label) in legend {
        let _ = write!(
            body,
            r#"<rect x="{lx:.1}" y="{ly:.1}" width="18" height="12" class="{class}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 24.0,
            ly + 11.0,
            esc(label)
        );
        let cells: usize = label.chars().map(|c| c.width().unwrap_or(0)).sum();
        lx += 24.0 + cells as f64 * CELL + 24.0;
    }
    let _ = write!(
        body,
        r#"<text x="{GUTTER:.1}" y="{:.1}">{}</text>"#,
        ly + 32.0,
        esc(tr!(lang, "report.chart.order_note"))
    );
    let height = ly + 44.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="contact-chart" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" role="img" font-size="{FONT}" font-family="'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif"><title>{title}</title><defs><marker id="kensa-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs><style>.box{{stroke:#333;stroke-width:1}}.internal{{fill:#e8f0fb}}.external{{fill:#fdf0e0}}.missing{{fill:#fff;stroke-dasharray:4 3;stroke:#b00}}.arrow{{stroke:#333;stroke-width:2}}.step{{fill:#fff;stroke:#333;stroke-width:1.5}}text{{fill:#111}}</style>{body}</svg>"##,
        title = esc(tr!(lang, "report.label.contact_chart")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contacts::Role;

    fn contact(id: i64, role: Role, name: &str, order: u32) -> ContactOut {
        ContactOut {
            id,
            role,
            role_label: crate::report::labels::role_label(Lang::Ja, role).into(),
            internal: role.is_internal(),
            name: name.into(),
            org: Some("株式会社とても長い名前の医療情報システム保守サービス".into()),
            system: Some("電子カルテ".into()),
            phone: Some("03-1234-5678".into()),
            email: None,
            order,
        }
    }

    #[test]
    fn wrap_respects_display_width() {
        let lines = wrap("医療情報システム安全管理責任者", 10);
        assert!(
            lines
                .iter()
                .all(|l| { l.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>() <= 10 })
        );
        assert_eq!(lines.concat(), "医療情報システム安全管理責任者");
        assert_eq!(wrap("", 10), vec![String::new()]);
    }

    #[test]
    fn chart_has_boxes_arrows_and_placeholders() {
        let cs = vec![
            contact(1, Role::Manager, "院長 山田太郎", 2),
            contact(2, Role::SystemAdmin, "情報システム課 佐藤", 1),
            contact(3, Role::Vendor, "保守窓口", 3),
        ];
        let missing = vec![RoleOut {
            role: Role::Police,
            label: "警察".into(),
        }];
        let svg = contact_chart_svg(Lang::Ja, &cs, &missing);
        assert_eq!(svg.matches("class=\"box internal\"").count(), 2 + 1);
        assert_eq!(svg.matches("class=\"arrow\"").count(), 3);
        assert!(svg.contains("未登録"));
        assert!(svg.contains("03-1234-5678"));
        // Every text line fits inside its box: wrapped lines are at most the box's cells.
        let boxes = svg.split("width=\"18\"").next().unwrap();
        for line in boxes.split("<text ").skip(1) {
            let text = line
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap();
            let cells: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert!(cells as f64 * CELL <= 220.0, "{text}");
        }
    }

    /// Every box, its border included, lies inside the drawing, however many share a step.
    #[test]
    fn boxes_stay_inside_the_drawing() {
        for n in 1..=9 {
            let cs: Vec<ContactOut> = (0..n)
                .map(|i| contact(i, Role::Vendor, "保守窓口", 5))
                .collect();
            let svg = contact_chart_svg(Lang::Ja, &cs, &[]);
            let attr = |tag: &str, name: &str| -> f64 {
                let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                tag[at..].split('"').next().unwrap().parse().unwrap()
            };
            let mut boxes = 0;
            for rest in svg.split("<rect ").skip(1) {
                let tag = format!(" {}", rest.split('>').next().unwrap());
                let tag = tag.as_str();
                let right = attr(tag, "x") + attr(tag, "width");
                // Half of the 1px stroke lies outside the rectangle.
                assert!(right + 0.5 <= WIDTH, "{n} boxes: right edge {right}");
                assert!(attr(tag, "x") - 0.5 >= 0.0);
                boxes += 1;
            }
            assert_eq!(boxes, n as usize + 3, "boxes and the legend's three");
        }
    }

    #[test]
    fn escapes_markup_in_names() {
        let cs = vec![contact(1, Role::Other, "<script>&", 1)];
        let svg = contact_chart_svg(Lang::En, &cs, &[]);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;"));
    }
}
