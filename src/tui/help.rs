//! The help layer: every key of every screen, over whichever screen is in front (`?`; any key
//! closes it). The router opens and closes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::widgets::dialog::{centered, popup};
use super::widgets::text::{fit, pad, wrap};
use crate::i18n::Lang;
use crate::tr;

pub fn draw(lang: Lang, frame: &mut Frame, body: Rect) {
    let keys: &[(&str, &str)] = &[
        ("↑↓ PgUp PgDn", tr!(lang, "tui.help.move")),
        ("Enter", tr!(lang, "tui.help.enter")),
        // One line for the three answers, so the screens 6 and 7 fit at 80×24.
        ("y / n / x", tr!(lang, "tui.help.answers")),
        ("d", tr!(lang, "tui.help.date")),
        ("t", tr!(lang, "tui.help.target")),
        ("e", tr!(lang, "tui.help.note")),
        ("a", tr!(lang, "tui.help.attach")),
        ("s", tr!(lang, "tui.suggest.help")),
        ("u", tr!(lang, "tui.help.unanswered")),
        ("/", tr!(lang, "tui.help.search")),
        ("Tab", tr!(lang, "tui.help.tab")),
        ("1 / 2", tr!(lang, "tui.help.screens")),
        ("3", tr!(lang, "tui.help.ledger")),
        ("4", tr!(lang, "tui.help.contacts")),
        ("5", tr!(lang, "tui.help.scan")),
        ("6", tr!(lang, "tui.help.vendors")),
        ("7", tr!(lang, "tui.help.bcp")),
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
