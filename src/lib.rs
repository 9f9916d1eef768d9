//! kensa: the MHLW cybersecurity checklist, the 機器台帳 and inspection documents for Japanese
//! medical institutions. Data flows one way: collect → store → assess → present.

// Unit tests share the integration tests' generated facilities (`tests/support`), which name
// the crate as its users do.
#[cfg(test)]
extern crate self as kensa;

pub mod bcp;
pub mod bundle;
pub mod cli;
pub mod clock;
pub mod collect;
pub mod editions;
pub mod fsio;
pub mod i18n;
pub mod inspect;
pub mod inventory;
pub mod model;
pub mod netscan;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
pub mod vendor;
pub mod workbook;
pub mod workflow;
