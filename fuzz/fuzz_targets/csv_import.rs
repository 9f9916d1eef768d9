//! The CSV import from bytes: encoding detection (UTF-8, UTF-8 with BOM, CP932), CSV rows, the
//! ledger's cell checks, then the plan against an existing ledger.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kensa::model::asset::Asset;
use libfuzzer_sys::fuzz_target;

static LEDGER: OnceLock<Vec<Asset>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let existing = LEDGER.get_or_init(kensa_fuzz::existing_ledger);
    let parsed = kensa::inventory::parse_bytes(Path::new("ledger.csv"), data.to_vec());
    if let Some(plan) = kensa_fuzz::plan_or_explain(parsed, existing) {
        // Every row read is planned exactly once.
        assert!(plan.rows.len() <= data.len());
    }
});
