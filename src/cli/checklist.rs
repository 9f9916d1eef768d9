//! `kensa checklist list|show|validate`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Subcommand;

use super::{Ctx, pad, print_json};
use crate::editions::validate_files;
use crate::model::checklist::calendar_year;
use crate::model::checklist::{Edition, Wording};
use crate::model::wareki::format_fiscal_year;
use crate::text::editions::{instruction_line, wording_legends, wording_mark};
use crate::text::{form_label, scope_label};
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// Every edition kensa knows (built in and from the user folder).
    List {
        /// Machine-readable output (schema in the README).
        #[arg(long)]
        json: bool,
    },
    /// One edition's items, e.g. `hospital-r7`.
    Show {
        /// Edition id, e.g. hospital-r7 (see `kensa checklist list`).
        edition: String,
        /// Machine-readable output (schema in the README).
        #[arg(long)]
        json: bool,
    },
    /// Check edition files; every error with file, line and column. Exit 1 if any.
    Validate {
        /// Edition YAML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Read an official checklist workbook (.xlsx from MHLW) into an edition YAML.
    Import(super::import::ChecklistImportArgs),
}

pub fn run(ctx: &Ctx, c: ChecklistCommand) -> Result<ExitCode> {
    match c {
        ChecklistCommand::List { json } => list(ctx, json),
        ChecklistCommand::Show { edition, json } => show(ctx, &edition, json),
        ChecklistCommand::Validate { files } => validate(ctx, &files),
        ChecklistCommand::Import(a) => super::import::checklist_import(ctx, a),
    }
}

fn list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lib = ctx.library();
    let lang = ctx.lang;
    if json {
        let editions: Vec<_> = lib
            .all()
            .iter()
            .map(|l| {
                let e = &l.edition;
                serde_json::json!({
                    "id": e.id,
                    "form": e.form,
                    "edition": e.edition,
                    "fiscal_year": e.fiscal_year,
                    "title": e.title,
                    "published": e.published,
                    "previous": e.previous,
                    "items": e.all_items().count(),
                    "rows": e.rows().count(),
                    "unverified_items": e.all_items().filter(|i| i.wording == Wording::Unverified).count(),
                    "wording": Wording::ALL
                        .iter()
                        .map(|w| (w.as_str(), e.all_items().filter(|i| i.wording == *w).count()))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                    "origin": l.origin,
                })
            })
            .collect();
        print_json(&serde_json::json!({ "schema": "kensa.editions/1", "editions": editions }))?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{}{}{}{}{}",
        pad(tr!(lang, "list.id"), 14),
        pad(tr!(lang, "list.form"), 16),
        pad(tr!(lang, "list.fy"), 12),
        pad(tr!(lang, "list.rows"), 8),
        tr!(lang, "list.unverified")
    );
    for l in lib.all() {
        let e = &l.edition;
        // Every text that is not the verified print: draft, unverified and unknown.
        let unverified = e.all_items().filter(|i| i.wording.needs_note()).count();
        let origin = match &l.origin {
            crate::editions::Origin::Builtin(_) => String::new(),
            crate::editions::Origin::User(p) => format!("  ({})", p.display()),
        };
        outln!(
            "{}{}{}{}{}{origin}",
            pad(&e.id, 14),
            pad(form_label(lang, e.form), 16),
            pad(&format_fiscal_year(calendar_year(e.fiscal_year)), 12),
            pad(&e.rows().count().to_string(), 8),
            unverified
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn find<'a>(ctx: &Ctx, lib: &'a crate::editions::Library, id: &str) -> Result<&'a Edition> {
    lib.get(id).ok_or_else(|| {
        anyhow!(tr!(
            ctx.lang,
            "edition.unknown",
            edition = crate::text::safe::safe(id),
            known = lib.ids().join(", ")
        ))
    })
}

fn show(ctx: &Ctx, id: &str, json: bool) -> Result<ExitCode> {
    let lib = ctx.library();
    let e = find(ctx, &lib, id)?;
    let lang = ctx.lang;
    if json {
        print_json(&serde_json::json!({ "schema": "kensa.edition/1", "edition": e }))?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{}  {} ({})",
        e.id,
        e.title,
        format_fiscal_year(calendar_year(e.fiscal_year))
    );
    outln!(
        "{}: {}  {}",
        tr!(lang, "show.source"),
        e.published,
        e.source
    );
    for line in &e.instructions {
        outln!("  {}", instruction_line(lang, line));
    }
    let flag = |w: Wording| {
        wording_mark(lang, w)
            .map(|m| format!(" {m}"))
            .unwrap_or_default()
    };
    if let Some(g) = &e.gate {
        outln!(
            "\n[{}] {}{}",
            crate::text::item_words(lang, Some(e), &g.id),
            g.text,
            flag(g.wording)
        );
    }
    for s in &e.sections {
        outln!("\n{} {}", s.number, s.title);
        for i in &s.items {
            let scopes: Vec<&str> = i.scopes.iter().map(|s| scope_label(lang, *s)).collect();
            outln!("  {:<5} {}{}{}", i.id, i.number, i.text, flag(i.wording));
            let mut extra = vec![format!(
                "{}: {}",
                tr!(lang, "show.scopes"),
                scopes.join("・")
            )];
            if let Some(fy) = i.deadline_fiscal_year {
                extra.push(tr!(
                    lang,
                    "show.deadline",
                    fy = format_fiscal_year(calendar_year(fy))
                ));
            }
            if i.deadline_relief.is_some() {
                extra.push(tr!(lang, "show.deadline_relief").to_string());
            }
            if !i.reference_scopes.is_empty() {
                let r: Vec<&str> = i
                    .reference_scopes
                    .iter()
                    .map(|s| scope_label(lang, *s))
                    .collect();
                extra.push(format!("{}: {}", tr!(lang, "show.reference"), r.join("・")));
            }
            if i.not_applicable_when.is_some() {
                extra.push(tr!(lang, "show.na_rule").to_string());
            }
            outln!("        {}", extra.join(" / "));
        }
    }
    for (n, legend) in wording_legends(lang, e).into_iter().enumerate() {
        outln!("{}{legend}", if n == 0 { "\n" } else { "" });
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(ctx: &Ctx, files: &[PathBuf]) -> Result<ExitCode> {
    let lib = ctx.library();
    let problems = validate_files(files, &lib);
    let lang = ctx.lang;
    let mut count = 0;
    for p in &problems {
        for e in &p.errors {
            outln!(
                "{}:{}:{}: {}",
                e.pos.file,
                e.pos.line,
                e.pos.column,
                e.message
            );
            count += 1;
        }
    }
    if count == 0 {
        outln!("{}", tr!(lang, "validate.ok", files = files.len()));
        Ok(ExitCode::SUCCESS)
    } else {
        errln!(
            "{}",
            tr!(
                lang,
                "validate.failed",
                errors = count,
                files = problems.len()
            )
        );
        Ok(ExitCode::FAILURE)
    }
}
