//! Rendering: reads the app state, draws a frame, changes nothing but the list's scroll offset.

mod checklist;
mod contacts;
mod dashboard;
mod ledger;
mod overlay;
mod scan;
mod setup;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Screen};
pub use super::widgets::dialog::centered;
use super::widgets::status::{key_bar, status_line};
pub use super::widgets::text::{fit, item_name, pad, short_date, status_style, status_word, wrap};
use crate::i18n::Lang;
use crate::model::wareki::{fiscal_year_end, format_fiscal_year};
use crate::text::form_label;
use crate::tr;

/// The smallest terminal the layout is designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app.lang, frame, area);
        return;
    }
    let [header, body, flash, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, frame, header);
    match app.screen {
        Screen::Setup => setup::render(app, frame, body),
        Screen::Dashboard => dashboard::render(app, frame, body),
        Screen::Checklist => checklist::render(app, frame, body),
        Screen::Contacts => contacts::render(app, frame, body),
        Screen::Ledger => ledger::render(app, frame, body),
        Screen::Scan => scan::render(app, frame, body),
    }
    if let Some(f) = &app.flash {
        status_line(frame, flash, &f.text, f.error);
    }
    render_footer(app, frame, footer);
    overlay::render(app, frame, body);
}

fn too_small(lang: Lang, frame: &mut Frame, area: Rect) {
    let text = tr!(
        lang,
        "tui.too_small",
        width = area.width,
        height = area.height,
        min_width = MIN_WIDTH,
        min_height = MIN_HEIGHT
    );
    let lines: Vec<Line> = wrap(&text, area.width.max(1) as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_header(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let mut spans = Vec::new();
    let mut room = area.width as usize;
    // The product name only where there is room to spare; the facility and year matter more.
    if area.width >= 100 {
        spans.push(Span::styled(
            " kensa ",
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        ));
        room -= 7;
    }
    if let Some(open) = &app.open {
        let end = fiscal_year_end(open.sheet.fiscal_year);
        let days = (end - app.today).get_days();
        let days_text = if days >= 0 {
            tr!(lang, "tui.days_left", days = days)
        } else {
            tr!(lang, "tui.fy_over").to_string()
        };
        let date = tr!(
            lang,
            "tui.check_date",
            date = short_date(lang, app.check_date)
        );
        let rest = format!(
            " {} {} │ {} {} │ ",
            form_label(lang, open.edition.form),
            open.edition.edition.to_uppercase(),
            format_fiscal_year(open.sheet.fiscal_year),
            days_text
        );
        let name_room = room.saturating_sub(rest.width() + date.width() + 3);
        spans.push(Span::styled(
            format!(" {} │", fit(&open.facility.name, name_room.max(4))),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(rest));
        spans.push(Span::styled(
            date,
            if app.check_date == app.today {
                Style::new()
            } else {
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
            },
        ));
    } else {
        spans.push(Span::raw(format!(" {}", tr!(lang, "tui.setup.title"))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let keys: &[(&str, &str)] = match app.screen {
        Screen::Setup => &[
            ("↑↓", tr!(lang, "tui.key.field")),
            ("←→", tr!(lang, "tui.key.choose")),
            ("Enter", tr!(lang, "tui.key.next")),
            ("Esc", tr!(lang, "tui.key.quit")),
        ],
        Screen::Dashboard => &[
            ("↑↓", tr!(lang, "tui.key.move")),
            ("Enter", tr!(lang, "tui.key.jump")),
            ("2", tr!(lang, "tui.key.checklist")),
            ("3", tr!(lang, "tui.key.ledger")),
            ("4", tr!(lang, "tui.key.contacts")),
            ("5", tr!(lang, "tui.key.scan")),
            ("S", tr!(lang, "tui.key.new_sheet")),
            ("q", tr!(lang, "tui.key.quit")),
            ("?", tr!(lang, "tui.key.help")),
        ],
        Screen::Ledger => &[
            ("↑↓", tr!(lang, "tui.key.move")),
            ("Enter", tr!(lang, "tui.key.details")),
            ("/", tr!(lang, "tui.key.search")),
            ("s", tr!(lang, "tui.key.sort")),
            ("e", tr!(lang, "tui.key.edit")),
            ("r", tr!(lang, "tui.key.reload")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ],
        Screen::Contacts => &[
            ("↑↓", tr!(lang, "tui.key.move")),
            ("a", tr!(lang, "tui.key.add")),
            ("D", tr!(lang, "tui.key.remove")),
            ("1", tr!(lang, "tui.key.dashboard")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ],
        Screen::Scan if app.scan.is_running() => &[
            ("s", tr!(lang, "tui.key.stop")),
            ("3", tr!(lang, "tui.key.ledger")),
            ("q", tr!(lang, "tui.key.quit")),
        ],
        Screen::Scan => &[
            ("e", tr!(lang, "tui.key.settings")),
            ("Enter", tr!(lang, "tui.key.start")),
            ("p", tr!(lang, "tui.key.passive")),
            ("↑↓", tr!(lang, "tui.key.move")),
            ("3", tr!(lang, "tui.key.ledger")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ],
        Screen::Checklist => &[
            ("y", tr!(lang, "answer.yes")),
            ("n", tr!(lang, "answer.no")),
            ("x", tr!(lang, "answer.na")),
            ("t", tr!(lang, "tui.key.target")),
            ("d", tr!(lang, "tui.key.date")),
            ("e", tr!(lang, "tui.key.note")),
            ("a", tr!(lang, "tui.key.attach")),
            ("u", tr!(lang, "tui.key.unanswered")),
            ("/", tr!(lang, "tui.key.search")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ],
    };
    key_bar(frame, area, keys);
}
