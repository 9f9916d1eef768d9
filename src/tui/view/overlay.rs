//! Dialogs drawn over the screen: help, date entry, note, evidence path, search, quit.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::{centered, fit, pad, wrap};
use crate::model::wareki::parse_date;
use crate::text::{date_both, scope_label};
use crate::tr;
use crate::tui::app::{App, DatePurpose, Overlay, RowKey};
use crate::tui::widgets::dialog::{field_popup, popup};
use crate::tui::widgets::form;
use crate::tui::widgets::input::LineInput;

fn set_cursor(frame: &mut Frame, at: Option<Position>) {
    if let Some(p) = at {
        frame.set_cursor_position(p);
    }
}

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
            let at = field_popup(
                frame,
                area,
                tr!(lang, "tui.search.title"),
                input,
                Vec::new(),
            );
            set_cursor(frame, at);
        }
        Overlay::Note { row, input } => {
            let area = centered(body, 72, 5);
            let title = tr!(lang, "tui.note.title", row = row_name(app, row));
            let at = field_popup(
                frame,
                area,
                &title,
                input,
                vec![Line::from(Span::styled(
                    tr!(lang, "tui.note.hint"),
                    Style::new().fg(Color::Cyan),
                ))],
            );
            set_cursor(frame, at);
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
            let at = field_popup(frame, area, &title, input, extra);
            set_cursor(frame, at);
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
        Overlay::Form { form, .. } => {
            let at = form::draw(lang, frame, body, form);
            set_cursor(frame, at);
        }
    }
}

fn row_name(app: &App, row: &RowKey) -> String {
    format!("{} {}", row.item, scope_label(app.lang, row.scope))
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
    let at = field_popup(frame, area, &title, input, extra);
    set_cursor(frame, at);
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
