//! Text measured in terminal columns (cut, pad, wrap without splitting a wide character), and the
//! words every screen writes the same way: dates, item names, row states, search queries.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::Lang;
use crate::model::answer::RowStatus;
use crate::model::checklist::Edition;
use crate::model::wareki::{format_wareki_short, halfwidth};
use crate::tr;

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

/// Cut a line of spans to `width` columns without splitting a wide character.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let text = fit(&span.content, left);
        left = left.saturating_sub(text.width());
        spans.push(Span::styled(text, span.style));
    }
    Line::from(spans)
}

/// Search text as typed, made comparable: trimmed, full-width digits and punctuation folded,
/// lower case.
pub fn normalize_query(s: &str) -> String {
    halfwidth(s.trim()).to_lowercase()
}

/// A date as the officer reads it: `R7.5.16` in Japanese, ISO in English.
pub fn short_date(lang: Lang, d: jiff::civil::Date) -> String {
    match lang {
        Lang::Ja => format_wareki_short(d),
        Lang::En => d.to_string(),
    }
}

/// How an item is named in lists: its id, or the gate's own name.
pub fn item_name(lang: Lang, edition: &Edition, item: &str) -> String {
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
        let line = Line::from(vec![Span::raw("施設: "), Span::raw("東京テスト病院")]);
        // 6 columns left for the name: two wide characters and the `…`, never half of a third.
        let cut = fit_line(line, 12);
        assert_eq!(cut.width(), 11);
        assert_eq!(cut.spans[1].content, "東京…");
        assert_eq!(normalize_query(" GAIRAI－０２ "), "gairai-02");
    }
}
