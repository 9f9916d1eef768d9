//! The dashboard: progress, the verdict with its findings, overdue 目標日, recent changes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};

use super::{fit, item_name, pad, short_date};
use crate::model::checklist::Scope;
use crate::model::rules::{Progress, Rule, Severity};
use crate::text::{answer_label, finding_message, scope_label, section_title};
use crate::tr;
use crate::tui::app::{App, OpenSheet};

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let Some(open) = &app.open else {
        return;
    };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
    render_progress(app, open, frame, left);
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
    render_verdict(app, open, frame, verdict);
    render_findings(app, open, frame, findings);
    render_changes(app, open, &overdue, frame, changes);
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

fn render_progress(app: &App, open: &OpenSheet, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
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

fn render_verdict(app: &App, open: &OpenSheet, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let a = &open.assessment;
    let fails = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .count();
    let (text, style) = if a.ready {
        (
            tr!(lang, "tui.dash.ready").to_string(),
            Style::new().fg(Color::Black).bg(Color::Green),
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

fn render_findings(app: &App, open: &OpenSheet, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let findings = &open.assessment.findings;
    let block = Block::bordered().title(format!(
        " {} ({}) ",
        tr!(lang, "tui.dash.findings"),
        findings.len()
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if findings.is_empty() {
        frame.render_widget(Paragraph::new(tr!(lang, "tui.dash.no_findings")), inner);
        return;
    }
    let height = inner.height as usize;
    let selected = app.dash_selected.min(findings.len() - 1);
    let offset = selected.saturating_sub(height.saturating_sub(1));
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
            let text = format!("{} {}", pad(&row, 14), finding_message(lang, f));
            let style = if i == selected {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            Line::from(vec![mark, Span::styled(fit(&text, width - 2), style)])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_changes(
    app: &App,
    open: &OpenSheet,
    overdue: &[&crate::model::rules::Finding],
    frame: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    let new_count = open
        .checks
        .iter()
        .filter(|c| c.id > app.seen_check_id)
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
    let recent: Vec<_> = open.checks.iter().rev().take(room).collect();
    if recent.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.dash.no_changes")));
    }
    for c in recent {
        let date = c
            .checked_on
            .map(|d| short_date(lang, d))
            .unwrap_or_else(|| tr!(lang, "answers.carried").to_string());
        let new = if c.id > app.seen_check_id {
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
