//! The inspector's desk in the TUI (`kensa inspect DIR`): every file of a folder opened and
//! judged once, as `kensa inspect` judges one bundle, kept as a short summary per bundle (so a
//! folder of a thousand bundles costs the memory of a thousand summaries, not of a thousand
//! records), and one bundle opened again in full when the inspector looks at it.
//!
//! As `kensa inspect BUNDLE`, and unlike the roll-up, a bundle signed by a key not yet trusted
//! (未登録の鍵) is judged and shown with its key status; a bundle of a known facility signed by
//! another key, or by a revoked one, is refused until the inspector trusts it. Every refused
//! file stays in the list with its reason.

use std::path::Path;

use jiff::civil::Date;

use super::aggregate::{AggregateOptions, compare_duplicates, each_file};
use super::load::{OpenContext, Opened, Reason, Refused, inspection, open};
use super::scan::Found;
use crate::model::keyring::KeyStatus;
use crate::model::record::assess_sheet;
use crate::model::rollup::{BundleSummary, group_by_facility};
use crate::model::rules::Assessment;
use crate::text::safe::safe_path;
use crate::tr;

/// One bundle the desk judged.
#[derive(Debug, Clone)]
pub struct Entry {
    pub summary: BundleSummary,
    /// A newer bundle of the same facility is in the folder (the roll-up counts that one).
    pub superseded: bool,
}

/// Everything found in the folder: the bundles judged and the files refused.
#[derive(Debug, Clone, Default)]
pub struct Desk {
    pub entries: Vec<Entry>,
    pub refused: Vec<Refused>,
}

/// A key that keeps a bundle out of the inspection, as `kensa inspect` refuses it.
fn refused_key(key: &KeyStatus) -> bool {
    matches!(key, KeyStatus::OtherKey { .. } | KeyStatus::Revoked { .. })
}

fn judge(ctx: &OpenContext, today: Date, path: &Path) -> Result<BundleSummary, Refused> {
    let opened = open(ctx, path)?;
    if refused_key(&opened.key)
        && let Some(r) = opened.key_refusal(ctx.lang)
    {
        return Err(r);
    }
    let ins = inspection(&opened, None, today).map_err(|e| record_refusal(ctx, path, &e))?;
    Ok(BundleSummary::of(
        path.display().to_string(),
        opened.manifest.created_at.clone(),
        opened.fingerprint.clone(),
        opened.key.clone(),
        &ins,
    ))
}

fn record_refusal(
    ctx: &OpenContext,
    path: &Path,
    e: &crate::model::record::RecordError,
) -> Refused {
    Refused::new(
        path,
        Reason::RecordInvalid,
        tr!(
            ctx.lang,
            "inspect.refused.record",
            path = safe_path(path),
            detail = crate::text::record::record_error(ctx.lang, e)
        ),
    )
}

/// Open and judge everything `found` holds.
pub fn survey(opts: &AggregateOptions, found: Found) -> Desk {
    let ctx = OpenContext {
        lang: opts.lang,
        keyring: opts.keyring,
        library: opts.library,
    };
    let outcomes = each_file(opts.threads, &found.files, |path| {
        judge(&ctx, opts.today, path)
    });
    let mut refused = found.refused;
    let mut summaries = Vec::new();
    for o in outcomes {
        match o {
            Ok(s) => summaries.push(s),
            Err(r) => refused.push(r),
        }
    }
    compare_duplicates(&ctx, &mut summaries);
    let mut superseded = vec![false; summaries.len()];
    for g in group_by_facility(&summaries) {
        for &older in g.iter().skip(1) {
            superseded[older] = true;
        }
    }
    Desk {
        entries: summaries
            .into_iter()
            .zip(superseded)
            .map(|(summary, superseded)| Entry {
                summary,
                superseded,
            })
            .collect(),
        refused,
    }
}

/// One bundle opened in full for the read-only view: its record, the sheet it was made for,
/// the edition the inspector judges it with, and that judgement.
#[derive(Debug)]
pub struct Facility {
    pub opened: Opened,
    pub sheet: crate::model::record::SheetRecord,
    /// `assess_sheet` with the inspector's edition: the inspector's own findings, never the
    /// facility's verdict.
    pub assessment: Assessment,
}

/// Open `path` again for the read-only view. The bundle is verified again: it may have changed
/// on the stick since the folder was read.
pub fn open_facility(ctx: &OpenContext, today: Date, path: &Path) -> Result<Facility, Refused> {
    let opened = open(ctx, path)?;
    if refused_key(&opened.key)
        && let Some(r) = opened.key_refusal(ctx.lang)
    {
        return Err(r);
    }
    let sheet = opened
        .record
        .sheet(opened.sheet_id)
        .map_err(|e| record_refusal(ctx, path, &e))?
        .clone();
    let assessment = assess_sheet(&opened.record, &sheet, &opened.edition, today);
    Ok(Facility {
        opened,
        sheet,
        assessment,
    })
}
