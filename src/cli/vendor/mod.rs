//! `kensa vendor …`: the vendors under contract, their 事業者確認用 (one per vendor per 年度),
//! requests and responses as files, MDS/SDS, and the coverage of the vendors' 該当なし.
//!
//! The facility's side: add|list|edit|remove|adopt, request, import, status, disclosure.
//! The vendor's side (a vendor who runs kensa): fill, respond.

mod exchange;
mod status;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use jiff::civil::Date;

use super::{Ctx, os_user, pad, print_json, today};
use crate::model::checklist::Scope;
use crate::model::vendor::{DisclosureKind, Vendor, current_disclosures, disclosure_is_old};
use crate::store::{DisclosureInput, EvidenceFile, NewVendor, Store, VendorFilter};
use crate::text::safe::safe;
use crate::text::{parse_date_arg, scope_label};
use crate::tr;

pub use status::{json as status_json, print_vendor_section};

#[derive(Debug, Subcommand)]
pub enum VendorCommand {
    /// Add a vendor under contract (電子カルテ, レセコン, PACS, network, maintenance company).
    Add(AddArgs),
    /// The vendors, with their contracts.
    List {
        /// Machine-readable output; removed vendors too.
        #[arg(long)]
        json: bool,
    },
    /// Change a vendor's details (only the options given change).
    Edit(EditArgs),
    /// Take a vendor off the list when its contract ends (its sheets and history stay).
    Remove {
        /// Vendor: id or name.
        vendor: String,
    },
    /// Attach a 事業者確認用 made before kensa knew vendors to the vendor it is for.
    Adopt {
        /// The sheet: number or key such as vendor-r7-2025.
        sheet: String,
        /// Vendor: id or name.
        #[arg(long)]
        vendor: String,
    },
    /// Write a request for a vendor's 事業者確認用 (Excel, or a signed kensa file).
    Request(exchange::RequestArgs),
    /// Read a vendor's response (the filled Excel file or a signed kensa response).
    Import(exchange::ImportArgs),
    /// Each vendor's sheet status, the coverage matrix and its gaps, MDS/SDS.
    Status(status::StatusArgs),
    /// MDS/SDS (製造業者/サービス事業者による医療情報セキュリティ開示書) received.
    #[command(subcommand)]
    Disclosure(DisclosureCommand),
    /// On the vendor's machine: take a kensa request and prepare the vendor's own sheet.
    Fill(exchange::FillArgs),
    /// On the vendor's machine: answer a kensa request from the vendor's own sheet, signed.
    Respond(exchange::RespondArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Company name, as it heads its 事業者確認用.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Vendor: id or name.
    vendor: String,
    /// New company name.
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, Args)]
pub struct Fields {
    /// 担当者.
    #[arg(long)]
    person: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// A system or service it supplies: 電子カルテ, PACS, 院内ネットワーク, 保守 … (repeatable;
    /// replaces the list when given to `edit`).
    #[arg(long = "system")]
    systems: Vec<String>,
    /// 契約開始日.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// 契約終了日.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Whether it maintains systems remotely (リモートメンテナンス).
    #[arg(long, value_parser = ["yes", "no"])]
    remote_maintenance: Option<String>,
    /// Asset scopes its contract covers: server, terminal, network (サーバ, 端末, ネットワーク);
    /// comma-separated or repeated. Rows of other scopes are 該当なし for this vendor.
    #[arg(long = "scope", value_delimiter = ',')]
    scopes: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum DisclosureCommand {
    /// Record an MDS/SDS received, with its file kept like evidence.
    Add(DisclosureArgs),
    /// Every MDS/SDS received, the newest of each product first flagged.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct DisclosureArgs {
    /// Vendor: id or name.
    vendor: String,
    /// mds (製造業者) or sds (サービス事業者).
    #[arg(long, value_parser = ["mds", "sds"])]
    kind: String,
    /// The product or service it describes.
    #[arg(long)]
    product: String,
    /// Version of the form (JAHIS/JIRA Ver.5.0 is current).
    #[arg(long, default_value = "5.0")]
    version: String,
    /// Date received (default: today).
    #[arg(long, value_name = "DATE")]
    received: Option<String>,
    /// How many of its items are answered いいえ.
    #[arg(long)]
    no_count: u32,
    /// The file as received (kept in the database like evidence).
    #[arg(long)]
    file: Option<PathBuf>,
    #[arg(long)]
    note: Option<String>,
}

pub fn run(ctx: &Ctx, c: VendorCommand) -> Result<ExitCode> {
    match c {
        VendorCommand::Add(a) => add(ctx, a),
        VendorCommand::List { json } => list(ctx, json),
        VendorCommand::Edit(a) => edit(ctx, a),
        VendorCommand::Remove { vendor } => remove(ctx, &vendor),
        VendorCommand::Adopt { sheet, vendor } => adopt(ctx, &sheet, &vendor),
        VendorCommand::Request(a) => exchange::request(ctx, a),
        VendorCommand::Import(a) => exchange::import(ctx, a),
        VendorCommand::Status(a) => status::status(ctx, a),
        VendorCommand::Disclosure(DisclosureCommand::Add(a)) => add_disclosure(ctx, a),
        VendorCommand::Disclosure(DisclosureCommand::List { json }) => list_disclosures(ctx, json),
        VendorCommand::Fill(a) => exchange::fill(ctx, a),
        VendorCommand::Respond(a) => exchange::respond(ctx, a),
    }
}

/// A listed vendor by id or exact name.
pub fn resolve_vendor(ctx: &Ctx, store: &Store, spec: &str) -> Result<Vendor> {
    let vendors = store.vendors(VendorFilter::Live)?;
    let spec = spec.trim();
    let by_id = spec.trim_start_matches('#').parse::<i64>().ok();
    vendors
        .iter()
        .find(|v| Some(v.id) == by_id || v.name == spec)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<String> = vendors
                .iter()
                .map(|v| format!("{} {}", v.id, safe(&v.name)))
                .collect();
            anyhow!(tr!(
                ctx.lang,
                "vendor.unknown",
                vendor = safe(spec),
                known = if known.is_empty() {
                    "-".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })
}

fn opt(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn parse_scopes(ctx: &Ctx, given: &[String]) -> Result<Vec<Scope>> {
    given
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            Scope::parse(s)
                .filter(|s| *s != Scope::General)
                .ok_or_else(|| anyhow!(tr!(ctx.lang, "vendor.bad_scope", scope = safe(s))))
        })
        .collect()
}

fn date_opt(ctx: &Ctx, what: &str, s: &Option<String>) -> Result<Option<Date>> {
    s.as_deref()
        .map(|d| parse_date_arg(ctx.lang, what, d))
        .transpose()
}

/// Apply the options given to a vendor's fields.
fn apply(ctx: &Ctx, v: &mut NewVendor, f: Fields) -> Result<()> {
    let lang = ctx.lang;
    if f.person.is_some() {
        v.person = opt(f.person);
    }
    if f.phone.is_some() {
        v.phone = opt(f.phone);
    }
    if f.email.is_some() {
        v.email = opt(f.email);
    }
    if !f.systems.is_empty() {
        v.systems = f.systems;
    }
    if let Some(d) = date_opt(ctx, tr!(lang, "vendor.what_from"), &f.from)? {
        v.contract_from = Some(d);
    }
    if let Some(d) = date_opt(ctx, tr!(lang, "vendor.what_until"), &f.until)? {
        v.contract_until = Some(d);
    }
    if let Some(r) = f.remote_maintenance {
        v.remote_maintenance = r == "yes";
    }
    if !f.scopes.is_empty() {
        v.scopes = parse_scopes(ctx, &f.scopes)?;
    }
    Ok(())
}

fn add(ctx: &Ctx, a: AddArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut v = NewVendor {
        name: a.name.trim().to_string(),
        ..NewVendor::default()
    };
    apply(ctx, &mut v, a.fields)?;
    let mut store = ctx.store()?;
    let id = store.add_vendor(&v, &os_user())?;
    outln!(
        "{}",
        tr!(lang, "vendor.added", id = id, name = safe(&v.name))
    );
    if v.scopes.is_empty() {
        outln!("{}", tr!(lang, "vendor.no_scopes_hint", id = id));
    }
    if !store.facility()?.is_some_and(|f| f.vendor_contracts) {
        outln!("{}", tr!(lang, "vendor.contracts_flag_hint"));
    }
    Ok(ExitCode::SUCCESS)
}

fn edit(ctx: &Ctx, a: EditArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let found = resolve_vendor(ctx, &store, &a.vendor)?;
    let mut v = NewVendor::of(&found);
    if let Some(n) = a.name {
        v.name = n.trim().to_string();
    }
    apply(ctx, &mut v, a.fields)?;
    store.edit_vendor(found.id, &v, &os_user())?;
    outln!(
        "{}",
        tr!(lang, "vendor.edited", id = found.id, name = safe(&v.name))
    );
    Ok(ExitCode::SUCCESS)
}

fn remove(ctx: &Ctx, spec: &str) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let v = resolve_vendor(ctx, &store, spec)?;
    store.remove_vendor(v.id, &os_user())?;
    outln!(
        "{}",
        tr!(lang, "vendor.removed", id = v.id, name = safe(&v.name))
    );
    Ok(ExitCode::SUCCESS)
}

fn adopt(ctx: &Ctx, sheet: &str, spec: &str) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let v = resolve_vendor(ctx, &store, spec)?;
    let s = ctx.sheet(&store, Some(sheet))?;
    let attached = store.attach_sheet(s.id, v.id, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.adopted",
            sheet = s.key(),
            name = safe(&v.name),
            key = attached.key()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `server, network` in the user's language, or 全般のみ.
fn scopes_text(ctx: &Ctx, scopes: &[Scope]) -> String {
    if scopes.is_empty() {
        return tr!(ctx.lang, "vendor.scopes_general_only").to_string();
    }
    scopes
        .iter()
        .map(|s| scope_label(ctx.lang, *s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    if json {
        print_json(&serde_json::json!({
            "schema": "kensa.vendors/1",
            "vendors": store.vendors(VendorFilter::All)?,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let vendors = store.vendors(VendorFilter::Live)?;
    if vendors.is_empty() {
        outln!("{}", tr!(lang, "vendor.none"));
        return Ok(ExitCode::SUCCESS);
    }
    for v in &vendors {
        outln!(
            "{}{}",
            pad(&format!("#{}", v.id), 5),
            pad(&safe(&v.name).to_string(), 24)
        );
        let contract = match (v.contract_from, v.contract_until) {
            (None, None) => "-".to_string(),
            (f, u) => format!(
                "{} – {}",
                f.map(|d| d.to_string()).unwrap_or_default(),
                u.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        outln!(
            "     {}",
            tr!(
                lang,
                "vendor.list_line",
                systems = if v.systems.is_empty() {
                    "-".to_string()
                } else {
                    safe(&v.systems.join("、")).to_string()
                },
                scopes = scopes_text(ctx, &v.scopes),
                contract = contract,
                remote = if v.remote_maintenance {
                    tr!(lang, "vendor.remote_yes")
                } else {
                    tr!(lang, "vendor.remote_no")
                }
            )
        );
        let contact: Vec<String> = [&v.person, &v.phone, &v.email]
            .into_iter()
            .flatten()
            .map(|s| safe(s).to_string())
            .collect();
        if !contact.is_empty() {
            outln!("     {}", contact.join("  "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn add_disclosure(ctx: &Ctx, a: DisclosureArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let v = resolve_vendor(ctx, &store, &a.vendor)?;
    let received = match &a.received {
        Some(d) => parse_date_arg(lang, tr!(lang, "vendor.what_received"), d)?,
        None => today()?,
    };
    if received > today()? {
        return Err(anyhow!(tr!(lang, "answer.date_in_future", date = received)));
    }
    let file = a.file.as_deref().map(EvidenceFile::read).transpose()?;
    let kind = DisclosureKind::parse(&a.kind).unwrap_or(DisclosureKind::Sds);
    let id = store.add_disclosure(
        &DisclosureInput {
            vendor_id: v.id,
            product: a.product.trim().to_string(),
            kind,
            version: a.version.trim().to_string(),
            received_on: received,
            no_count: a.no_count,
            note: a.note.unwrap_or_default(),
            file,
        },
        &os_user(),
    )?;
    outln!(
        "{}",
        tr!(
            lang,
            "vendor.disclosure_added",
            id = id,
            kind = kind.label(),
            product = safe(a.product.trim()),
            name = safe(&v.name),
            count = a.no_count
        )
    );
    if a.no_count > 0 {
        outln!("{}", tr!(lang, "vendor.disclosure_no_hint"));
    }
    Ok(ExitCode::SUCCESS)
}

fn list_disclosures(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let all = store.disclosures()?;
    let vendors = store.vendors(VendorFilter::All)?;
    if json {
        print_json(&serde_json::json!({
            "schema": "kensa.disclosures/1",
            "disclosures": all,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        outln!("{}", tr!(lang, "vendor.disclosure_none"));
        return Ok(ExitCode::SUCCESS);
    }
    let today = today()?;
    for v in &vendors {
        let current = current_disclosures(&all, v.id);
        if current.is_empty() {
            continue;
        }
        outln!("{}", safe(&v.name));
        for d in current {
            outln!("  {}", disclosure_line(ctx, d, today));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Item 2(3)'s detail: the newest MDS/SDS of each product of every vendor, flagged.
pub fn print_item_2_3(ctx: &Ctx, store: &Store) -> Result<()> {
    let all = store.disclosures()?;
    let vendors = store.vendors(VendorFilter::All)?;
    if vendors.is_empty() {
        return Ok(());
    }
    let today = today()?;
    outln!("{}", tr!(ctx.lang, "vendor.item_2_3"));
    let mut any = false;
    for v in &vendors {
        for d in current_disclosures(&all, v.id) {
            any = true;
            outln!("  {}  {}", safe(&v.name), disclosure_line(ctx, d, today));
        }
    }
    if !any {
        outln!("  {}", tr!(ctx.lang, "vendor.disclosure_none"));
    }
    Ok(())
}

/// `SDS 電子カルテX Ver.5.0 2025-05-01 いいえ 2 [いいえあり] [1年以上前] (SDS.xlsx)`.
pub fn disclosure_line(ctx: &Ctx, d: &crate::model::vendor::Disclosure, today: Date) -> String {
    let lang = ctx.lang;
    let mut line = tr!(
        lang,
        "vendor.disclosure_line",
        kind = d.kind.label(),
        product = safe(&d.product),
        version = safe(&d.version),
        received = d.received_on,
        count = d.no_count
    );
    if d.no_count > 0 {
        line.push_str(&format!("  [{}]", tr!(lang, "vendor.flag_no_remaining")));
    }
    if disclosure_is_old(d, today) {
        line.push_str(&format!("  [{}]", tr!(lang, "vendor.flag_old")));
    }
    if let Some(f) = &d.file {
        line.push_str(&format!(
            "  ({} {}B sha256:{})",
            safe(&f.name),
            f.size,
            &f.sha256[..12.min(f.sha256.len())]
        ));
    }
    line
}
