//! `kensa evidence`: findings per asset and suggested answers with provenance (issue 16).
//! Reads the facility record and stores nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;
use serde::Serialize;

use super::record::{read_record, record_error, take_record};
use super::{Ctx, pad, print_json, today};
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::Edition;
use crate::model::evidence::suggest::{Proposed, Suggestion, suggest};
use crate::model::evidence::{Evidence, Finding, SCHEMA, Settings, evaluate_builtin};
use crate::model::record::{Record, SheetRecord, choose_sheet};
use crate::text::evidence::{
    basis_text, completeness_text, counts_text, coverage_text, data_line, finding_message,
    level_label, proposed_label, stale_warning, subject_text, topic_label, why_text,
};
use crate::text::scope_label;
use crate::tr;

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// Machine-readable output (schema kensa.evidence/1, docs/evidence.md).
    #[arg(long)]
    json: bool,
    /// Sheet the suggestions are for: number, key such as hospital-r7-2025, or edition id (default: newest year of the facility's form).
    #[arg(long)]
    sheet: Option<String>,
    #[command(flatten)]
    thresholds: Thresholds,
    /// Judge a facility record file (kensa record, or record.json of a bundle) instead of the database.
    #[arg(long, value_name = "PATH")]
    from_record: Option<PathBuf>,
}

/// The thresholds of the rules, with the defaults.
#[derive(Debug, Clone, Args)]
pub struct Thresholds {
    /// Days since the newest installed update before a machine counts as unpatched.
    #[arg(long, default_value_t = 60, value_name = "DAYS")]
    patch_days: i64,
    /// Days a 台帳 row may go unseen on the LAN.
    #[arg(long, default_value_t = 180, value_name = "DAYS")]
    unseen_days: i64,
    /// Days without a login before an enabled account counts as dormant.
    #[arg(long, default_value_t = 90, value_name = "DAYS")]
    dormant_days: i64,
    /// Enabled local administrators a machine may have.
    #[arg(long, default_value_t = 2, value_name = "N")]
    max_admins: usize,
}

impl Thresholds {
    pub fn settings(&self) -> Settings {
        Settings {
            patch_days: self.patch_days,
            unseen_days: self.unseen_days,
            dormant_days: self.dormant_days,
            max_admins: self.max_admins,
            ..Settings::default()
        }
    }
}

/// The rules on a record with the built-in data.
pub fn evaluate(lang: Lang, record: &Record, settings: &Settings) -> Result<Evidence> {
    evaluate_builtin(record, settings, today()?)
        .map_err(|e| anyhow!(tr!(lang, "evidence.data.error", detail = e)))
}

/// The sheet suggestions are made for and its edition; `None` when the record has no sheet
/// and none was asked for.
pub fn sheet_and_edition<'r>(
    ctx: &Ctx,
    lib: &Library,
    record: &'r Record,
    wanted: Option<&str>,
) -> Result<Option<(&'r SheetRecord, Edition)>> {
    let sheets: Vec<_> = record.sheets.iter().map(|s| s.sheet.clone()).collect();
    let own = record.facility.as_ref().map(|f| f.kind.own_form());
    let current = crate::model::wareki::fiscal_year_of(super::today()?);
    if wanted.is_none() && choose_sheet(&sheets, own, None, current).is_err() {
        return Ok(None);
    }
    let sheet = ctx.record_sheet(record, wanted)?;
    let editions = lib
        .editions_for(record)
        .map_err(|e| anyhow!(record_error(ctx.lang, &e)))?;
    let edition = editions
        .get(&sheet.sheet.edition_id)
        .cloned()
        .ok_or_else(|| {
            anyhow!(tr!(
                ctx.lang,
                "sheet.edition_missing_for",
                sheet = sheet.sheet.key(),
                edition = sheet.sheet.edition_id
            ))
        })?;
    Ok(Some((sheet, edition)))
}

/// A finding with its message, as `kensa.evidence/1` writes it.
#[derive(Serialize)]
struct FindingOut<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    message: String,
}

/// A suggestion with its messages.
#[derive(Serialize)]
pub struct SuggestionOut<'a> {
    #[serde(flatten)]
    suggestion: &'a Suggestion,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    completeness_message: Option<String>,
}

#[derive(Serialize)]
struct SheetOut {
    id: i64,
    key: String,
    edition: String,
}

/// `kensa.evidence/1`, serialised straight from the engine's structs (a facility's findings
/// run to tens of megabytes of JSON; no intermediate tree is built).
#[derive(Serialize)]
struct EvidenceOut<'a> {
    schema: &'static str,
    today: jiff::civil::Date,
    settings: &'a Settings,
    data: &'a [crate::model::evidence::DataStatus],
    coverage: &'a crate::model::evidence::Coverage,
    counts: std::collections::BTreeMap<&'static str, usize>,
    findings: Vec<FindingOut<'a>>,
    sheet: Option<SheetOut>,
    suggestions: Vec<SuggestionOut<'a>>,
}

pub fn suggestion_out<'a>(lang: Lang, e: &Evidence, s: &'a Suggestion) -> SuggestionOut<'a> {
    SuggestionOut {
        suggestion: s,
        message: why_text(lang, s),
        completeness_message: s
            .completeness
            .as_ref()
            .map(|c| completeness_text(lang, c, e)),
    }
}

pub fn evidence(ctx: &Ctx, a: EvidenceArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let record = match &a.from_record {
        Some(path) => read_record(ctx, path)?,
        None => take_record(&ctx.existing_store()?, &lib)?,
    };
    let e = evaluate(lang, &record, &a.thresholds.settings())?;
    let sheet = sheet_and_edition(ctx, &lib, &record, a.sheet.as_deref())?;
    let suggestions: Vec<Suggestion> = sheet
        .as_ref()
        .map(|(_, edition)| suggest(&e, edition))
        .unwrap_or_default();

    if a.json {
        print_json(&EvidenceOut {
            schema: SCHEMA,
            today: e.today,
            settings: &e.settings,
            data: &e.data,
            coverage: &e.coverage,
            counts: e.counts().into_iter().map(|(l, n)| (l.id(), n)).collect(),
            findings: e
                .findings
                .iter()
                .map(|f| FindingOut {
                    finding: f,
                    message: finding_message(lang, f),
                })
                .collect(),
            sheet: sheet.as_ref().map(|(s, ed)| SheetOut {
                id: s.sheet.id,
                key: s.sheet.key(),
                edition: ed.id.clone(),
            }),
            suggestions: suggestions
                .iter()
                .map(|s| suggestion_out(lang, &e, s))
                .collect(),
        })?;
        return Ok(ExitCode::SUCCESS);
    }

    outln!("{}", tr!(lang, "evidence.title", date = e.today));
    outln!("{}:", tr!(lang, "evidence.data.header"));
    for d in &e.data {
        outln!("  {}", data_line(lang, &d.info));
    }
    if let Ok(data) = crate::model::evidence::data::Datasets::builtin() {
        outln!(
            "  {}",
            tr!(
                lang,
                "evidence.data.not_tracked",
                products = data.eol.not_tracked.join(", ")
            )
        );
    }
    for d in e.stale_data() {
        outln!("⚠ {}", stale_warning(lang, d));
    }
    outln!();
    outln!("{}", coverage_text(lang, &e));
    if e.coverage.collect_observations + e.coverage.scan_observations == 0 {
        outln!("{}", tr!(lang, "evidence.no_observations"));
    }
    outln!();
    outln!(
        "{} ({})",
        tr!(lang, "evidence.findings", count = e.findings.len()),
        counts_text(lang, &e)
    );
    for f in &e.findings {
        outln!(
            "  [{}] {}: {}",
            level_label(lang, f.level),
            subject_text(lang, &f.subject),
            finding_message(lang, f)
        );
        outln!("      {}", basis_text(lang, f));
    }
    outln!();
    match &sheet {
        None => outln!("{}", tr!(lang, "evidence.no_sheet")),
        Some((s, edition)) => {
            outln!(
                "{}",
                tr!(lang, "evidence.suggestions", sheet = s.sheet.key())
            );
            for sg in &suggestions {
                let row = if sg.scope == crate::model::checklist::Scope::General {
                    sg.item.clone()
                } else {
                    format!("{}@{}", sg.item, sg.scope)
                };
                let answer = proposed_label(lang, sg.answer);
                let marker = match sg.answer {
                    Proposed::Yes | Proposed::No => "*",
                    Proposed::Unknown => " ",
                };
                outln!(
                    "{marker} {} {} {} {}",
                    pad(&row, 12),
                    pad(scope_label(lang, sg.scope), 16),
                    pad(answer, 14),
                    why_text(lang, sg)
                );
                let topic = topic_label(lang, sg.rule);
                let title = edition
                    .item(&sg.item)
                    .map(|i| i.text.chars().take(40).collect::<String>())
                    .unwrap_or_default();
                let mut detail = format!("{topic}: {title}");
                if let Some(c) = &sg.completeness {
                    detail.push_str(" — ");
                    detail.push_str(&completeness_text(lang, c, &e));
                }
                outln!("    {detail}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The short section of `kensa status`: how old the data is, how many findings of each level,
/// the most serious few, and how the suggestions of the sheet fall. Lines of text and the
/// `evidence` object of `kensa.status/1`.
pub fn status_section(
    lang: Lang,
    record: &Record,
    edition: &Edition,
) -> Result<(Vec<String>, serde_json::Value)> {
    /// Findings shown in `status`; `kensa evidence` shows them all.
    const SHOWN: usize = 5;
    let e = evaluate(lang, record, &Settings::default())?;
    let suggestions = suggest(&e, edition);
    let tally = |p: Proposed| suggestions.iter().filter(|s| s.answer == p).count();
    let (yes, no, unknown) = (
        tally(Proposed::Yes),
        tally(Proposed::No),
        tally(Proposed::Unknown),
    );
    let mut lines = vec![format!("{}", tr!(lang, "evidence.status_header"))];
    for d in e.stale_data() {
        lines.push(format!("  ⚠ {}", stale_warning(lang, d)));
    }
    lines.push(format!("  {}", coverage_text(lang, &e)));
    lines.push(format!(
        "  {}",
        tr!(
            lang,
            "evidence.status_counts",
            counts = counts_text(lang, &e)
        )
    ));
    let serious: Vec<_> = e.findings.iter().filter(|f| f.level.is_against()).collect();
    for f in serious.iter().take(SHOWN) {
        lines.push(format!(
            "    [{}] {}: {}",
            level_label(lang, f.level),
            subject_text(lang, &f.subject),
            finding_message(lang, f)
        ));
    }
    if serious.len() > SHOWN {
        lines.push(format!(
            "    {}",
            tr!(lang, "evidence.more", count = serious.len() - SHOWN)
        ));
    }
    lines.push(format!(
        "  {}",
        tr!(
            lang,
            "evidence.status_suggestions",
            yes = yes,
            no = no,
            unknown = unknown
        )
    ));
    let counts: std::collections::BTreeMap<&str, usize> =
        e.counts().into_iter().map(|(l, n)| (l.id(), n)).collect();
    let json = serde_json::json!({
        "counts": counts,
        "data": e.data.iter().map(|d| serde_json::json!({
            "file": d.info.file, "snapshot": d.info.snapshot, "stale": d.stale,
        })).collect::<Vec<_>>(),
        "coverage": e.coverage,
        "suggestions": { "yes": yes, "no": no, "unknown": unknown },
    });
    Ok((lines, json))
}
