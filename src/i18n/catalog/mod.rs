//! The catalog, one sorted table per area so that work on one area never touches another's file.
//! Each table is sorted by key (binary search); keys are unique across all tables (a test checks).
//! Keys of an area start with that area's prefixes, e.g. `tui.` for the TUI.

mod bcp;
mod core;
mod editions;
mod evidence;
mod help;
mod history;
mod inputs;
mod inspect;
mod inventory;
mod netscan;
mod print;
mod record;
mod report;
mod tui;
mod tui_inspector;
mod tui_vb;
mod vendor;
mod workbook;

pub(super) static TABLES: &[&[(&str, &str, &str)]] = &[
    core::CORE,
    tui::TUI,
    inventory::INVENTORY,
    report::REPORT,
    netscan::NETSCAN,
    record::RECORD,
    history::HISTORY,
    inputs::INPUTS,
    print::PRINT,
    inspect::INSPECT,
    evidence::EVIDENCE,
    vendor::VENDOR,
    bcp::BCP,
    editions::EDITIONS,
    tui_vb::TUI_VB,
    tui_inspector::TUI_INSPECTOR,
    workbook::WORKBOOK,
    help::HELP,
];

/// The (Japanese, English) pair for `key`.
pub(super) fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    TABLES.iter().find_map(|table| {
        table
            .binary_search_by(|(k, _, _)| (*k).cmp(key))
            .ok()
            .map(|i| (table[i].1, table[i].2))
    })
}
