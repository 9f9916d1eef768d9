//! Host documents (`kensa collect --out`, kensa.host/1) from bytes: UTF-8 (BOM allowed), the
//! schema check, the typed document, then matching it to the existing ledger.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kensa::model::asset::Asset;
use libfuzzer_sys::fuzz_target;

static LEDGER: OnceLock<Vec<Asset>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let existing = LEDGER.get_or_init(kensa_fuzz::existing_ledger);
    let parsed = kensa::inventory::parse_bytes(Path::new("host.json"), data);
    if let Some(outcome) = kensa_fuzz::compare_or_explain(parsed, existing) {
        // A host document is one observation, matched to a row or making one.
        assert_eq!(outcome.hosts, 1);
        assert_eq!(outcome.rows, 0);
    }
});
