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
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::{App, Screen};
use crate::i18n::Lang;
use crate::model::answer::RowStatus;
use crate::model::wareki::{fiscal_year_end, format_fiscal_year, format_wareki_short};
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
        let style = if f.error {
            Style::new().fg(Color::White).bg(Color::Red)
        } else {
            Style::new().fg(Color::Black).bg(Color::Green)
        };
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                fit(&f.text, flash.width as usize),
                style,
            ))),
            flash,
        );
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

/// A date as the officer reads it: `R7.5.16` in Japanese, ISO in English.
pub fn short_date(lang: Lang, d: jiff::civil::Date) -> String {
    match lang {
        Lang::Ja => format_wareki_short(d),
        Lang::En => d.to_string(),
    }
}

/// How an item is named in lists: its id, or the gate's own name.
pub fn item_name(lang: Lang, edition: &crate::model::checklist::Edition, item: &str) -> String {
    if edition.is_gate(item) {
        tr!(lang, "tui.gate_short").to_string()
    } else {
        item.to_string()
    }
}

/// The word for a row's status.
pub fn status_word(lang: Lang, s: RowStatus) -> &'static str {
    match s {
        RowStatus::Unanswered => tr!(lang, "tui.status.unanswered"),
        RowStatus::Yes => tr!(lang, "answer.yes"),
        RowStatus::No => tr!(lang, "answer.no"),
        RowStatus::Na => tr!(lang, "answer.na"),
        RowStatus::NeedsRecheck => tr!(lang, "tui.status.recheck"),
    }
}

pub fn status_style(s: RowStatus) -> Style {
    match s {
        RowStatus::Unanswered => Style::new().fg(Color::DarkGray),
        RowStatus::Yes => Style::new().fg(Color::Green),
        RowStatus::No => Style::new().fg(Color::Red),
        RowStatus::Na => Style::new().fg(Color::Blue),
        RowStatus::NeedsRecheck => Style::new().fg(Color::Yellow),
    }
}

/// `s` cut to at most `width` display columns, with `…` when cut. Wide characters are never
/// split, so columns stay aligned.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to exactly `width` columns (cut with `…` if longer).
pub fn pad(s: &str, width: usize) -> String {
    let f = fit(s, width);
    let w = f.width();
    format!("{f}{}", " ".repeat(width.saturating_sub(w)))
}

/// Break `s` into lines of at most `width` columns: at a space when the line has one in its
/// second half (English), else at any character (Japanese has no spaces between words).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for c in para.chars() {
            if line.width() + c.width().unwrap_or(0) > width && !line.is_empty() {
                // Word breaks only for mostly-ASCII (English) lines; Japanese breaks anywhere.
                let ascii = line.chars().filter(char::is_ascii).count() * 2 > line.chars().count();
                match line
                    .rfind(' ')
                    .filter(|&at| ascii && line[..at].width() > width / 2)
                {
                    Some(at) => {
                        let rest = line[at + 1..].to_string();
                        line.truncate(at);
                        lines.push(std::mem::replace(&mut line, rest));
                    }
                    None => lines.push(std::mem::take(&mut line)),
                }
            }
            line.push(c);
        }
        lines.push(line);
    }
    lines
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_never_splits_wide_characters() {
        assert_eq!(fit("医療情報システム", 7), "医療情…");
        assert_eq!(fit("医療情報システム", 16), "医療情報システム");
        assert_eq!(pad("はい", 6), "はい  ");
        assert_eq!(pad("医療情報", 5), "医療…");
        assert_eq!(pad("医療情報", 5).width(), 5);
        assert_eq!(wrap("あいうえお", 4), vec!["あい", "うえ", "お"]);
        assert_eq!(
            wrap("Enter confirms, Esc cancels.", 16),
            vec!["Enter confirms,", "Esc cancels."]
        );
    }
}
