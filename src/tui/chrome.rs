//! The frame around the screen in front: the header (facility, sheet, 年度, days left, 確認日),
//! the message for a terminal too small to draw in, and the quit confirmation. The status line
//! and key bar are widgets (`widgets/status.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::session::Session;
use super::widgets::dialog::confirm;
use super::widgets::text::{fit, short_date, wrap};
use crate::i18n::Lang;
use crate::model::wareki::{fiscal_year_end, format_fiscal_year};
use crate::text::form_label;
use crate::tr;

/// The smallest terminal the layout is designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn too_small(lang: Lang, frame: &mut Frame, area: Rect) {
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

pub fn header(s: &Session, frame: &mut Frame, area: Rect) {
    let lang = s.lang;
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
    if let Some(open) = &s.open {
        let end = fiscal_year_end(open.record.sheet.fiscal_year);
        let days = (end - s.today).get_days();
        let days_text = if days >= 0 {
            tr!(lang, "tui.days_left", days = days)
        } else {
            tr!(lang, "tui.fy_over").to_string()
        };
        let date = tr!(
            lang,
            "tui.check_date",
            date = short_date(lang, s.check_date)
        );
        let rest = format!(
            " {} {} │ {} {} │ ",
            form_label(lang, open.edition.form),
            open.edition.edition.to_uppercase(),
            format_fiscal_year(open.record.sheet.fiscal_year),
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
            if s.check_date == s.today {
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

/// Quit although an edit is unfinished?
pub fn confirm_quit(lang: Lang, frame: &mut Frame, body: Rect) {
    confirm(
        frame,
        body,
        64,
        tr!(lang, "tui.key.quit"),
        tr!(lang, "tui.confirm_quit"),
        tr!(lang, "tui.confirm_quit_keys"),
    );
}
