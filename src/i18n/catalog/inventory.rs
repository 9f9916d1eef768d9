//! Messages of the `inventory` area. (key, Japanese, English), sorted by key.

pub(super) static INVENTORY: &[(&str, &str, &str)] = &[];
