//! `kensa init` and `kensa facility show|edit`: the facility profile.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};

use super::{Ctx, os_user, print_json};
use crate::i18n::Lang;
use crate::model::facility::{Facility, FacilityKind, check_beds, parse_institution_code};
use crate::text::facility::{beds_message, institution_code_message};
use crate::text::kind_label;
use crate::text::safe::safe;
use crate::tr;

const KINDS: [&str; 4] = ["hospital", "clinic-beds", "clinic", "pharmacy"];

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Facility name (施設名).
    #[arg(long)]
    name: String,
    /// hospital (病院), clinic-beds (有床診療所), clinic (無床診療所), pharmacy (薬局).
    #[arg(long, value_parser = KINDS)]
    kind: String,
    /// Prefecture (都道府県), e.g. 東京都.
    #[arg(long)]
    prefecture: Option<String>,
    /// Whether the facility has contracts with system vendors (decides items 2(2) and 2(3)).
    #[arg(long, value_parser = ["yes", "no"], default_value = "yes")]
    vendor_contracts: String,
    /// 管理者 (院長 / 管理薬剤師).
    #[arg(long)]
    manager: Option<String>,
    /// 医療情報システム安全管理責任者.
    #[arg(long)]
    security_officer: Option<String>,
    /// 医療機関コード: 10 digits (都道府県番号 2, 点数表番号 1, 医療機関コード 7).
    #[arg(long, value_name = "CODE")]
    institution_code: Option<String>,
    /// 病床数 (許可病床数); 0 for a clinic without beds.
    #[arg(long)]
    beds: Option<u32>,
    /// 開設者 (医療法人, 地方公共団体, 個人 …).
    #[arg(long)]
    founder: Option<String>,
    /// Replace an existing profile (answers are kept).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Subcommand)]
pub enum FacilityCommand {
    /// Show the facility profile.
    Show {
        /// Machine-readable output (the record's `facility` object).
        #[arg(long)]
        json: bool,
    },
    /// Change fields of the profile; an empty value clears an optional field.
    Edit(EditArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Facility name (施設名).
    #[arg(long)]
    name: Option<String>,
    /// hospital, clinic-beds, clinic, pharmacy.
    #[arg(long, value_parser = KINDS)]
    kind: Option<String>,
    /// Prefecture (都道府県).
    #[arg(long)]
    prefecture: Option<String>,
    /// yes or no.
    #[arg(long, value_parser = ["yes", "no"])]
    vendor_contracts: Option<String>,
    /// 管理者.
    #[arg(long)]
    manager: Option<String>,
    /// 医療情報システム安全管理責任者.
    #[arg(long)]
    security_officer: Option<String>,
    /// 医療機関コード (10 digits).
    #[arg(long, value_name = "CODE")]
    institution_code: Option<String>,
    /// 病床数.
    #[arg(long)]
    beds: Option<u32>,
    /// 開設者.
    #[arg(long)]
    founder: Option<String>,
}

/// A typed optional text: blank means "not set".
fn optional(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Check the fields that have rules and normalise the 医療機関コード.
pub fn checked_profile(lang: Lang, mut f: Facility) -> Result<Facility> {
    if let Some(raw) = f.institution_code.take() {
        let code = parse_institution_code(&raw, f.kind, f.prefecture.as_deref())
            .map_err(|e| anyhow!(institution_code_message(lang, &raw, f.kind, &e)))?;
        f.institution_code = Some(code);
    }
    if let Some(beds) = f.beds {
        check_beds(f.kind, beds).map_err(|e| anyhow!(beds_message(lang, beds, e)))?;
    }
    Ok(f)
}

pub fn init(ctx: &Ctx, a: InitArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let name = a.name.trim();
    if name.is_empty() {
        return Err(anyhow!(tr!(lang, "init.empty_name")));
    }
    let kind = FacilityKind::parse(&a.kind).ok_or_else(|| anyhow!("{}", a.kind))?;
    let facility = checked_profile(
        lang,
        Facility {
            name: name.to_string(),
            kind,
            prefecture: optional(a.prefecture),
            manager: a.manager,
            security_officer: a.security_officer,
            vendor_contracts: a.vendor_contracts == "yes",
            institution_code: optional(a.institution_code),
            beds: a.beds,
            founder: optional(a.founder),
        },
    )?;
    let mut store = ctx.store()?;
    if let Some(existing) = store.facility()?
        && !a.force
    {
        return Err(anyhow!(tr!(lang, "init.exists", name = existing.name)));
    }
    store.save_facility(&facility, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "init.done",
            name = safe(&facility.name),
            kind = kind_label(lang, kind),
            path = store.path().display()
        )
    );
    let form = kind.own_form();
    if let Some(latest) = ctx.library().latest(form) {
        outln!("{}", tr!(lang, "init.next", edition = latest.id));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn facility(ctx: &Ctx, cmd: FacilityCommand) -> Result<ExitCode> {
    match cmd {
        FacilityCommand::Show { json } => show(ctx, json),
        FacilityCommand::Edit(a) => edit(ctx, a),
    }
}

fn show(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let f = ctx.facility(&store)?;
    if json {
        print_json(&f)?;
        return Ok(ExitCode::SUCCESS);
    }
    let unset = tr!(lang, "facility.label.unset").to_string();
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::to_string)
            .unwrap_or_else(|| unset.clone())
    };
    let lines = [
        (tr!(lang, "facility.label.name"), f.name.clone()),
        (
            tr!(lang, "facility.label.kind"),
            kind_label(lang, f.kind).to_string(),
        ),
        (tr!(lang, "facility.label.prefecture"), text(&f.prefecture)),
        (
            tr!(lang, "facility.label.institution_code"),
            text(&f.institution_code),
        ),
        (
            tr!(lang, "facility.label.beds"),
            f.beds.map(|b| b.to_string()).unwrap_or(unset.clone()),
        ),
        (tr!(lang, "facility.label.founder"), text(&f.founder)),
        (tr!(lang, "facility.label.manager"), text(&f.manager)),
        (
            tr!(lang, "facility.label.security_officer"),
            text(&f.security_officer),
        ),
        (
            tr!(lang, "facility.label.vendor_contracts"),
            if f.vendor_contracts {
                tr!(lang, "facility.label.yes")
            } else {
                tr!(lang, "facility.label.no")
            }
            .to_string(),
        ),
    ];
    for (label, value) in lines {
        // Values typed by a person: a line break in one must not forge another line.
        outln!("{label}: {}", crate::text::safe::safe(&value));
    }
    Ok(ExitCode::SUCCESS)
}

fn edit(ctx: &Ctx, a: EditArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.existing_store()?;
    let mut f = ctx.facility(&store)?;
    let before = f.clone();
    if let Some(name) = a.name {
        let name = name.trim();
        if name.is_empty() {
            return Err(anyhow!(tr!(lang, "init.empty_name")));
        }
        name.clone_into(&mut f.name);
    }
    if let Some(k) = a.kind.as_deref().and_then(FacilityKind::parse) {
        f.kind = k;
    }
    if let Some(v) = a.vendor_contracts {
        f.vendor_contracts = v == "yes";
    }
    if a.prefecture.is_some() {
        f.prefecture = optional(a.prefecture);
    }
    if a.manager.is_some() {
        f.manager = optional(a.manager);
    }
    if a.security_officer.is_some() {
        f.security_officer = optional(a.security_officer);
    }
    if a.institution_code.is_some() {
        f.institution_code = optional(a.institution_code);
    }
    if a.beds.is_some() {
        f.beds = a.beds;
    }
    if a.founder.is_some() {
        f.founder = optional(a.founder);
    }
    let f = checked_profile(lang, f)?;
    if f == before {
        return Err(anyhow!(tr!(lang, "facility.nothing_to_change")));
    }
    store.save_facility(&f, &os_user())?;
    outln!("{}", tr!(lang, "facility.updated", name = f.name));
    Ok(ExitCode::SUCCESS)
}
