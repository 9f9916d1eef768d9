//! A small dialog form: labelled text fields and choices, used to add a contact and to edit a
//! 台帳 row. Pure state; `view/overlay.rs` draws it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::edit_line;
use super::input::LineInput;

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
