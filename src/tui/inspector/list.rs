//! The inspector's list: one line per bundle judged (facility, 医療機関コード, the inspector's
//! verdict, findings, bundle date, key status), then one line per file refused with its reason,
//! sortable (`s` cycles the order) and filterable (`/` text, `n` not ready only). Refused files
//! are never filtered out by `n`: a bad file must not disappear from view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::i18n::Lang;
use crate::inspect::desk::{Desk, Entry};
use crate::inspect::load::Refused;
use crate::inspect::view::{history_text, key_label, reason_label, verdict_label};
use crate::model::keyring::KeyStatus;
use crate::text::finding_message;
use crate::text::safe::safe;
use crate::tr;
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::table::{first_shown, header, row_style};
use crate::tui::widgets::text::{fit, normalize_query, pad};

/// The order of the bundles (refused files always follow them, in the order found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Not ready first, most findings first: who needs a visit soonest.
    Verdict,
    Name,
    Code,
    Findings,
    /// Newest bundle first.
    Date,
}

impl SortBy {
    fn next(self) -> SortBy {
        match self {
            SortBy::Verdict => SortBy::Name,
            SortBy::Name => SortBy::Code,
            SortBy::Code => SortBy::Findings,
            SortBy::Findings => SortBy::Date,
            SortBy::Date => SortBy::Verdict,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SortBy::Verdict => tr!(lang, "tui.inspector.col.verdict"),
            SortBy::Name => tr!(lang, "tui.inspector.col.name"),
            SortBy::Code => tr!(lang, "tui.inspector.col.code"),
            SortBy::Findings => tr!(lang, "tui.inspector.col.findings"),
            SortBy::Date => tr!(lang, "tui.inspector.col.date"),
        }
    }
}

/// One line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Bundle(usize),
    Refused(usize),
}

#[derive(Debug)]
pub struct List {
    /// Index into [`shown`](List::shown).
    pub cursor: usize,
    pub sort: SortBy,
    /// Filter text (`/`); empty shows everything.
    pub filter: String,
    pub not_ready_only: bool,
    /// The filter being typed.
    pub typing: Option<LineInput>,
}

impl Default for List {
    fn default() -> List {
        List {
            cursor: 0,
            sort: SortBy::Verdict,
            filter: String::new(),
            not_ready_only: false,
            typing: None,
        }
    }
}

/// `2026-04-01` of an RFC 3339 time (the bundle's creation), or the text as it is.
pub fn bundle_date(created_at: &str) -> &str {
    created_at.get(..10).unwrap_or(created_at)
}

fn entry_matches(lang: Lang, e: &Entry, q: &str) -> bool {
    let f = &e.summary.facility;
    [
        f.name.as_str(),
        f.institution_code.as_deref().unwrap_or(""),
        e.summary.path.as_str(),
        verdict_label(lang, e.summary.ready),
        key_label(lang, &e.summary.key),
    ]
    .iter()
    .any(|t| normalize_query(t).contains(q))
}

fn refused_matches(lang: Lang, r: &Refused, q: &str) -> bool {
    [
        r.path.as_str(),
        r.message.as_str(),
        r.facility.as_deref().unwrap_or(""),
        reason_label(lang, r.reason),
    ]
    .iter()
    .any(|t| normalize_query(t).contains(q))
}

impl List {
    /// The lines shown, in order, after the sort and the filters.
    pub fn shown(&self, lang: Lang, desk: &Desk) -> Vec<Pick> {
        let q = normalize_query(&self.filter);
        let mut bundles: Vec<usize> = desk
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !self.not_ready_only || !e.summary.ready)
            .filter(|(_, e)| q.is_empty() || entry_matches(lang, e, &q))
            .map(|(i, _)| i)
            .collect();
        let e = |i: usize| &desk.entries[i].summary;
        let code = |i: usize| e(i).facility.institution_code.clone().unwrap_or_default();
        bundles.sort_by(|&a, &b| {
            let by = match self.sort {
                SortBy::Verdict => e(a)
                    .ready
                    .cmp(&e(b).ready)
                    .then(e(b).finding_count().cmp(&e(a).finding_count())),
                SortBy::Name => e(a).facility.name.cmp(&e(b).facility.name),
                SortBy::Code => code(a).cmp(&code(b)),
                SortBy::Findings => e(b).finding_count().cmp(&e(a).finding_count()),
                SortBy::Date => e(b).created_at.cmp(&e(a).created_at),
            };
            // Ties in a fixed order, so the list never reshuffles between frames.
            by.then_with(|| e(a).facility.name.cmp(&e(b).facility.name))
                .then_with(|| e(a).path.cmp(&e(b).path))
        });
        let refused = desk
            .refused
            .iter()
            .enumerate()
            .filter(|(_, r)| q.is_empty() || refused_matches(lang, r, &q))
            .map(|(i, _)| Pick::Refused(i));
        bundles
            .into_iter()
            .map(Pick::Bundle)
            .chain(refused)
            .collect()
    }

    pub fn selected(&self, lang: Lang, desk: &Desk) -> Option<Pick> {
        self.shown(lang, desk).get(self.cursor).copied()
    }

    pub fn move_by(&mut self, lang: Lang, desk: &Desk, delta: isize) {
        let n = self.shown(lang, desk).len();
        self.cursor = self
            .cursor
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }

    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.cursor = 0;
    }

    pub fn toggle_not_ready(&mut self) {
        self.not_ready_only = !self.not_ready_only;
        self.cursor = 0;
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.cursor = 0;
    }
}

/// Fixed column widths, so wide characters never shift a column.
const CODE_W: usize = 14;
const VERDICT_W: usize = 9;
const FINDINGS_W: usize = 4;
const DATE_W: usize = 10;
const KEY_W: usize = 12;
/// Lines of the box under the list that tells about the selected line.
const ABOUT_H: u16 = 6;

fn key_style(key: &KeyStatus) -> Style {
    match key {
        KeyStatus::Trusted => Style::new(),
        KeyStatus::Unknown { .. } | KeyStatus::NoInstitutionCode => Style::new().fg(Color::Yellow),
        KeyStatus::OtherKey { .. } | KeyStatus::Revoked { .. } => Style::new().fg(Color::Red),
    }
}

pub fn draw(list: &List, lang: Lang, desk: &Desk, frame: &mut Frame, body: Rect) {
    let [table, about] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(ABOUT_H)]).areas(body);
    let shown = list.shown(lang, desk);
    let mut title = format!(
        " {} ",
        tr!(
            lang,
            "tui.inspector.list_title",
            bundles = desk.entries.len(),
            refused = desk.refused.len()
        )
    );
    title.push_str(&format!(
        "[{}] ",
        tr!(lang, "tui.inspector.sorted_by", by = list.sort.label(lang))
    ));
    if list.not_ready_only {
        title.push_str(&format!(
            "[{}] ",
            tr!(lang, "tui.inspector.not_ready_badge")
        ));
    }
    if !list.filter.is_empty() {
        title.push_str(&format!("[/{}] ", list.filter));
    }
    let block = Block::bordered().title(fit(&title, table.width.saturating_sub(2) as usize));
    let inner = block.inner(table);
    frame.render_widget(block, table);
    let width = inner.width as usize;
    let name_w = width.saturating_sub(CODE_W + VERDICT_W + FINDINGS_W + DATE_W + KEY_W + 5);
    let mut lines = vec![header(format!(
        "{} {} {} {} {} {}",
        pad(tr!(lang, "tui.inspector.col.name"), name_w),
        pad(tr!(lang, "tui.inspector.col.code"), CODE_W),
        pad(tr!(lang, "tui.inspector.col.verdict"), VERDICT_W),
        pad(tr!(lang, "tui.inspector.col.findings_short"), FINDINGS_W),
        pad(tr!(lang, "tui.inspector.col.date"), DATE_W),
        pad(tr!(lang, "tui.inspector.col.key"), KEY_W),
    ))];
    if shown.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.inspector.empty")));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let first = first_shown(list.cursor, height);
    for (i, pick) in shown.iter().enumerate().skip(first).take(height) {
        let base = row_style(i == list.cursor);
        let cells: Vec<(String, usize, Style)> = match *pick {
            Pick::Bundle(ix) => {
                let e = &desk.entries[ix];
                let s = &e.summary;
                let mut name = safe(&s.facility.name).to_string();
                if e.superseded {
                    name = format!("{} {name}", tr!(lang, "tui.inspector.older_mark"));
                }
                let alarm = s.history.as_ref().is_some_and(|h| !h.unchanged());
                if alarm {
                    name = format!("‼ {name}");
                }
                let verdict_style = if s.ready {
                    Style::new().fg(Color::Green)
                } else {
                    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
                };
                vec![
                    (
                        name,
                        name_w,
                        if alarm {
                            Style::new().fg(Color::Red)
                        } else {
                            Style::new()
                        },
                    ),
                    (
                        s.facility.institution_code.clone().unwrap_or_default(),
                        CODE_W,
                        Style::new(),
                    ),
                    (
                        verdict_label(lang, s.ready).to_string(),
                        VERDICT_W,
                        verdict_style,
                    ),
                    (
                        format!("{:>w$}", s.finding_count(), w = FINDINGS_W),
                        FINDINGS_W,
                        Style::new(),
                    ),
                    (bundle_date(&s.created_at).to_string(), DATE_W, Style::new()),
                    (
                        key_label(lang, &s.key).to_string(),
                        KEY_W,
                        key_style(&s.key),
                    ),
                ]
            }
            Pick::Refused(ix) => {
                let r = &desk.refused[ix];
                let name = match &r.facility {
                    Some(f) => safe(f).to_string(),
                    None => file_name(&r.path),
                };
                vec![
                    (name, name_w, Style::new().fg(Color::DarkGray)),
                    (String::new(), CODE_W, Style::new()),
                    (
                        tr!(lang, "tui.inspector.refused").to_string(),
                        VERDICT_W,
                        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                    ),
                    (String::new(), FINDINGS_W, Style::new()),
                    (String::new(), DATE_W, Style::new()),
                    (
                        reason_label(lang, r.reason).to_string(),
                        KEY_W,
                        Style::new().fg(Color::Red),
                    ),
                ]
            }
        };
        let mut spans = Vec::new();
        for (n, (text, w, style)) in cells.into_iter().enumerate() {
            if n > 0 {
                spans.push(Span::styled(" ", base));
            }
            spans.push(Span::styled(pad(&text, w), style.patch(base)));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    draw_about(lang, desk, shown.get(list.cursor).copied(), frame, about);
}

/// The last part of a path, for a refused file with no facility to name it by.
fn file_name(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().to_string());
    safe(&name).to_string()
}

/// The box under the list: where the selected bundle came from, its key, its history check,
/// its first findings; for a refused file, the whole reason.
fn draw_about(lang: Lang, desk: &Desk, pick: Option<Pick>, frame: &mut Frame, area: Rect) {
    let block = Block::bordered();
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line> = Vec::new();
    match pick {
        Some(Pick::Bundle(ix)) => {
            let s = &desk.entries[ix].summary;
            lines.push(Line::raw(safe(&s.path).to_string()));
            lines.push(Line::raw(tr!(
                lang,
                "tui.inspector.about_key",
                key = key_label(lang, &s.key),
                fingerprint = s.key_fingerprint,
                sheet = s.sheet
            )));
            if let Some(h) = &s.history {
                let (text, alarm) = history_text(lang, h);
                let style = if alarm {
                    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            if desk.entries[ix].superseded {
                lines.push(Line::raw(tr!(lang, "tui.inspector.about_older")));
            }
            for f in &s.findings {
                lines.push(Line::raw(format!("・{}", finding_message(lang, f))));
            }
            if s.vendor_findings > 0 {
                lines.push(Line::raw(tr!(
                    lang,
                    "tui.inspector.vendor_findings",
                    count = s.vendor_findings
                )));
            }
        }
        Some(Pick::Refused(ix)) => {
            let r = &desk.refused[ix];
            lines.push(Line::from(Span::styled(
                reason_label(lang, r.reason).to_string(),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            )));
            lines.push(Line::raw(r.message.clone()));
        }
        None => {}
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
