//! The checklist's dialogs: a date (確認日, or the 目標日 of an いいえ), a note, an evidence file
//! with path completion, the item search, and "reading the file". Their state and drawing; the
//! keys are in `keys.rs`.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use crate::i18n::Lang;
use crate::model::wareki::{fiscal_year_end, format_fiscal_year, parse_date};
use crate::text::{date_both, scope_label};
use crate::tr;
use crate::tui::session::{RowKey, Session};
use crate::tui::widgets::dialog::{centered, field_popup, path_popup, popup};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::text::{fit, wrap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatePurpose {
    /// The 確認日 used for the next answers.
    CheckDate,
    /// いいえ is being recorded; this is its 目標日.
    NoWithTarget(RowKey),
    /// A 目標日 for a row already answered いいえ.
    Target(RowKey),
}

/// A dialog over the checklist; it takes every key until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Date {
        purpose: DatePurpose,
        input: LineInput,
    },
    Note {
        row: RowKey,
        input: LineInput,
    },
    Search {
        input: LineInput,
    },
    Evidence {
        row: RowKey,
        input: LineInput,
        candidates: Vec<String>,
    },
    /// A worker is reading a file; keys wait.
    Busy {
        what: String,
    },
}

impl Dialog {
    /// Whether closing this dialog would throw away something the user typed.
    pub fn has_unfinished_edit(&self) -> bool {
        match self {
            Dialog::Date { input, .. }
            | Dialog::Note { input, .. }
            | Dialog::Evidence { input, .. } => !input.is_empty(),
            Dialog::Search { .. } | Dialog::Busy { .. } => false,
        }
    }
}

fn row_name(lang: Lang, row: &RowKey) -> String {
    format!("{} {}", row.item, scope_label(lang, row.scope))
}

/// The search line at the bottom of `body` (the inspector's read-only view has it too).
pub fn draw_search(
    lang: Lang,
    input: &LineInput,
    frame: &mut Frame,
    body: Rect,
) -> Option<Position> {
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
    )
}

/// Draw the dialog over `body`; returns where the terminal cursor goes.
pub fn draw(dialog: &Dialog, s: &Session, frame: &mut Frame, body: Rect) -> Option<Position> {
    let lang = s.lang;
    match dialog {
        Dialog::Busy { what } => {
            let area = centered(body, 60, 3);
            popup(
                frame,
                area,
                tr!(lang, "tui.busy"),
                vec![Line::raw(fit(what, 56))],
            );
            None
        }
        Dialog::Search { input } => draw_search(lang, input, frame, body),
        Dialog::Note { row, input } => {
            let area = centered(body, 72, 5);
            let title = tr!(lang, "tui.note.title", row = row_name(lang, row));
            field_popup(
                frame,
                area,
                &title,
                input,
                vec![Line::from(Span::styled(
                    tr!(lang, "tui.note.hint"),
                    Style::new().fg(Color::Cyan),
                ))],
            )
        }
        Dialog::Evidence {
            row,
            input,
            candidates,
        } => {
            let title = tr!(lang, "tui.evidence.title", row = row_name(lang, row));
            path_popup(
                frame,
                body,
                &title,
                tr!(lang, "tui.evidence.hint"),
                input,
                candidates,
            )
        }
        Dialog::Date { purpose, input } => date_entry(s, frame, body, purpose, input),
    }
}

fn date_entry(
    s: &Session,
    frame: &mut Frame,
    body: Rect,
    purpose: &DatePurpose,
    input: &LineInput,
) -> Option<Position> {
    let lang = s.lang;
    let title = match purpose {
        DatePurpose::CheckDate => tr!(lang, "tui.date.check_title").to_string(),
        DatePurpose::NoWithTarget(row) => {
            tr!(lang, "tui.date.no_title", row = row_name(lang, row))
        }
        DatePurpose::Target(row) => {
            tr!(lang, "tui.date.target_title", row = row_name(lang, row))
        }
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
        && let Some(r) = s
            .open
            .as_ref()
            .and_then(|o| o.row_index(row).map(|i| &o.assessment.rows[i]))
    {
        extra.push(Line::raw(tr!(
            lang,
            "tui.date.deadline",
            fy = format_fiscal_year(r.deadline_fiscal_year),
            end = date_both(fiscal_year_end(r.deadline_fiscal_year))
        )));
    }
    let x = crate::text::date_examples(s.today);
    let hint = tr!(
        lang,
        "tui.date.hint",
        iso = x.iso,
        slash = x.slash,
        short = x.short,
        wareki = x.wareki
    );
    for l in wrap(&hint, 70) {
        extra.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    let area = centered(body, 74, 3 + extra.len() as u16);
    field_popup(frame, area, &title, input, extra)
}
