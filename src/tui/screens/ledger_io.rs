//! Filling the 台帳 from the 台帳 screen: importing ledger files (CSV, xlsx) and host documents,
//! and collecting this PC. The same library path as `kensa inventory import` and `kensa collect`:
//! files are read and checked on a worker (the slow part, and nothing is written if any file is
//! wrong), then applied inside one import transaction on the UI thread's store.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::i18n::Lang;
use crate::inventory::{
    ApplyError, CheckedContent, CheckedFile, ImportError, apply_host_file, apply_ledger_file,
    check_files,
};
use crate::store::Store;
use crate::text::safe::safe;
use crate::text::store_error;
use crate::tr;
use crate::tui::work::{Report, Work};

/// At most this many problems are shown on the status line; the CLI lists them all.
const SHOWN_PROBLEMS: usize = 3;

/// Read and check ledger files or host documents, as `kensa inventory import` does first.
#[derive(Debug)]
pub struct CheckFiles {
    pub paths: Vec<PathBuf>,
}

/// Collect this PC (`kensa collect`) into a host document kept in a private temporary file,
/// then check it like an imported one.
#[derive(Debug)]
pub struct CollectThisPc;

/// What [`CheckFiles`] and [`CollectThisPc`] send back: the checked files, or why not, worded.
pub struct FilesChecked {
    pub result: Result<Vec<CheckedFile>, String>,
    /// The collected document's file, removed when the import is done with it.
    pub temporary: Option<tempfile::TempPath>,
}

fn problems_text(lang: Lang, errors: &[ImportError]) -> String {
    let mut shown: Vec<String> = errors
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|e| safe(&e.message(lang)).to_string())
        .collect();
    if errors.len() > SHOWN_PROBLEMS {
        shown.push(tr!(
            lang,
            "tui.ledger.more_problems",
            count = errors.len() - SHOWN_PROBLEMS
        ));
    }
    shown.join(" / ")
}

impl Work for CheckFiles {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        send(Report::new(FilesChecked {
            result: check_files(&self.paths).map_err(|e| problems_text(lang, &e)),
            temporary: None,
        }));
    }
}

impl Work for CollectThisPc {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        let report = crate::collect::collect();
        let written = (|| -> std::io::Result<tempfile::TempPath> {
            let text = serde_json::to_string(&report).map_err(std::io::Error::other)?;
            let mut file = tempfile::Builder::new()
                .prefix("kensa-collect-")
                .suffix(".json")
                .tempfile()?;
            std::io::Write::write_all(&mut file, text.as_bytes())?;
            Ok(file.into_temp_path())
        })();
        let checked = match written {
            Ok(path) => FilesChecked {
                result: check_files(&[path.to_path_buf()]).map_err(|e| problems_text(lang, &e)),
                temporary: Some(path),
            },
            Err(e) => FilesChecked {
                result: Err(tr!(lang, "tui.ledger.collect_failed", detail = e)),
                temporary: None,
            },
        };
        send(Report::new(checked));
    }
}

/// Apply checked files in one import, ledger files first so host documents match the rows as
/// the import leaves them; all or nothing. The summary to show, or why nothing was stored.
pub fn apply(
    lang: Lang,
    store: &mut Store,
    actor: &str,
    today: Date,
    files: &[CheckedFile],
) -> Result<String, String> {
    let failed = |e: ApplyError| match e {
        ApplyError::File(errors) => problems_text(lang, &errors),
        ApplyError::Store(e) => store_error(lang, &e),
    };
    let mut import = store
        .begin_import(actor)
        .map_err(|e| store_error(lang, &e))?;
    for f in files
        .iter()
        .filter(|f| matches!(f.content, CheckedContent::Ledger { .. }))
    {
        apply_ledger_file(&mut import, f, &mut |_| {}).map_err(failed)?;
    }
    for f in files.iter().filter(|f| f.content == CheckedContent::Host) {
        apply_host_file(&mut import, f, today).map_err(failed)?;
    }
    let counts = import.commit().map_err(|e| store_error(lang, &e))?;
    Ok(tr!(
        lang,
        "tui.ledger.imported",
        new = counts.added,
        changed = counts.changed,
        hosts = counts.observations,
        duplicates = counts.duplicate_observations
    ))
}
