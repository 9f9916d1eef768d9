//! Messages of the `tui` area. (key, Japanese, English), sorted by key.

pub(super) static TUI: &[(&str, &str, &str)] = &[];
