//! Pure data and rules: no I/O, no terminal, no SQL. Everything else depends on this module;
//! it depends on nothing else of ours.

pub mod answer;
pub mod asset;
pub mod audit;
pub mod carry;
pub mod checklist;
pub mod contacts;
pub mod entry;
pub mod evidence;
pub mod facility;
pub mod filled;
pub mod grid;
pub mod host;
pub mod inspection;
pub mod keyring;
pub mod limits;
pub mod links;
pub mod official;
pub mod record;
pub mod rollup;
pub mod rules;
pub mod scan;
pub mod wareki;
pub mod yaml;
