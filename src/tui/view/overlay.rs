//! Dialogs drawn over the screen: help, date entry, note, evidence path, search, quit.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit, pad, wrap};
use crate::model::wareki::parse_date;
use crate::text::{date_both, scope_label};
use crate::tr;
use crate::tui::app::{App, DatePurpose, Overlay, RowKey};
use crate::tui::form::{FieldValue, Form};
use crate::tui::input::LineInput;

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let Some(overlay) = &app.overlay else {
        return;
    };
    let lang = app.lang;
    match overlay {
        Overlay::Help => help(app, frame, body),
        Overlay::Busy { what } => {
            let area = centered(body, 60, 3);
            popup(
                frame,
                area,
                tr!(lang, "tui.busy"),
                vec![Line::raw(fit(what, 56))],
            );
        }
        Overlay::ConfirmScan { preflight, .. } => {
            let width = body.width.min(76);
            let inner_w = width.saturating_sub(2) as usize;
            let mut lines: Vec<Line> = preflight
                .lines()
                .flat_map(|l| wrap(l, inner_w))
                .map(Line::raw)
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled(
                tr!(lang, "tui.scan.confirm_keys"),
                Style::new().fg(Color::Cyan),
            )));
            let area = centered(body, width, lines.len() as u16 + 2);
            popup(frame, area, tr!(lang, "tui.scan.confirm_title"), lines);
        }
        Overlay::ConfirmQuit => {
            let lines = vec![
                Line::raw(tr!(lang, "tui.confirm_quit")),
                Line::raw(""),
                Line::from(Span::styled(
                    tr!(lang, "tui.confirm_quit_keys"),
                    Style::new().fg(Color::Cyan),
                )),
            ];
            let area = centered(body, 64, 5);
            popup(frame, area, tr!(lang, "tui.key.quit"), lines);
        }
        Overlay::Search { input } => {
            let area = Rect {
                x: body.x,
                y: body.bottom().saturating_sub(3),
                width: body.width,
                height: 3,
            };
            field_popup(
                frame,
                area,
                tr!(lang, "tui.search.title"),
                input,
                Vec::new(),
            );
        }
        Overlay::Note { row, input } => {
            let area = centered(body, 72, 5);
            let title = tr!(lang, "tui.note.title", row = row_name(app, row));
            field_popup(
                frame,
                area,
                &title,
                input,
                vec![Line::from(Span::styled(
                    tr!(lang, "tui.note.hint"),
                    Style::new().fg(Color::Cyan),
                ))],
            );
        }
        Overlay::Evidence {
            row,
            input,
            candidates,
        } => {
            let shown = candidates.len().min(6);
            let mut extra: Vec<Line> = candidates
                .iter()
                .take(shown)
                .map(|c| Line::raw(format!("  {c}")))
                .collect();
            if candidates.len() > shown {
                extra.push(Line::raw(tr!(
                    lang,
                    "tui.evidence.more",
                    count = candidates.len() - shown
                )));
            }
            extra.push(Line::from(Span::styled(
                tr!(lang, "tui.evidence.hint"),
                Style::new().fg(Color::Cyan),
            )));
            let area = centered(body, 76, 4 + extra.len() as u16);
            let title = tr!(lang, "tui.evidence.title", row = row_name(app, row));
            field_popup(frame, area, &title, input, extra);
        }
        Overlay::Date { purpose, input } => date_entry(app, frame, body, purpose, input),
        Overlay::ConfirmRemoveContact { id } => {
            let name = app
                .contacts
                .iter()
                .find(|c| c.id == *id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let lines = vec![
                Line::raw(tr!(lang, "tui.contacts.confirm_remove", name = name)),
                Line::raw(""),
                Line::from(Span::styled(
                    tr!(lang, "tui.confirm_yes_no"),
                    Style::new().fg(Color::Cyan),
                )),
            ];
            let area = centered(body, 70, 5);
            popup(frame, area, tr!(lang, "tui.key.remove"), lines);
        }
        Overlay::Form { form, .. } => form_dialog(app, frame, body, form),
    }
}

fn row_name(app: &App, row: &RowKey) -> String {
    format!("{} {}", row.item, scope_label(app.lang, row.scope))
}

fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) -> Rect {
    let block = Block::bordered()
        .title(format!(" {title} "))
        .style(Style::new().bg(Color::Black));
    let inner = block.inner(area);
    // A wide character just left of the popup would spill into its border when the terminal
    // draws it; blank it.
    if area.x > 0 {
        let buf = frame.buffer_mut();
        for y in area.top()..area.bottom() {
            let cell = &mut buf[(area.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
    inner
}

/// A popup whose first line is an editable field, with the terminal cursor in it.
fn field_popup(frame: &mut Frame, area: Rect, title: &str, input: &LineInput, extra: Vec<Line>) {
    let inner_w = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::from(vec![
        Span::raw("> "),
        Span::styled(
            pad(input.text(), inner_w.saturating_sub(2)),
            Style::new().add_modifier(Modifier::UNDERLINED),
        ),
    ])];
    lines.extend(extra);
    let inner = popup(frame, area, title, lines);
    let x = inner.x + 2 + input.cursor_columns();
    if x < inner.right() {
        frame.set_cursor_position(Position { x, y: inner.y });
    }
}

fn date_entry(app: &App, frame: &mut Frame, body: Rect, purpose: &DatePurpose, input: &LineInput) {
    let lang = app.lang;
    let title = match purpose {
        DatePurpose::CheckDate => tr!(lang, "tui.date.check_title").to_string(),
        DatePurpose::NoWithTarget(row) => {
            tr!(lang, "tui.date.no_title", row = row_name(app, row))
        }
        DatePurpose::Target(row) => tr!(lang, "tui.date.target_title", row = row_name(app, row)),
    };
    let mut extra = Vec::new();
    let preview = if input.is_empty() {
        Line::raw("")
    } else {
        match parse_date(input.text()) {
            Ok(d) => Line::from(Span::styled(
                format!("→ {}", date_both(d)),
                Style::new().fg(Color::Green),
            )),
            Err(_) => Line::from(Span::styled(
                tr!(lang, "tui.date.not_yet"),
                Style::new().fg(Color::Yellow),
            )),
        }
    };
    extra.push(preview);
    if let DatePurpose::NoWithTarget(row) | DatePurpose::Target(row) = purpose
        && let Some(r) = app
            .open
            .as_ref()
            .and_then(|o| o.row_index(row).map(|i| &o.assessment.rows[i]))
    {
        extra.push(Line::raw(tr!(
            lang,
            "tui.date.deadline",
            fy = crate::model::wareki::format_fiscal_year(r.deadline_fiscal_year),
            end = date_both(crate::model::wareki::fiscal_year_end(
                r.deadline_fiscal_year
            ))
        )));
    }
    for l in wrap(tr!(lang, "tui.date.hint"), 70) {
        extra.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    let area = centered(body, 74, 3 + extra.len() as u16);
    field_popup(frame, area, &title, input, extra);
}

fn help(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang;
    let keys: &[(&str, &str)] = &[
        ("↑↓ PgUp PgDn", tr!(lang, "tui.help.move")),
        ("Enter", tr!(lang, "tui.help.enter")),
        ("y", tr!(lang, "tui.help.yes")),
        ("n", tr!(lang, "tui.help.no")),
        ("x", tr!(lang, "tui.help.na")),
        ("d", tr!(lang, "tui.help.date")),
        ("t", tr!(lang, "tui.help.target")),
        ("e", tr!(lang, "tui.help.note")),
        ("a", tr!(lang, "tui.help.attach")),
        ("u", tr!(lang, "tui.help.unanswered")),
        ("/", tr!(lang, "tui.help.search")),
        ("Tab", tr!(lang, "tui.help.tab")),
        ("1 / 2", tr!(lang, "tui.help.screens")),
        ("3", tr!(lang, "tui.help.ledger")),
        ("4", tr!(lang, "tui.help.contacts")),
        ("5", tr!(lang, "tui.help.scan")),
        ("S", tr!(lang, "tui.help.new_sheet")),
        ("Esc", tr!(lang, "tui.help.esc")),
        ("q / Ctrl+C", tr!(lang, "tui.help.quit")),
    ];
    let width = body.width.min(76);
    let inner_w = width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(pad(k, 14), Style::new().fg(Color::Cyan)),
                Span::raw(fit(v, inner_w.saturating_sub(15))),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    for l in wrap(tr!(lang, "tui.help.footer"), inner_w) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Gray))));
    }
    let area = centered(body, width, lines.len() as u16 + 2);
    popup(frame, area, tr!(lang, "tui.help.title"), lines);
}

fn form_dialog(app: &App, frame: &mut Frame, body: Rect, form: &Form) {
    let lang = app.lang;
    let width = body.width.min(76);
    let inner_w = width.saturating_sub(2) as usize;
    let label_w = 20;
    let value_w = inner_w.saturating_sub(label_w + 3);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        let selected = i == form.focus;
        let marker = if selected { "▶ " } else { "  " };
        let value = match &f.value {
            FieldValue::Text(input) => {
                if selected {
                    cursor = Some((i, input.cursor_columns()));
                }
                Span::styled(
                    pad(input.text(), value_w),
                    Style::new().add_modifier(Modifier::UNDERLINED),
                )
            }
            FieldValue::Choice { options, ix } => {
                let word = options.get(*ix).map(String::as_str).unwrap_or("");
                Span::raw(if selected {
                    format!("◀ {word} ▶")
                } else {
                    word.to_string()
                })
            }
        };
        let label_style = if selected {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", pad(&f.label, label_w)), label_style),
            Span::raw(" "),
            value,
        ]));
    }
    lines.push(Line::raw(""));
    for l in wrap(tr!(lang, "tui.form.hint"), inner_w) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    if let Some(e) = &form.error {
        for l in wrap(e, inner_w) {
            lines.push(Line::from(Span::styled(
                l,
                Style::new().fg(Color::White).bg(Color::Red),
            )));
        }
    }
    let area = centered(body, width, lines.len() as u16 + 2);
    let inner = popup(frame, area, &form.title, lines);
    if let Some((row, col)) = cursor {
        let x = inner.x + (label_w + 3) as u16 + col;
        let y = inner.y + row as u16;
        if x < inner.right() && y < inner.bottom() {
            frame.set_cursor_position(Position { x, y });
        }
    }
}
