//! The xlsx import from bytes (calamine: zip, workbook, shared strings, the first sheet), the
//! ledger's cell checks, then the comparison with an existing ledger.
//!
//! Mutating a whole workbook mostly breaks its deflate streams, so the XML inside is rarely
//! reached. An input that does not start like a zip file (`PK`) is therefore one part of a real
//! workbook instead: its first byte chooses the sheet, the shared strings or the workbook part,
//! the rest is that part's new content, stored uncompressed in kensa's own export.
#![no_main]

use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::OnceLock;

use kensa::model::asset::Asset;
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

static LEDGER: OnceLock<Vec<Asset>> = OnceLock::new();

/// A workbook `kensa inventory export --format xlsx` wrote (the official example ledger).
const TEMPLATE: &[u8] = include_bytes!("../seeds/xlsx_import/export.xlsx");
const PARTS: [&str; 3] = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
];

/// The template with `part` replaced by `content`.
fn workbook_with(part: &str, content: &[u8]) -> Vec<u8> {
    let mut template = ZipArchive::new(Cursor::new(TEMPLATE)).expect("template is a zip");
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..template.len() {
        let file = template.by_index_raw(i).expect("template entry");
        if file.name().is_ok_and(|n| n == part) {
            drop(file);
            let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
            out.start_file(part, stored).expect("start part");
            out.write_all(content).expect("write part");
        } else {
            out.raw_copy_file(file).expect("copy part");
        }
    }
    out.finish().expect("finish zip").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let existing = LEDGER.get_or_init(kensa_fuzz::existing_ledger);
    let bytes = match data.split_first() {
        Some((&b, content)) if !data.starts_with(b"PK") => {
            workbook_with(PARTS[b as usize % PARTS.len()], content)
        }
        _ => data.to_vec(),
    };
    let parsed = kensa::inventory::parse_bytes(Path::new("ledger.xlsx"), &bytes);
    kensa_fuzz::compare_or_explain(parsed, existing);
});
