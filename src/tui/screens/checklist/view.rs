//! The checklist's view: the form's rows on the left (or top), the selected row's detail beside.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::state::{Checklist, Focus};
use crate::i18n::Lang;
use crate::model::answer::RowStatus;
use crate::model::checklist::{Item, NotApplicableWhen, Scope};
use crate::model::rules::{Requirement, RowView, na_possible};
use crate::model::wareki::{fiscal_year_end, format_fiscal_year};
use crate::text::{answer_label, date_both, scope_label, section_title};
use crate::tr;
use crate::tui::session::{OpenSheet, Session};
use crate::tui::widgets::table::header;
use crate::tui::widgets::text::{fit, pad, short_date, status_style, status_word};

/// Width at which the detail pane moves beside the list instead of below it.
const SIDE_BY_SIDE: u16 = 110;

pub fn draw(list: &Checklist, s: &Session, frame: &mut Frame, body: Rect) {
    let Some(open) = &s.open else {
        return;
    };
    draw_sheet(list, &SheetView::officer(s.lang, open), frame, body);
}

/// What the list and detail show beyond the sheet itself.
pub struct SheetView<'a> {
    pub lang: Lang,
    pub open: &'a OpenSheet,
    /// The inspector's view: nothing can be answered, and the list's title says so.
    pub read_only: bool,
    /// Lines under the selected row's detail (the inspector's findings on the row, the
    /// evidence engine's suggestion), made by whoever owns the screen.
    pub extra: Vec<Line<'static>>,
}

impl<'a> SheetView<'a> {
    pub fn officer(lang: Lang, open: &'a OpenSheet) -> SheetView<'a> {
        SheetView {
            lang,
            open,
            read_only: false,
            extra: Vec::new(),
        }
    }
}

/// The list and the detail of any sheet: the officer's, or a facility's bundle read-only.
pub fn draw_sheet(list: &Checklist, v: &SheetView, frame: &mut Frame, body: Rect) {
    let (list_area, detail_area) = if body.width >= SIDE_BY_SIDE {
        let [l, d] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(body);
        (l, d)
    } else {
        // Stacked: the pane with the focus gets the larger share.
        let list_share = if list.focus == Some(Focus::Detail) {
            35
        } else {
            55
        };
        let [l, d] =
            Layout::vertical([Constraint::Percentage(list_share), Constraint::Fill(1)]).areas(body);
        (l, d)
    };
    let focus = list.focus.unwrap_or(Focus::List);
    render_list(list, v, frame, list_area, focus == Focus::List);
    render_detail(list, v, frame, detail_area, focus == Focus::Detail);
}

/// One line of the list: a section heading, an item heading, or an answer row.
struct ListLine {
    text: String,
    row: Option<usize>,
    heading: bool,
}

fn list_lines(list: &Checklist, lang: Lang, open: &OpenSheet) -> Vec<ListLine> {
    let mut out = Vec::new();
    let mut last_section: Option<Option<u32>> = None;
    let mut last_item: Option<&str> = None;
    for ix in list.rows_shown(lang, open) {
        let r = &open.assessment.rows[ix];
        if last_section != Some(r.section) {
            // The gate has no section; `section_title` names it as section 0.
            let title = section_title(&open.edition, r.section.unwrap_or(0), lang);
            out.push(ListLine {
                text: title,
                row: None,
                heading: true,
            });
            last_section = Some(r.section);
            last_item = None;
        }
        let Some(item) = open.item(&r.item) else {
            continue;
        };
        let mut number = if open.edition.is_gate(&item.id) {
            String::new()
        } else {
            format!("{} ", item.id)
        };
        // A topic label is not a sentence to answer: say so in the list, not only in the detail.
        if !item.text_known() {
            number.push_str(tr!(lang, "editions.wording.unknown_short"));
            if lang == Lang::En {
                number.push(' ');
            }
        }
        if item.scopes.len() == 1 && item.scopes[0] == Scope::General {
            out.push(ListLine {
                text: format!("{number}{}", item.text),
                row: Some(ix),
                heading: false,
            });
        } else {
            if last_item != Some(item.id.as_str()) {
                out.push(ListLine {
                    text: format!("{number}{}", item.text),
                    row: None,
                    heading: false,
                });
            }
            out.push(ListLine {
                text: format!("    {}", scope_label(lang, r.scope)),
                row: Some(ix),
                heading: false,
            });
        }
        last_item = Some(item.id.as_str());
    }
    out
}

fn row_cells(lang: Lang, r: &RowView) -> (String, Style, String, String) {
    let (word, style) = match (r.status, r.requirement) {
        (RowStatus::Unanswered, Requirement::NotApplicable) => (
            tr!(lang, "tui.status.not_applicable"),
            Style::new().fg(Color::DarkGray),
        ),
        (RowStatus::Unanswered, Requirement::GatedOff) => (
            tr!(lang, "tui.status.gated_off"),
            Style::new().fg(Color::DarkGray),
        ),
        (RowStatus::Unanswered, Requirement::Reference) => (
            tr!(lang, "tui.status.reference"),
            Style::new().fg(Color::DarkGray),
        ),
        (RowStatus::Unanswered, Requirement::TextUnknown) => (
            tr!(lang, "editions.status.text_unknown"),
            Style::new().fg(Color::DarkGray),
        ),
        (s, _) => (status_word(lang, s), status_style(s)),
    };
    let date = r
        .state
        .current()
        .map(|c| short_date(lang, c.date))
        .unwrap_or_default();
    let target = r
        .state
        .target
        .filter(|_| r.status == RowStatus::No)
        .map(|d| short_date(lang, d))
        .unwrap_or_default();
    (word.to_string(), style, date, target)
}

fn render_list(list: &Checklist, v: &SheetView, frame: &mut Frame, area: Rect, focused: bool) {
    let (lang, open) = (v.lang, v.open);
    let mut title = format!(" {} ", open.edition.title);
    if v.read_only {
        title.push_str(&format!("[{}] ", tr!(lang, "tui.inspector.read_only")));
    }
    if list.unanswered_only {
        title.push_str(&format!("[{}] ", tr!(lang, "tui.filter_badge")));
    }
    if !list.search.is_empty() {
        title.push_str(&format!("[/{}] ", list.search));
    }
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .title(fit(&title, area.width.saturating_sub(2) as usize));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let lines = list_lines(list, lang, open);
    let height = inner.height.saturating_sub(1) as usize;
    let width = inner.width as usize;
    // Columns: label | status | 確認日 | 目標日 — fixed widths so wide characters never shift them.
    let (status_w, date_w) = (10, 10);
    let label_w = width.saturating_sub(status_w + 2 * date_w + 3);
    let mut out: Vec<Line> = vec![header(format!(
        "{} {} {} {}",
        pad("", label_w),
        pad(tr!(lang, "tui.col.status"), status_w),
        pad(tr!(lang, "tui.col.checked"), date_w),
        pad(tr!(lang, "tui.col.target"), date_w)
    ))];
    if lines.is_empty() {
        out.push(Line::raw(tr!(lang, "tui.list_empty")));
        frame.render_widget(Paragraph::new(out), inner);
        return;
    }
    let cursor_line = lines
        .iter()
        .position(|l| l.row == Some(list.cursor))
        .unwrap_or(0);
    // Keep the cursor in view, moving the window only when it would leave it; show the item
    // heading above a scope row when there is room.
    let mut offset = list.list_offset.get().min(lines.len().saturating_sub(1));
    if cursor_line < offset + 1 {
        offset = cursor_line.saturating_sub(2);
    } else if cursor_line >= offset + height {
        offset = cursor_line + 1 - height;
    }
    list.list_offset.set(offset);
    for (i, l) in lines.iter().enumerate().skip(offset).take(height) {
        let selected = i == cursor_line;
        match l.row {
            None => {
                let style = if l.heading {
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                out.push(Line::from(Span::styled(fit(&l.text, width), style)));
            }
            Some(ix) => {
                let r = &open.assessment.rows[ix];
                let (word, style, date, target) = row_cells(lang, r);
                let base = if selected {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                out.push(Line::from(vec![
                    Span::styled(pad(&l.text, label_w), base),
                    Span::styled(" ", base),
                    Span::styled(pad(&word, status_w), style.patch(base)),
                    Span::styled(" ", base),
                    Span::styled(pad(&date, date_w), base),
                    Span::styled(" ", base),
                    Span::styled(pad(&target, date_w), base.fg(Color::Red)),
                ]));
            }
        }
    }
    frame.render_widget(Paragraph::new(out), inner);
}

fn render_detail(list: &Checklist, v: &SheetView, frame: &mut Frame, area: Rect, focused: bool) {
    let (lang, open) = (v.lang, v.open);
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .title(format!(" {} ", tr!(lang, "tui.detail.title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(r) = list.row_in(open) else {
        return;
    };
    let Some(item) = open.item(&r.item) else {
        return;
    };
    let lines = detail_lines(lang, open, item, r, &v.extra);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((list.detail_scroll, 0)),
        inner,
    );
}

fn label(s: &str) -> Span<'static> {
    Span::styled(format!("{s}: "), Style::new().add_modifier(Modifier::BOLD))
}

fn detail_lines(
    lang: Lang,
    open: &OpenSheet,
    item: &Item,
    r: &RowView,
    extra: &[Line<'static>],
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let heading = if open.edition.is_gate(&item.id) {
        tr!(lang, "status.gate_section").to_string()
    } else {
        format!("{} {}", item.id, item.number)
    };
    let mut head = vec![Span::styled(
        format!("{heading}  {}", scope_label(lang, r.scope)),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    )];
    if let Some(mark) = crate::text::editions::wording_mark(lang, item.wording) {
        head.push(Span::styled(
            format!("  {mark}"),
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::from(head));
    lines.push(Line::raw(item.text.clone()));
    lines.push(Line::raw(""));

    let (word, style, _, _) = row_cells(lang, r);
    lines.push(Line::from(vec![
        label(tr!(lang, "tui.col.status")),
        Span::styled(word, style.add_modifier(Modifier::BOLD)),
    ]));
    // Right under the status: what is said about this facility's row (the inspector's
    // findings, the evidence engine's suggestion) is what the reader came for, and the detail
    // pane of an 80×24 terminal has room for a few lines only.
    lines.extend(extra.iter().cloned());
    let cell = |c: Option<crate::model::answer::Cell>| match c {
        Some(c) => format!("{} {}", answer_label(lang, c.answer), date_both(c.date)),
        None => "—".to_string(),
    };
    lines.push(Line::from(vec![
        label(tr!(lang, "tui.detail.first")),
        Span::raw(cell(r.state.first)),
    ]));
    if let Some(t) = r.state.target {
        lines.push(Line::from(vec![
            label(tr!(lang, "tui.col.target")),
            Span::raw(date_both(t)),
        ]));
    }
    if r.state.second.is_some() {
        lines.push(Line::from(vec![
            label(tr!(lang, "tui.detail.second")),
            Span::raw(cell(r.state.second)),
        ]));
    }
    if let Some(a) = r.state.carried.filter(|_| r.state.current().is_none()) {
        lines.push(Line::from(Span::styled(
            tr!(lang, "tui.detail.carried", answer = answer_label(lang, a)),
            Style::new().fg(Color::Yellow),
        )));
    }
    lines.push(Line::from(vec![
        label(tr!(lang, "tui.detail.deadline")),
        Span::raw(format!(
            "{}（{}）",
            format_fiscal_year(r.deadline_fiscal_year),
            fiscal_year_end(r.deadline_fiscal_year)
        )),
    ]));
    let requirement = match r.requirement {
        Requirement::Required => None,
        Requirement::Reference => Some(tr!(lang, "tui.detail.reference")),
        Requirement::NotApplicable => Some(tr!(lang, "tui.detail.not_applicable")),
        Requirement::GatedOff => Some(tr!(lang, "tui.detail.gated_off")),
        Requirement::TextUnknown => Some(tr!(lang, "editions.requirement.text_unknown")),
    };
    if let Some(text) = requirement {
        lines.push(Line::from(Span::styled(
            text.to_string(),
            Style::new().fg(Color::DarkGray),
        )));
    }
    if na_possible(item) {
        let why = match item.not_applicable_when {
            Some(NotApplicableWhen::NoVendorContract) => tr!(lang, "tui.detail.na_no_contract"),
            None => tr!(lang, "tui.detail.na_allowed"),
        };
        lines.push(Line::raw(why.to_string()));
    }
    lines.push(Line::raw(""));
    let history: Vec<_> = open
        .record
        .checks
        .iter()
        .filter(|c| c.item == r.item && c.scope == r.scope)
        .collect();
    lines.push(Line::from(label(&tr!(
        lang,
        "tui.detail.history",
        count = history.len()
    ))));
    for c in history {
        let date = c
            .checked_on
            .map(|d| short_date(lang, d))
            .unwrap_or_else(|| tr!(lang, "answers.carried").to_string());
        let mut text = format!(
            " {} {} {}",
            date,
            answer_label(lang, c.answer),
            c.checked_by
        );
        if !c.note.is_empty() {
            text.push_str(&format!(" 「{}」", c.note));
        }
        for e in &c.evidence {
            text.push_str(&format!(
                " [{} {}B {}]",
                e.name,
                e.size,
                &e.sha256[..12.min(e.sha256.len())]
            ));
        }
        lines.push(Line::raw(text));
    }
    let targets: Vec<_> = open
        .record
        .targets
        .iter()
        .filter(|t| t.item == r.item && t.scope == r.scope)
        .collect();
    for t in targets {
        lines.push(Line::raw(tr!(
            lang,
            "tui.detail.target_record",
            target = short_date(lang, t.target_on),
            by = t.set_by
        )));
    }
    lines.push(Line::raw(""));
    if let Some(ex) = &item.explanation {
        lines.push(Line::raw(""));
        lines.push(Line::from(label(tr!(lang, "tui.detail.explanation"))));
        lines.push(Line::raw(ex.trim().to_string()));
        if let Some(src) = &item.explanation_source {
            lines.push(Line::from(vec![
                label(tr!(lang, "editions.explanation_source")),
                Span::raw(src.trim().to_string()),
            ]));
        }
    }
    if !item.guideline_refs.is_empty() {
        lines.push(Line::from(vec![
            label(tr!(lang, "tui.detail.refs")),
            Span::raw(item.guideline_refs.join(" / ")),
        ]));
    }
    if let Some(note) = &item.wording_note
        && item.wording.needs_note()
    {
        lines.push(Line::from(vec![
            label(tr!(lang, "tui.detail.wording_note")),
            Span::styled(note.trim().to_string(), Style::new().fg(Color::Yellow)),
        ]));
    }
    lines
}
