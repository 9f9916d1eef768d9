//! The evidence engine's section of the report (issue 16): data sets with their dates, what
//! was observed, every finding with its source, and the suggested answers of the reported
//! sheet. Words are put in here, so templates only lay them out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::Lang;
use crate::model::checklist::{Edition, Scope};
use crate::model::evidence::suggest::{Proposed, suggest};
use crate::model::evidence::{Evidence, Level};
use crate::text::evidence::{
    basis_text, completeness_text, counts_text, coverage_text, data_line, finding_message,
    level_label, proposed_label, stale_warning, subject_text, why_text,
};
use crate::text::scope_label;
use crate::tr;

#[derive(Debug, Clone, Serialize)]
pub struct DataOut {
    pub file: String,
    pub snapshot: String,
    pub stale: bool,
    pub line: String,
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssetFindingOut {
    pub rule: &'static str,
    pub level: Level,
    pub level_label: String,
    pub control_no: Option<String>,
    pub subject: String,
    pub message: String,
    pub basis: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuggestionOut {
    pub rule: &'static str,
    pub item: String,
    pub scope: Scope,
    /// `2-5@server` or `2-6`.
    pub row: String,
    pub scope_label: String,
    pub answer: Proposed,
    pub answer_label: String,
    pub why: String,
    pub completeness: Option<String>,
}

/// The section as the templates receive it (`asset_findings`).
#[derive(Debug, Clone, Serialize)]
pub struct AssetFindings {
    pub title: String,
    pub data_title: String,
    pub findings_title: String,
    pub suggestions_title: String,
    pub data: Vec<DataOut>,
    pub coverage: String,
    /// By level id (`critical`, …).
    pub counts: BTreeMap<&'static str, usize>,
    pub counts_text: String,
    pub findings: Vec<AssetFindingOut>,
    pub suggestions: Vec<SuggestionOut>,
}

/// The section for a report of a sheet of `edition`.
pub fn asset_findings(
    lang: Lang,
    e: &Evidence,
    edition: &Edition,
    sheet_key: &str,
) -> AssetFindings {
    AssetFindings {
        title: tr!(lang, "evidence.title", date = e.today),
        data_title: tr!(lang, "evidence.data.header").to_string(),
        findings_title: tr!(lang, "evidence.findings", count = e.findings.len()),
        suggestions_title: tr!(lang, "evidence.suggestions", sheet = sheet_key),
        data: e
            .data
            .iter()
            .map(|d| DataOut {
                file: d.info.file.clone(),
                snapshot: d.info.snapshot.to_string(),
                stale: d.stale,
                line: data_line(lang, &d.info),
                warning: d.stale.then(|| stale_warning(lang, d)),
            })
            .collect(),
        coverage: coverage_text(lang, e),
        counts: e.counts().into_iter().map(|(l, n)| (l.id(), n)).collect(),
        counts_text: counts_text(lang, e),
        findings: e
            .findings
            .iter()
            .map(|f| AssetFindingOut {
                rule: f.check.id(),
                level: f.level,
                level_label: level_label(lang, f.level).to_string(),
                control_no: f.subject.control_no.clone(),
                subject: subject_text(lang, &f.subject),
                message: finding_message(lang, f),
                basis: basis_text(lang, f),
            })
            .collect(),
        suggestions: suggest(e, edition)
            .iter()
            .map(|s| SuggestionOut {
                rule: s.rule.id(),
                item: s.item.clone(),
                scope: s.scope,
                row: if s.scope == Scope::General {
                    s.item.clone()
                } else {
                    format!("{}@{}", s.item, s.scope)
                },
                scope_label: scope_label(lang, s.scope).to_string(),
                answer: s.answer,
                answer_label: proposed_label(lang, s.answer).to_string(),
                why: why_text(lang, s),
                completeness: s
                    .completeness
                    .as_ref()
                    .map(|c| completeness_text(lang, c, e)),
            })
            .collect(),
    }
}
