//! What the import targets share: the ledger an import is compared with, and a fixed today.

use std::path::Path;

use jiff::civil::Date;
use kensa::i18n::Lang;
use kensa::inventory::{ImportError, ImportPlan, ParsedFile, parse_bytes, plan};
use kensa::model::asset::{Asset, Source};

/// The official example ledger (the 4 rows of the MHLW sample), as stored rows, so imports are
/// planned against existing rows (changed, unchanged, host documents matching a row) and not
/// only into an empty ledger.
pub fn existing_ledger() -> Vec<Asset> {
    let csv = include_bytes!("../../tests/fixtures/inventory/official-example-cp932.csv");
    let Ok(ParsedFile::Ledger { rows, .. }) = parse_bytes(Path::new("example.csv"), csv.to_vec())
    else {
        panic!("the official example no longer imports");
    };
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| Asset {
            id: i as i64 + 1,
            fields: r.fields,
            source: Source::Import,
            created_at: "2025-04-01T00:00:00Z".into(),
            updated_at: "2025-04-01T00:00:00Z".into(),
        })
        .collect()
}

pub fn today() -> Date {
    jiff::civil::date(2025, 10, 1)
}

/// The import path after the bytes: plan the file against `existing`, or word every error in
/// both languages, as the CLI and the TUI print them. An import that fails must say why.
pub fn plan_or_explain(
    parsed: Result<ParsedFile, Vec<ImportError>>,
    existing: &[Asset],
) -> Option<ImportPlan> {
    match parsed {
        Ok(file) => Some(plan(&[file], existing, today())),
        Err(errors) => {
            assert!(!errors.is_empty(), "an import failed without saying why");
            for e in &errors {
                let _ = e.message(Lang::Ja);
                let _ = e.message(Lang::En);
            }
            None
        }
    }
}
