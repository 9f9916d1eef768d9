//! `kensa sheet new|list`.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Subcommand;

use super::{Ctx, os_user, pad, print_json, today};
use crate::model::carry;
use crate::model::checklist::Form;
use crate::model::rules::{Context, assess};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year};
use crate::store::{CarriedCheck, CheckRecord};
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum SheetCommand {
    /// Start a sheet for an edition and fiscal year, optionally carrying last year's answers.
    New {
        /// Edition id, e.g. hospital-r7.
        #[arg(long)]
        edition: String,
        /// 年度 as the western year it starts (default: the current one).
        #[arg(long)]
        fiscal_year: Option<i16>,
        /// Sheet to carry answers from (id or key such as hospital-r6-2024).
        #[arg(long)]
        from: Option<String>,
    },
    /// Every sheet with its progress.
    List {
        /// Machine-readable output (schema in the README).
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, c: SheetCommand) -> Result<ExitCode> {
    match c {
        SheetCommand::New {
            edition,
            fiscal_year,
            from,
        } => new(ctx, &edition, fiscal_year, from.as_deref()),
        SheetCommand::List { json } => list(ctx, json),
    }
}

fn new(ctx: &Ctx, edition_id: &str, fy: Option<i16>, from: Option<&str>) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let edition = lib.get(edition_id).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "edition.unknown",
            edition = edition_id,
            known = lib.ids().join(", ")
        ))
    })?;
    let mut store = ctx.store()?;
    let facility = ctx.facility(&store)?;
    if edition.form != Form::Vendor && edition.form != facility.kind.own_form() {
        return Err(anyhow!(tr!(
            lang,
            "sheet.wrong_form",
            edition = edition.id,
            kind = super::facility::kind_label(lang, facility.kind)
        )));
    }
    let fy = match fy {
        Some(fy) => fy,
        None => fiscal_year_of(today()?),
    };
    if !(2000..=2100).contains(&fy) {
        return Err(anyhow!(tr!(lang, "sheet.bad_fy", fy = fy)));
    }

    let mut carried = Vec::new();
    let mut from_sheet = None;
    if let Some(f) = from {
        let src = ctx.sheet(&store, Some(f))?;
        let src_edition = lib.get(&src.edition_id).ok_or_else(|| {
            anyhow!(tr!(
                lang,
                "edition.unknown",
                edition = src.edition_id,
                known = lib.ids().join(", ")
            ))
        })?;
        if !carry::can_carry(src_edition, edition) {
            return Err(anyhow!(tr!(
                lang,
                "sheet.cannot_carry",
                from = src.key(),
                to = edition.id,
                previous = edition.previous.as_deref().unwrap_or("-")
            )));
        }
        let old: Vec<CheckRecord> = store.checks(src.id)?;
        let old_model: Vec<_> = old.iter().map(CheckRecord::to_model).collect();
        for p in carry::plan(src_edition, edition, &old_model) {
            let from_date = old
                .iter()
                .find(|c| c.id == p.from_check)
                .and_then(|c| c.checked_on)
                .map(|d| d.to_string())
                .unwrap_or_default();
            carried.push(CarriedCheck {
                note: tr!(
                    lang,
                    "sheet.carried_note",
                    sheet = src.key(),
                    item = p.from_item,
                    scope = p.from_scope,
                    date = from_date
                ),
                item: p.item,
                scope: p.scope,
                answer: p.answer,
                from_check: p.from_check,
            });
        }
        from_sheet = Some(src.id);
    }
    let sheet = store.create_sheet(
        &edition.id,
        edition.form,
        fy,
        from_sheet,
        &carried,
        &os_user(),
    )?;
    outln!(
        "{}",
        tr!(
            lang,
            "sheet.created",
            sheet = sheet.key(),
            title = edition.title,
            fy = format_fiscal_year(fy),
            rows = edition.rows().count()
        )
    );
    if from_sheet.is_some() {
        outln!("{}", tr!(lang, "sheet.carried", count = carried.len()));
    }
    if edition.has_unverified_wording() {
        outln!("{}", tr!(lang, "show.unverified_legend"));
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let store = ctx.store()?;
    let facility = store.facility()?;
    let today = today()?;
    let mut rows = Vec::new();
    for s in store.sheets()? {
        let progress = lib.get(&s.edition_id).map(|e| {
            let checks: Vec<_> = store
                .checks(s.id)?
                .iter()
                .map(CheckRecord::to_model)
                .collect();
            let targets: Vec<_> = store.targets(s.id)?.iter().map(|t| t.to_model()).collect();
            let c = Context {
                edition: e,
                fiscal_year: s.fiscal_year,
                vendor_contracts: facility.as_ref().is_none_or(|f| f.vendor_contracts),
                today,
            };
            anyhow::Ok(assess(&c, &checks, &targets))
        });
        let a = progress.transpose()?;
        rows.push((s, a));
    }
    if json {
        let sheets: Vec<_> = rows
            .iter()
            .map(|(s, a)| {
                serde_json::json!({
                    "id": s.id,
                    "key": s.key(),
                    "edition": s.edition_id,
                    "form": s.form,
                    "fiscal_year": s.fiscal_year,
                    "carried_from": s.carried_from,
                    "created_at": s.created_at,
                    "progress": a.as_ref().map(|a| &a.total),
                    "ready": a.as_ref().map(|a| a.ready),
                })
            })
            .collect();
        print_json(&serde_json::json!({ "schema": "kensa.sheets/1", "sheets": sheets }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        outln!("{}", tr!(lang, "sheet.none"));
        return Ok(ExitCode::SUCCESS);
    }
    for (s, a) in &rows {
        let progress = match a {
            Some(a) => format!("{}/{}", a.total.answered, a.total.required),
            None => tr!(lang, "sheet.edition_missing").to_string(),
        };
        outln!(
            "{:>3}  {}{}{}",
            s.id,
            pad(&s.key(), 22),
            pad(&format_fiscal_year(s.fiscal_year), 12),
            progress
        );
    }
    Ok(ExitCode::SUCCESS)
}
