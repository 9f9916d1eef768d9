//! The inspector's desk: bundles in, inspections and the prefecture's roll-up out, with no
//! hospital database. This module reads files (bundles, the inspector's keys, the bundles the
//! inspector keeps); the judging is pure, in `model::inspection` and `model::rollup`, so the
//! CLI now and the inspector's TUI later show the same result.
//!
//! The inspector's data folder (`--inspector-dir`, `KENSA_INSPECTOR_DIR`, default the platform
//! data folder's `inspector`) holds `keys.json` ([`keys`]) and `bundles/` ([`archive`]).

pub mod aggregate;
pub mod archive;
pub mod desk;
pub mod keys;
pub mod load;
pub mod render;
pub mod scan;
pub mod view;
