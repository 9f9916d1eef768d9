//! The dashboard: progress, the verdict with its findings, overdue 目標日, recent changes.
//! Owns the selected finding; Enter leads to the finding's row on the checklist.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};

use super::Screen;
use crate::i18n::Lang;
use crate::model::checklist::Scope;
use crate::model::rules::{Progress, Rule, Severity};
use crate::text::{Surface, answer_label, finding_message_in, scope_label, section_title};
use crate::tr;
use crate::tui::session::{Event, OpenSheet, RowKey, ScreenId, Session};
use crate::tui::widgets::table::{first_shown, row_style};
use crate::tui::widgets::text::{fit, item_name, pad, short_date};

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    /// Selected line of the findings list.
    pub selected: usize,
}

/// Lines of the findings list that lead somewhere: (item, scope) per finding.
pub fn targets(open: &OpenSheet) -> Vec<Option<RowKey>> {
    open.assessment
        .findings
        .iter()
        .map(|f| match (&f.item, f.scope) {
            (Some(item), Some(scope)) => Some(RowKey {
                item: item.clone(),
                scope,
            }),
            (Some(item), None) => open.item(item).map(|i| RowKey {
                item: item.clone(),
                scope: i.scopes.first().copied().unwrap_or(Scope::General),
            }),
            _ => None,
        })
        .collect()
}

impl Screen for Dashboard {
    fn id(&self) -> ScreenId {
        ScreenId::Dashboard
    }

    fn hotkey(&self) -> Option<char> {
        Some('1')
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        let targets = s.open.as_ref().map(targets).unwrap_or_default();
        let n = targets.len();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::Enter => {
                s.show(ScreenId::Checklist);
                if let Some(row) = targets.get(self.selected).cloned().flatten() {
                    s.tell(Event::OpenRow(row));
                }
            }
            KeyCode::Tab => s.show(ScreenId::Checklist),
            _ => {}
        }
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑↓", tr!(lang, "tui.key.move")),
            ("Enter", tr!(lang, "tui.key.jump")),
            ("2", tr!(lang, "tui.key.checklist")),
            ("3", tr!(lang, "tui.key.ledger")),
            ("4", tr!(lang, "tui.key.contacts")),
            ("5", tr!(lang, "tui.key.scan")),
            ("S", tr!(lang, "tui.key.new_sheet")),
            ("q", tr!(lang, "tui.key.quit")),
            ("?", tr!(lang, "tui.key.help")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        if let Some(open) = &s.open {
            draw(self, s, open, frame, area);
        }
        None
    }
}

fn draw(dash: &Dashboard, s: &Session, open: &OpenSheet, frame: &mut Frame, body: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
    render_progress(s.lang, open, frame, left);
    let overdue: Vec<_> = open
        .assessment
        .findings
        .iter()
        .filter(|f| f.rule == Rule::TargetOverdue)
        .collect();
    let [verdict, findings, changes] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(if overdue.is_empty() { 5 } else { 6 }),
    ])
    .areas(right);
    render_verdict(s.lang, open, frame, verdict);
    render_findings(s.lang, dash.selected, open, frame, findings);
    render_changes(s, open, &overdue, frame, changes);
}

fn gauge<'a>(label: String, p: &Progress, width: usize) -> LineGauge<'a> {
    let ratio = if p.required == 0 {
        1.0
    } else {
        p.answered as f64 / p.required as f64
    };
    let count = format!("{:>3}/{:<3}", p.answered, p.required);
    LineGauge::default()
        .ratio(ratio)
        // Distinct symbols, so progress reads without colour too.
        .filled_symbol("█")
        .unfilled_symbol("░")
        .label(format!("{}{count}", pad(&label, width)))
        .filled_style(Style::new().fg(if ratio >= 1.0 {
            Color::Green
        } else {
            Color::Yellow
        }))
        .unfilled_style(Style::new().fg(Color::DarkGray))
}

fn render_progress(lang: Lang, open: &OpenSheet, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.dash.progress")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The label gets all the room but a short bar and the count (9 columns).
    let label_w = (inner.width as usize).saturating_sub(9 + 8).clamp(10, 40);
    let mut rows: Vec<(Option<String>, Option<&Progress>)> = Vec::new();
    rows.push((
        Some(tr!(lang, "tui.dash.answered").to_string()),
        Some(&open.assessment.total),
    ));
    rows.push((None, None));
    rows.push((Some(tr!(lang, "tui.dash.by_section").to_string()), None));
    for (n, p) in &open.assessment.by_section {
        let title = section_title(&open.edition, *n, lang);
        rows.push((Some(format!(" {title}")), Some(p)));
    }
    rows.push((None, None));
    rows.push((Some(tr!(lang, "tui.dash.by_scope").to_string()), None));
    for (s, p) in &open.assessment.by_scope {
        rows.push((Some(format!(" {}", scope_label(lang, *s))), Some(p)));
    }
    let areas = Layout::vertical(rows.iter().map(|_| Constraint::Length(1))).split(inner);
    for ((label, progress), a) in rows.iter().zip(areas.iter()) {
        match (label, progress) {
            (Some(l), Some(p)) => frame.render_widget(gauge(l.clone(), p, label_w), *a),
            (Some(l), None) => frame.render_widget(
                Paragraph::new(Span::styled(
                    l.clone(),
                    Style::new().add_modifier(Modifier::BOLD),
                )),
                *a,
            ),
            _ => {}
        }
    }
}

fn render_verdict(lang: Lang, open: &OpenSheet, frame: &mut Frame, area: Rect) {
    let a = &open.assessment;
    let fails = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .count();
    let (text, style) = if open.ready() {
        (
            tr!(lang, "tui.dash.ready").to_string(),
            Style::new().fg(Color::Black).bg(Color::Green),
        )
    } else if a.ready {
        // The sheet is complete; the vendors' 事業者確認用 are not.
        (
            tr!(lang, "tui.dash.not_ready_vendors").to_string(),
            Style::new().fg(Color::White).bg(Color::Red),
        )
    } else {
        (
            tr!(lang, "tui.dash.not_ready", count = fails),
            Style::new().fg(Color::White).bg(Color::Red),
        )
    };
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "status.verdict")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&text, inner.width as usize),
            style.add_modifier(Modifier::BOLD),
        )),
        inner,
    );
}

fn render_findings(lang: Lang, selected: usize, open: &OpenSheet, frame: &mut Frame, area: Rect) {
    let findings = &open.assessment.findings;
    // The same count of 不可 as the verdict above, so the two never disagree.
    let fails = findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .count();
    let block = Block::bordered().title(format!(
        " {} ",
        tr!(
            lang,
            "tui.dash.findings",
            total = findings.len(),
            fails = fails
        )
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if findings.is_empty() {
        frame.render_widget(Paragraph::new(tr!(lang, "tui.dash.no_findings")), inner);
        return;
    }
    let height = inner.height as usize;
    let selected = selected.min(findings.len() - 1);
    let offset = first_shown(selected, height);
    let width = inner.width as usize;
    let lines: Vec<Line> = findings
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, f)| {
            let row = match (&f.item, f.scope) {
                (Some(item), Some(s)) if s != Scope::General => {
                    format!(
                        "{} {}",
                        item_name(lang, &open.edition, item),
                        scope_label(lang, s)
                    )
                }
                (Some(item), _) => item_name(lang, &open.edition, item),
                _ => "—".to_string(),
            };
            let mark = match f.severity {
                Severity::Fail => Span::styled("✗ ", Style::new().fg(Color::Red)),
                Severity::Warning => Span::styled("! ", Style::new().fg(Color::Yellow)),
                Severity::Notice => Span::styled("· ", Style::new().fg(Color::Blue)),
            };
            let text = format!(
                "{} {}",
                pad(&row, 14),
                finding_message_in(lang, f, Surface::Tui)
            );
            Line::from(vec![
                mark,
                Span::styled(fit(&text, width - 2), row_style(i == selected)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_changes(
    s: &Session,
    open: &OpenSheet,
    overdue: &[&crate::model::rules::Finding],
    frame: &mut Frame,
    area: Rect,
) {
    let lang = s.lang;
    let new_count = open
        .record
        .checks
        .iter()
        .filter(|c| c.id > s.seen_check_id)
        .count();
    let block = Block::bordered().title(format!(
        " {} ",
        tr!(lang, "tui.dash.changes", count = new_count)
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if !overdue.is_empty() {
        let rows: Vec<String> = overdue
            .iter()
            .filter_map(|f| {
                Some(format!(
                    "{}@{} {}",
                    f.item.as_deref()?,
                    f.scope?,
                    f.date.map(|d| short_date(lang, d)).unwrap_or_default()
                ))
            })
            .collect();
        lines.push(Line::from(Span::styled(
            fit(
                &tr!(
                    lang,
                    "tui.dash.overdue",
                    count = overdue.len(),
                    rows = rows.join(", ")
                ),
                width,
            ),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )));
    }
    let room = (inner.height as usize).saturating_sub(lines.len());
    let recent: Vec<_> = open.record.checks.iter().rev().take(room).collect();
    if recent.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.dash.no_changes")));
    }
    for c in recent {
        let date = c
            .checked_on
            .map(|d| short_date(lang, d))
            .unwrap_or_else(|| tr!(lang, "answers.carried").to_string());
        let new = if c.id > s.seen_check_id {
            tr!(lang, "tui.dash.new")
        } else {
            "  "
        };
        let scope = if c.scope == Scope::General {
            String::new()
        } else {
            format!(" {}", scope_label(lang, c.scope))
        };
        let text = format!(
            "{new} {}{scope} {} {date} {}",
            item_name(lang, &open.edition, &c.item),
            answer_label(lang, c.answer),
            c.checked_by
        );
        lines.push(Line::raw(fit(&text, width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
