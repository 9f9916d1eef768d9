//! What the screens' lists have in common: an underlined line of column titles, a window of rows
//! that keeps the selected one in view, and the selected row shown reversed.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The column titles, underlined.
pub fn header(text: String) -> Line<'static> {
    Line::from(Span::styled(
        text,
        Style::new().add_modifier(Modifier::UNDERLINED),
    ))
}

/// The first row to show so that row `selected` is in a window of `height` rows: the list
/// scrolls only once the selection would fall off the bottom.
pub fn first_shown(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// Reversed for the selected row, plain otherwise.
pub fn row_style(selected: bool) -> Style {
    if selected {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection_only_past_the_bottom() {
        assert_eq!(first_shown(0, 10), 0);
        assert_eq!(first_shown(9, 10), 0);
        assert_eq!(first_shown(10, 10), 1);
        assert_eq!(first_shown(5, 0), 5);
        assert_eq!(row_style(false), Style::new());
    }
}
