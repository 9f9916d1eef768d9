//! The CSV import from bytes: encoding detection (UTF-8, UTF-8 with BOM, CP932), CSV rows, the
//! ledger's cell checks, then the comparison with an existing ledger.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kensa::model::asset::Asset;
use libfuzzer_sys::fuzz_target;

static LEDGER: OnceLock<Vec<Asset>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let existing = LEDGER.get_or_init(kensa_fuzz::existing_ledger);
    let parsed = kensa::inventory::parse_bytes(Path::new("ledger.csv"), data);
    if let Some(outcome) = kensa_fuzz::compare_or_explain(parsed, existing) {
        // A row takes at least one byte, and only rows read can differ from the ledger.
        assert!(outcome.rows <= data.len());
        assert!(outcome.changed <= outcome.rows);
        assert_eq!(outcome.hosts, 0);
    }
});
