//! `kensa sheet new|list`.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Subcommand;

use super::{Ctx, os_user, pad, print_json, today};
use crate::model::checklist::Form;
use crate::model::entry::check_new_sheet;
use crate::model::rules::{Context, assess};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year};
use crate::store::CheckRecord;
use crate::text::{edition_year, sheet_refusal_message};
use crate::tr;
use crate::workflow;

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
        /// Use this edition although the library has a newer one for the 年度 (its 参考項目
        /// exemptions then do not apply).
        #[arg(long)]
        older_edition: bool,
    },
    /// Every sheet with its progress.
    List {
        /// Machine-readable output (schema in the README).
        #[arg(long)]
        json: bool,
    },
    /// Bring a filled official Excel (last year's answers) into a sheet: all or nothing.
    Import(super::import::SheetImportArgs),
}

pub fn run(ctx: &Ctx, c: SheetCommand) -> Result<ExitCode> {
    match c {
        SheetCommand::New {
            edition,
            fiscal_year,
            from,
            older_edition,
        } => new(ctx, &edition, fiscal_year, from.as_deref(), older_edition),
        SheetCommand::List { json } => list(ctx, json),
        SheetCommand::Import(a) => super::import::sheet_import(ctx, a),
    }
}

fn new(
    ctx: &Ctx,
    edition_id: &str,
    fy: Option<i16>,
    from: Option<&str>,
    older_edition: bool,
) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let edition = lib.get(edition_id).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "edition.unknown",
            edition = crate::text::safe::safe(edition_id),
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
            kind = crate::text::kind_label(lang, facility.kind)
        )));
    }
    let today = today()?;
    let fy = fy.unwrap_or_else(|| fiscal_year_of(today));
    if !(2000..=2100).contains(&fy) {
        return Err(anyhow!(tr!(lang, "sheet.bad_fy", fy = fy)));
    }
    let newer = lib.newer_than(edition, fy);
    check_new_sheet(fy, today, newer, older_edition)
        .map_err(|r| anyhow!(sheet_refusal_message(lang, &r, edition, fy)))?;

    let src = match from {
        Some(f) => Some(ctx.sheet(&store, Some(f))?),
        None => None,
    };
    let (sheet, carried) = workflow::start_sheet(
        &mut store,
        &lib,
        lang,
        edition,
        fy,
        src.as_ref(),
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
    if src.is_some() {
        outln!("{}", tr!(lang, "sheet.carried", count = carried));
    }
    // R7 for 令和8年度 is said out loud: the official edition exists, kensa has no items for it.
    for line in crate::text::editions::newer_official_lines(lang, &lib, edition, fy) {
        outln!("{line}");
    }
    if let Some(n) = newer {
        outln!(
            "{}",
            tr!(
                lang,
                "sheet.older_edition_used",
                edition = edition.id,
                edition_fy = edition_year(lang, edition),
                fy = format_fiscal_year(fy),
                newer = n.id
            )
        );
    }
    for legend in crate::text::editions::wording_legends(lang, edition) {
        outln!("{legend}");
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let store = ctx.existing_store()?;
    let facility = store.facility()?;
    let today = today()?;
    let contacts = store.contacts()?;
    let vendors = store.vendors(crate::store::VendorFilter::All)?;
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
                contacts: &contacts,
            };
            let a = assess(&c, &checks, &targets);
            // A vendor's sheet is required only as far as its contract goes.
            let vendor = s.vendor.and_then(|id| vendors.iter().find(|v| v.id == id));
            anyhow::Ok(match vendor {
                Some(v) => crate::model::vendor::narrow_to_contract(a, v),
                None => a,
            })
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
