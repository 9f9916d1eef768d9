//! Messages of the `report` area. (key, Japanese, English), sorted by key.

pub(super) static REPORT: &[(&str, &str, &str)] = &[];
