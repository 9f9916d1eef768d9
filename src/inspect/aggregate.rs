//! `kensa aggregate`: every file found is opened and judged on its own (in parallel, one bundle
//! per worker at a time, so memory stays that of a few records whatever the number of bundles),
//! refused files are kept with their reasons, the bundles of a facility that appears more than
//! once have their histories compared, and the rest is rolled up by `model::rollup`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::Date;

use super::load::{OpenContext, Opened, Reason, Refused, inspection, open};
use super::scan::Found;
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::audit::compare_history;
use crate::model::checklist::Edition;
use crate::model::inspection::EditionSource;
use crate::model::keyring::Keyring;
use crate::model::rollup::{BundleSummary, Rollup, group_by_facility, roll_up};
use crate::text::safe::safe_path;
use crate::tr;

/// The roll-up and everything that was not taken into it.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub rollup: Rollup,
    /// Every file refused, in the order found.
    pub refused: Vec<Refused>,
    pub today: Date,
}

impl Aggregate {
    pub fn history_alarms(&self) -> usize {
        self.rollup.totals.history_alarms
    }
}

pub struct AggregateOptions<'a> {
    pub lang: Lang,
    pub keyring: &'a Keyring,
    pub library: &'a Library,
    pub today: Date,
    /// Worker threads (at least 1).
    pub threads: usize,
}

/// One file's outcome.
type Outcome = Result<(BundleSummary, Option<Edition>), Refused>;

fn judge(opts: &AggregateOptions, ctx: &OpenContext, path: &Path) -> Outcome {
    let opened = open(ctx, path)?;
    // The roll-up takes only bundles whose key the inspector confirmed for the facility.
    if let Some(r) = opened.key_refusal(opts.lang) {
        return Err(r);
    }
    let ins = inspection(&opened, None, opts.today).map_err(|e| {
        Refused::new(
            path,
            Reason::RecordInvalid,
            tr!(
                opts.lang,
                "inspect.refused.record",
                path = safe_path(path),
                detail = crate::text::record::record_error(opts.lang, &e)
            ),
        )
    })?;
    let embedded =
        (opened.edition_use.source == EditionSource::Embedded).then(|| opened.edition.clone());
    let summary = BundleSummary::of(
        path.display().to_string(),
        opened.manifest.created_at.clone(),
        opened.fingerprint.clone(),
        opened.key.clone(),
        &ins,
    );
    Ok((summary, embedded))
}

/// `f` on every file, on `threads` workers (one file per worker at a time, so memory stays
/// that of a few records whatever the number of files). Results in the order of `files`.
pub fn each_file<T: Send>(
    threads: usize,
    files: &[PathBuf],
    f: impl Fn(&Path) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(files.len()));
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else {
                        break;
                    };
                    let outcome = f(path);
                    // A worker that panicked poisons the lock; the others still record theirs.
                    let mut all = outcomes.lock().unwrap_or_else(|e| e.into_inner());
                    all.push((i, outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, o)| o).collect()
}

/// A facility handed in more than once: its newest bundle's history must keep the next older
/// one's whole. Only these few bundles are read again, for their audit logs.
pub fn compare_duplicates(ctx: &OpenContext, summaries: &mut [BundleSummary]) {
    for g in group_by_facility(summaries) {
        if let [newest, older, ..] = g[..] {
            let reopen =
                |i: usize| -> Option<Opened> { open(ctx, &PathBuf::from(&summaries[i].path)).ok() };
            if let (Some(new), Some(old)) = (reopen(newest), reopen(older))
                && let (Some(later), Some(earlier)) = (&new.audit, &old.audit)
            {
                summaries[newest].history = Some(compare_history(&earlier.records, &later.records));
            }
        }
    }
}

/// Open, judge and roll up everything `found` holds.
pub fn aggregate(opts: &AggregateOptions, found: Found) -> Aggregate {
    let ctx = OpenContext {
        lang: opts.lang,
        keyring: opts.keyring,
        library: opts.library,
    };
    let outcomes = each_file(opts.threads, &found.files, |path| judge(opts, &ctx, path));

    let mut refused = found.refused;
    let mut summaries = Vec::new();
    let mut editions: BTreeMap<String, Edition> = BTreeMap::new();
    for o in outcomes {
        match o {
            Ok((summary, embedded)) => {
                let id = summary.edition.clone();
                if let Some(e) = embedded.or_else(|| opts.library.get(&id).cloned()) {
                    editions.entry(id).or_insert(e);
                }
                summaries.push(summary);
            }
            Err(r) => refused.push(r),
        }
    }
    compare_duplicates(&ctx, &mut summaries);
    Aggregate {
        rollup: roll_up(summaries, &editions),
        refused,
        today: opts.today,
    }
}
