//! The evidence engine's findings for the screens that show them (the checklist's suggestion,
//! the 台帳's findings per asset): computed on a worker from the facility record, as `kensa
//! evidence` computes them, and kept by each screen as an [`EvidenceState`].

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use super::work::{Report, Work};
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::evidence::{Evidence, Settings, evaluate_builtin};
use crate::model::record::Record;
use crate::store::Store;
use crate::text::store_error;
use crate::tr;

/// The record and what the rules found in it, as one worker computed them.
#[derive(Debug)]
pub struct Computed {
    pub record: Record,
    pub evidence: Evidence,
}

/// Where the checklist's evidence stands.
#[derive(Debug, Default)]
pub enum EvidenceState {
    /// Not computed yet, or the 台帳 changed since: computed when the checklist is shown.
    #[default]
    Stale,
    /// A worker is on it; `u64` tells its report from an older one's.
    Computing(u64),
    Ready(Arc<Computed>),
    Failed(String),
}

/// Take the facility record and run the rules, on a worker thread: on a 10,000-row 台帳 with
/// 1,000 host documents this takes about half a second (BENCHMARKS.md, issue 16), too long for
/// a key. The worker opens the database on its own connection and only reads.
#[derive(Debug)]
pub struct ComputeEvidence {
    pub db: PathBuf,
    pub lib: Library,
    pub today: Date,
    pub generation: u64,
}

/// What [`ComputeEvidence`] sends back.
#[derive(Debug)]
pub struct EvidenceComputed {
    pub generation: u64,
    pub result: Result<Computed, String>,
}

impl Work for ComputeEvidence {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        let result = (|| {
            let store = Store::open(&self.db).map_err(|e| store_error(lang, &e))?;
            let record = store
                .record(&|id| self.lib.text(id).map(str::to_string))
                .map_err(|e| store_error(lang, &e))?;
            let evidence = evaluate_builtin(&record, &Settings::default(), self.today)
                .map_err(|e| tr!(lang, "evidence.data.error", detail = e))?;
            Ok(Computed { record, evidence })
        })();
        send(Report::new(EvidenceComputed {
            generation: self.generation,
            result,
        }));
    }
}

impl EvidenceState {
    /// What was computed, once it is there.
    pub fn ready(&self) -> Option<&Arc<Computed>> {
        match self {
            EvidenceState::Ready(c) => Some(c),
            _ => None,
        }
    }
}
