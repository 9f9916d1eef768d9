//! What the import targets share: the ledger an import is compared with, and a fixed today.

use std::path::Path;

use jiff::civil::Date;
use kensa::i18n::Lang;
use kensa::inventory::{ImportError, ParsedFile, changed_fields, parse_bytes};
use kensa::model::asset::{
    Asset, Observed, Source, disagreements, fields_from_observation, observation_matches,
};

/// The official example ledger (the 4 rows of the MHLW sample), as stored rows, so imports are
/// compared with existing rows (changed, unchanged, host documents matching a row) and not
/// only into an empty ledger.
pub fn existing_ledger() -> Vec<Asset> {
    let csv = include_bytes!("../../tests/fixtures/inventory/official-example-cp932.csv");
    let Ok(ParsedFile::Ledger { rows, .. }) = parse_bytes(Path::new("example.csv"), csv)
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

/// What the import would do with one file, compared with the ledger without a store.
pub struct Outcome {
    /// Ledger rows read (a host document counts as none).
    pub rows: usize,
    /// Rows that exist in the ledger and differ from it.
    pub changed: usize,
    /// Host documents read (0 or 1).
    pub hosts: usize,
}

/// The import path after the bytes: compare the file with `existing` as the import does (a
/// 管理番号 found is a change or nothing; a host document matches a row or becomes one), or word
/// every error in both languages, as the CLI and the TUI print them. An import that fails must
/// say why.
pub fn compare_or_explain(
    parsed: Result<ParsedFile, Vec<ImportError>>,
    existing: &[Asset],
) -> Option<Outcome> {
    match parsed {
        Ok(ParsedFile::Ledger { rows, .. }) => {
            let changed = rows
                .iter()
                .filter(|r| {
                    existing
                        .iter()
                        .find(|a| a.fields.control_no == r.fields.control_no)
                        .is_some_and(|a| !changed_fields(&a.fields, &r.fields).is_empty())
                })
                .count();
            Some(Outcome {
                rows: rows.len(),
                changed,
                hosts: 0,
            })
        }
        Ok(ParsedFile::Host { report, .. }) => {
            let observed = Observed::from_host(&report);
            let row = match existing
                .iter()
                .find(|a| observation_matches(&a.fields, &observed))
            {
                Some(a) => a.fields.clone(),
                None => fields_from_observation("AUTO-0001".into(), &observed, today()),
            };
            let _ = disagreements(&row, &observed);
            Some(Outcome {
                rows: 0,
                changed: 0,
                hosts: 1,
            })
        }
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
