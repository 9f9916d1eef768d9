//! A small dialog form: labelled text fields and choices, its keys and its drawing. Screens use
//! it to add a contact, edit a 台帳 row and set up a sweep; what a submitted form means is theirs.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::dialog::{centered, popup};
use super::input::{LineInput, edit_line};
use super::text::{pad, wrap};
use crate::i18n::Lang;
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(LineInput),
    /// One of `options` (display words), `ix` chosen.
    Choice {
        options: Vec<String>,
        ix: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub label: String,
    pub value: FieldValue,
}

impl FormField {
    pub fn text(label: &str, value: &str) -> FormField {
        FormField {
            label: label.to_string(),
            value: FieldValue::Text(LineInput::new(value)),
        }
    }

    pub fn choice(label: &str, options: Vec<String>, ix: usize) -> FormField {
        FormField {
            label: label.to_string(),
            value: FieldValue::Choice { options, ix },
        }
    }

    /// The typed text, trimmed, or the chosen option's index as text.
    pub fn text_value(&self) -> String {
        match &self.value {
            FieldValue::Text(i) => i.text().trim().to_string(),
            FieldValue::Choice { ix, .. } => ix.to_string(),
        }
    }

    pub fn choice_index(&self) -> usize {
        match &self.value {
            FieldValue::Choice { ix, .. } => *ix,
            FieldValue::Text(_) => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub error: Option<String>,
    pub dirty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    Submit,
    Cancel,
}

impl Form {
    pub fn new(title: String, fields: Vec<FormField>) -> Form {
        Form {
            title,
            fields,
            focus: 0,
            error: None,
            dirty: false,
        }
    }

    /// Enter on the last field submits; Enter elsewhere moves on. Ctrl+S submits from anywhere.
    pub fn on_key(&mut self, key: KeyEvent) -> FormOutcome {
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return FormOutcome::Submit;
            }
            KeyCode::Enter if self.focus == last => return FormOutcome::Submit,
            KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
                self.focus = (self.focus + 1).min(last)
            }
            KeyCode::Up | KeyCode::BackTab => self.focus = self.focus.saturating_sub(1),
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormOutcome::Continue;
                };
                match &mut field.value {
                    FieldValue::Choice { options, ix } => {
                        let n = options.len().max(1);
                        match key.code {
                            KeyCode::Left => *ix = (*ix + n - 1) % n,
                            KeyCode::Right | KeyCode::Char(' ') => *ix = (*ix + 1) % n,
                            _ => return FormOutcome::Continue,
                        }
                        self.dirty = true;
                    }
                    FieldValue::Text(input) => {
                        let before = input.clone();
                        edit_line(input, key);
                        self.dirty |= *input != before;
                    }
                }
            }
        }
        FormOutcome::Continue
    }

    pub fn has_unfinished_edit(&self) -> bool {
        self.dirty
    }
}

/// The form as a dialog centred in `body`. Returns where the terminal cursor goes (in the
/// focused text field).
pub fn draw(lang: Lang, frame: &mut Frame, body: Rect, form: &Form) -> Option<Position> {
    let width = body.width.min(76);
    let inner_w = width.saturating_sub(2) as usize;
    let label_w = 20;
    let value_w = inner_w.saturating_sub(label_w + 3);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        let selected = i == form.focus;
        let marker = if selected { "▶ " } else { "  " };
        let value = match &f.value {
            FieldValue::Text(input) => {
                if selected {
                    cursor = Some((i, input.cursor_columns()));
                }
                Span::styled(
                    pad(input.text(), value_w),
                    Style::new().add_modifier(Modifier::UNDERLINED),
                )
            }
            FieldValue::Choice { options, ix } => {
                let word = options.get(*ix).map(String::as_str).unwrap_or("");
                Span::raw(if selected {
                    format!("◀ {word} ▶")
                } else {
                    word.to_string()
                })
            }
        };
        let label_style = if selected {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", pad(&f.label, label_w)), label_style),
            Span::raw(" "),
            value,
        ]));
    }
    lines.push(Line::raw(""));
    for l in wrap(tr!(lang, "tui.form.hint"), inner_w) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    if let Some(e) = &form.error {
        for l in wrap(e, inner_w) {
            lines.push(Line::from(Span::styled(
                l,
                Style::new().fg(Color::White).bg(Color::Red),
            )));
        }
    }
    let area = centered(body, width, lines.len() as u16 + 2);
    let inner = popup(frame, area, &form.title, lines);
    let (row, col) = cursor?;
    let x = inner.x + (label_w + 3) as u16 + col;
    let y = inner.y + row as u16;
    (x < inner.right() && y < inner.bottom()).then_some(Position { x, y })
}
