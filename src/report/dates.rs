//! The report's date value, shared by the report's parts (the sheets, the vendors' section),
//! which is why it lives apart from either.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::wareki::format_wareki;

/// A date as the report prints it: 西暦 with 和暦 alongside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateOut {
    /// `2025-05-16`
    pub iso: String,
    /// `令和7年5月16日`
    pub wareki: String,
}

impl DateOut {
    pub fn new(d: Date) -> DateOut {
        DateOut {
            iso: d.to_string(),
            wareki: format_wareki(d),
        }
    }
}
