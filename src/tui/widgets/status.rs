//! The two bottom lines of every screen: the status line (the last message, red when it is an
//! error) and the key bar (the keys the screen in front understands).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::fit;

pub fn status_line(frame: &mut Frame, area: Rect, text: &str, error: bool) {
    let style = if error {
        Style::new().fg(Color::White).bg(Color::Red)
    } else {
        Style::new().fg(Color::Black).bg(Color::Green)
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(text, area.width as usize),
            style,
        ))),
        area,
    );
}

/// `(key, what it does)` pairs, as many as fit whole.
pub fn key_bar(frame: &mut Frame, area: Rect, keys: &[(&str, &str)]) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, label) in keys {
        let w = k.width() + label.width() + 2;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(
            (*k).to_string(),
            Style::new().fg(Color::Black).bg(Color::Gray),
        ));
        spans.push(Span::raw(format!("{label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
