//! The setup form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{centered, fit, pad, wrap};
use crate::model::checklist::calendar_year;
use crate::model::wareki::format_fiscal_year;
use crate::text::{form_label, kind_label};
use crate::tr;
use crate::tui::app::App;
use crate::tui::setup::Field;

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang;
    let form = &app.setup;
    let area = centered(body, 78, body.height);
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.setup.title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let label_w = 20;
    let value_w = (inner.width as usize).saturating_sub(label_w + 3);
    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(tr!(lang, "tui.setup.intro"), inner.width as usize) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Gray))));
    }
    lines.push(Line::raw(""));
    let mut cursor: Option<Position> = None;
    let edition = form.edition(&app.lib);
    for field in form.fields() {
        let selected = field == form.field;
        let label = match field {
            Field::Name => tr!(lang, "tui.setup.name"),
            Field::Kind => tr!(lang, "tui.setup.kind"),
            Field::Prefecture => tr!(lang, "tui.setup.prefecture"),
            Field::Contracts => tr!(lang, "tui.setup.contracts"),
            Field::Officer => tr!(lang, "tui.setup.officer"),
            Field::Edition => tr!(lang, "tui.setup.edition"),
            Field::FiscalYear => tr!(lang, "tui.setup.fiscal_year"),
            Field::Carry => tr!(lang, "tui.setup.carry"),
            Field::Start => "",
        };
        if field == Field::Start {
            lines.push(Line::raw(""));
            let button = format!("［ {} ］", tr!(lang, "tui.setup.start"));
            let style = if selected {
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(label_w + 3)),
                Span::styled(button, style),
            ]));
            continue;
        }
        let choice = |s: &str| {
            if selected {
                format!("◀ {s} ▶")
            } else {
                format!("  {s}")
            }
        };
        let toggle = |on: bool| {
            let word = if on {
                tr!(lang, "answer.yes")
            } else {
                tr!(lang, "answer.no")
            };
            choice(word)
        };
        let value = match field {
            Field::Name => format!("  {}", form.name.text()),
            Field::Prefecture => format!("  {}", form.prefecture.text()),
            Field::Officer => format!("  {}", form.officer.text()),
            Field::FiscalYear => {
                let fy = form
                    .parsed_fiscal_year()
                    .map(|fy| format!("  （{}）", format_fiscal_year(fy)))
                    .unwrap_or_default();
                format!("  {}{fy}", form.fiscal_year.text())
            }
            Field::Kind => choice(kind_label(lang, form.kind)),
            Field::Contracts => toggle(form.vendor_contracts),
            Field::Carry => {
                let from = form
                    .carry_from
                    .as_ref()
                    .map(|s| s.key())
                    .unwrap_or_default();
                format!("{}  ({from})", toggle(form.carry))
            }
            Field::Edition => choice(&match edition {
                Some(e) => format!(
                    "{} {}（{}版）",
                    form_label(lang, e.form),
                    e.edition.to_uppercase(),
                    format_fiscal_year(calendar_year(e.fiscal_year))
                ),
                None => tr!(lang, "tui.setup.no_edition").to_string(),
            }),
            Field::Start => String::new(),
        };
        let marker = if selected { "▶ " } else { "  " };
        let label_style = if selected {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let value_style = if field.is_text() {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        };
        let shown = if field.is_text() {
            pad(&value, value_w.min(40))
        } else {
            fit(&value, value_w)
        };
        if selected && field.is_text() {
            let input = match field {
                Field::Name => &form.name,
                Field::Prefecture => &form.prefecture,
                Field::Officer => &form.officer,
                _ => &form.fiscal_year,
            };
            let x = inner.x + (label_w + 5) as u16 + input.cursor_columns();
            let y = inner.y + lines.len() as u16;
            if x < inner.right() && y < inner.bottom() {
                cursor = Some(Position { x, y });
            }
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", pad(label, label_w)), label_style),
            Span::raw(" "),
            Span::styled(shown, value_style),
        ]));
    }
    lines.push(Line::raw(""));
    let hint = match form.field {
        Field::Name => tr!(lang, "tui.setup.hint_name"),
        Field::Kind => tr!(lang, "tui.setup.hint_kind"),
        Field::Prefecture => tr!(lang, "tui.setup.hint_prefecture"),
        Field::Contracts => tr!(lang, "tui.setup.hint_contracts"),
        Field::Officer => tr!(lang, "tui.setup.hint_officer"),
        Field::Edition => tr!(lang, "tui.setup.hint_edition"),
        Field::FiscalYear => tr!(lang, "tui.setup.hint_fiscal_year"),
        Field::Carry => tr!(lang, "tui.setup.hint_carry"),
        Field::Start => tr!(lang, "tui.setup.hint_start"),
    };
    for l in wrap(hint, inner.width as usize) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    if let Some(e) = &form.error {
        for l in wrap(e, inner.width as usize) {
            lines.push(Line::from(Span::styled(
                l,
                Style::new().fg(Color::White).bg(Color::Red),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor
        && app.overlay.is_none()
    {
        frame.set_cursor_position(p);
    }
}
