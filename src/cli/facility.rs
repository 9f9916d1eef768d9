//! `kensa init`: the facility profile.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::{Ctx, os_user};
use crate::model::facility::{Facility, FacilityKind};
use crate::text::kind_label;
use crate::text::safe::safe;
use crate::tr;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Facility name (施設名).
    #[arg(long)]
    name: String,
    /// hospital (病院), clinic-beds (有床診療所), clinic (無床診療所), pharmacy (薬局).
    #[arg(long, value_parser = ["hospital", "clinic-beds", "clinic", "pharmacy"])]
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
    /// Replace an existing profile (answers are kept).
    #[arg(long)]
    force: bool,
}

pub fn init(ctx: &Ctx, a: InitArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let name = a.name.trim();
    if name.is_empty() {
        return Err(anyhow!(tr!(lang, "init.empty_name")));
    }
    let kind = FacilityKind::parse(&a.kind).ok_or_else(|| anyhow!("{}", a.kind))?;
    let mut store = ctx.store()?;
    if let Some(existing) = store.facility()?
        && !a.force
    {
        return Err(anyhow!(tr!(lang, "init.exists", name = existing.name)));
    }
    let facility = Facility {
        name: name.to_string(),
        kind,
        prefecture: a.prefecture.filter(|p| !p.trim().is_empty()),
        manager: a.manager,
        security_officer: a.security_officer,
        vendor_contracts: a.vendor_contracts == "yes",
    };
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
