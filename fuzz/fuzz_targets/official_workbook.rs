//! The official checklist workbook reader (`kensa checklist import`, `kensa sheet import`):
//! the package guards, the grid with merges, hidden rows and columns and drawings, the layout
//! recognition, the edition built from it and the filled answers read from it. None may panic
//! or hang, whatever the bytes.
//!
//! As for `xlsx_import`, an input that does not start like a zip file (`PK`) replaces one part
//! of a real workbook (the R5 医療機関確認用 as tests/workbook_import.rs builds it): its first
//! byte chooses the sheet, the shared strings, the workbook or its relationships.
#![no_main]

use std::io::{Cursor, Write};
use std::path::Path;

use kensa::model::checklist::Form;
use kensa::model::official::{self, SourceFile};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const TEMPLATE: &[u8] = include_bytes!("../seeds/official_workbook/r5-hospital.xlsx");
const PARTS: [&str; 4] = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
];

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
    let bytes = match data.split_first() {
        Some((&b, content)) if !data.starts_with(b"PK") => {
            workbook_with(PARTS[b as usize % PARTS.len()], content)
        }
        _ => data.to_vec(),
    };
    let Ok(book) = kensa::workbook::read(Path::new("official.xlsx"), &bytes) else {
        return;
    };
    let Ok(grid) = official::find_sheet(&book, None) else {
        return;
    };
    let Ok(layout) = official::recognise(grid) else {
        return;
    };
    let source = SourceFile {
        name: "official.xlsx".into(),
        sha256: "0".repeat(64),
    };
    let edition = official::to_edition(&layout, Form::Hospital, "2023-06-01", &source, None);
    assert!(edition.rows().count() >= layout.rows.len().min(1));
    let fy = kensa::model::checklist::calendar_year(layout.fiscal_year);
    let _ = kensa::model::filled::read_filled(grid, &layout, fy);
});
