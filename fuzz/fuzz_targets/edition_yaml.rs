//! Checklist edition files (a user drops them into the checklist folder) from bytes: the UTF-8
//! check, YAML, the edition's own checks, then `carries_from` against the built-in editions.
#![no_main]

use std::sync::OnceLock;

use kensa::editions::{Library, text_of};
use kensa::model::checklist::{check_carries_from, parse_edition};
use libfuzzer_sys::fuzz_target;

static LIBRARY: OnceLock<Library> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let library = LIBRARY.get_or_init(|| Library::load(None).0);
    let file = "user.yaml";
    let Ok(text) = text_of(file, data.to_vec()) else {
        return;
    };
    match parse_edition(file, &text) {
        Ok(edition) => {
            let previous = edition.previous.as_deref().and_then(|p| library.get(p));
            let _ = check_carries_from(file, &text, &edition, previous);
            // What every command then does with an edition.
            let rows = edition.rows().count();
            assert!(rows >= edition.all_items().count());
            let _ = edition.has_unverified_wording();
            // The rules narrow 年度 to i16: an accepted edition names only plausible ones.
            let years = [
                Some(edition.fiscal_year),
                edition.reference_deadline_fiscal_year,
            ]
            .into_iter()
            .chain(edition.all_items().map(|i| i.deadline_fiscal_year))
            .flatten();
            for fy in years {
                assert!((2000..=2100).contains(&fy), "年度 {fy} accepted");
            }
        }
        Err(errors) => {
            assert!(
                !errors.is_empty(),
                "an edition was refused without saying why"
            );
            for e in errors {
                assert!(e.pos.line >= 1 && e.pos.column >= 1, "{e}");
                let _ = e.to_string();
            }
        }
    }
});
