//! One-line text entry (with wide characters), the keys every such field understands, and file
//! path completion. Pure state: dialogs and forms draw it, screens feed it keys.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

/// Editable text with a cursor, counted in characters (not bytes) so Japanese input is safe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in characters, 0..=len.
    cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn set(&mut self, text: &str) {
        *self = LineInput::new(text);
    }

    /// Display columns before the cursor: where the terminal cursor goes.
    pub fn cursor_columns(&self) -> u16 {
        let before = &self.text[..self.byte_at(self.cursor)];
        u16::try_from(before.width()).unwrap_or(u16::MAX)
    }
}

/// Keys every one-line field understands.
pub fn edit_line(input: &mut LineInput, key: KeyEvent) {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => input.insert(c),
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => {}
    }
}

/// Result of pressing Tab in a path field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The new field text (unchanged when nothing matched).
    pub text: String,
    /// Names that still match, when more than one does (shown under the field).
    pub candidates: Vec<String>,
}

/// Complete the last path component of `input` against the file system. `~/` means the home
/// folder. Directories complete with a trailing `/` so the next Tab descends into them.
pub fn complete_path(input: &str, home: Option<&Path>) -> Completion {
    let unchanged = || Completion {
        text: input.to_string(),
        candidates: Vec::new(),
    };
    let expanded: PathBuf = match (input.strip_prefix("~/"), home) {
        (Some(rest), Some(h)) => h.join(rest),
        _ => PathBuf::from(input),
    };
    let ends_with_sep = input.ends_with('/') || input.ends_with(std::path::MAIN_SEPARATOR);
    let (dir, prefix) = if input.is_empty() {
        (PathBuf::from("."), String::new())
    } else if ends_with_sep {
        (expanded.clone(), String::new())
    } else {
        let prefix = expanded
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = match expanded.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (dir, prefix)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return unchanged();
    };
    let mut matches: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            name.starts_with(&prefix).then_some((name, is_dir))
        })
        .filter(|(name, _)| !name.starts_with('.') || prefix.starts_with('.'))
        .collect();
    matches.sort();
    if matches.is_empty() {
        return unchanged();
    }
    // Longest common prefix of every match, by characters.
    let first = &matches[0].0;
    let common_chars = matches
        .iter()
        .skip(1)
        .fold(first.chars().count(), |n, (m, _)| {
            first
                .chars()
                .zip(m.chars())
                .take(n)
                .take_while(|(a, b)| a == b)
                .count()
        });
    let common: String = first.chars().take(common_chars).collect();
    // Keep what the user typed before the last component (including a `~/`), add the rest.
    let typed_prefix_chars = prefix.chars().count();
    let addition: String = common.chars().skip(typed_prefix_chars).collect();
    let mut text = format!("{input}{addition}");
    if matches.len() == 1 {
        if matches[0].1 {
            text.push('/');
        }
        return Completion {
            text,
            candidates: Vec::new(),
        };
    }
    Completion {
        text,
        candidates: matches
            .into_iter()
            .map(|(n, d)| if d { format!("{n}/") } else { n })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_japanese_text_keeps_characters_whole() {
        let mut i = LineInput::new("東京病院");
        assert_eq!(i.cursor_columns(), 8);
        i.left();
        i.left();
        i.insert('第');
        i.insert('一');
        assert_eq!(i.text(), "東京第一病院");
        assert_eq!(i.cursor_columns(), 8);
        i.backspace();
        i.delete();
        assert_eq!(i.text(), "東京第院");
        i.home();
        i.backspace();
        i.end();
        i.delete();
        assert_eq!(i.text(), "東京第院");
        i.insert('\n');
        assert_eq!(i.text(), "東京第院");
    }

    #[test]
    fn tab_completes_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("規程.pdf"), b"x").unwrap();
        std::fs::write(dir.path().join("規程-旧.pdf"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("scans")).unwrap();
        let base = format!("{}/", dir.path().display());

        let c = complete_path(&format!("{base}sc"), None);
        assert_eq!(c.text, format!("{base}scans/"));
        assert!(c.candidates.is_empty());

        let c = complete_path(&format!("{base}規"), None);
        assert_eq!(c.text, format!("{base}規程"));
        assert_eq!(c.candidates, vec!["規程-旧.pdf", "規程.pdf"]);

        let c = complete_path(&format!("{base}nothing"), None);
        assert_eq!(c.text, format!("{base}nothing"));

        let c = complete_path("~/sc", Some(dir.path()));
        assert_eq!(c.text, "~/scans/");
    }
}
