//! Dialogs drawn over a screen: a bordered popup, a popup with a one-line field, and a yes/no
//! question. They draw and say where the terminal cursor goes; the caller owns what they show.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::input::LineInput;
use super::text::{fit, pad, wrap};

/// A rectangle of `width`×`height` centred in `area` (clamped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A bordered box with `title` over whatever was drawn in `area`. Returns its inside.
pub fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) -> Rect {
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

/// A popup whose first line is an editable field, with `extra` lines under it. Returns where
/// the terminal cursor goes (in the field), if that is inside the popup.
pub fn field_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    input: &LineInput,
    extra: Vec<Line>,
) -> Option<Position> {
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
    (x < inner.right()).then_some(Position { x, y: inner.y })
}

/// A question with its keys (`y`/`n`…) under it, `width` columns wide, centred in `body`.
pub fn confirm(frame: &mut Frame, body: Rect, width: u16, title: &str, question: &str, keys: &str) {
    let lines = vec![
        Line::raw(question.to_string()),
        Line::raw(""),
        Line::from(Span::styled(keys.to_string(), Style::new().fg(Color::Cyan))),
    ];
    popup(frame, centered(body, width, 5), title, lines);
}

/// A file path being typed, with its hint and the names Tab completion left to choose from
/// (at most 8 shown), centred over `area`. Names are outside text: shown through `safe`.
pub fn path_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hint: &str,
    input: &LineInput,
    candidates: &[String],
) -> Option<Position> {
    let width = area.width.min(90);
    let inner_w = width.saturating_sub(2) as usize;
    let mut extra: Vec<Line> = Vec::new();
    for l in wrap(hint, inner_w) {
        extra.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    for c in candidates.iter().take(8) {
        extra.push(Line::raw(fit(
            &crate::text::safe::safe(c).to_string(),
            inner_w,
        )));
    }
    if candidates.len() > 8 {
        extra.push(Line::raw(format!("… (+{})", candidates.len() - 8)));
    }
    let rect = centered(area, width, extra.len() as u16 + 3);
    field_popup(frame, rect, title, input, extra)
}
