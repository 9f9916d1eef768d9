//! The xlsx import from bytes (calamine: zip, shared strings, the first sheet), the ledger's
//! cell checks, then the plan against an existing ledger.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kensa::model::asset::Asset;
use libfuzzer_sys::fuzz_target;

static LEDGER: OnceLock<Vec<Asset>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let existing = LEDGER.get_or_init(kensa_fuzz::existing_ledger);
    let parsed = kensa::inventory::parse_bytes(Path::new("ledger.xlsx"), data.to_vec());
    kensa_fuzz::plan_or_explain(parsed, existing);
});
