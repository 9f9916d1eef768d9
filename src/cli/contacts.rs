//! `kensa contacts add | list | remove`: the contacts list the 連絡体制図 (item 3(1)) is drawn from.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};

use super::{Ctx, os_user, pad, print_json};
use crate::i18n::Lang;
use crate::model::contacts::{Contact, Role, missing_named_roles};
use crate::report::labels::role_label;
use crate::store::NewContact;
use crate::text::safe::safe;
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Add a contact: ROLE is department, system_admin, security_officer, manager, vendor, mhlw,
    /// police, prefecture, health_center or other (Japanese names such as 警察 work too).
    Add(AddArgs),
    /// The contacts in escalation order.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Take a contact off the chart (the history stays in the audit log).
    Remove { id: i64 },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    role: String,
    /// Person or desk.
    #[arg(long)]
    name: String,
    /// Organisation (vendor company, department, police station).
    #[arg(long)]
    org: Option<String>,
    /// For a vendor: the system it provides (電子カルテ, レセコン …).
    #[arg(long)]
    system: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// Escalation step, 1 is called first (default: by role, 各部門 1 … 外部関係機関 6).
    #[arg(long)]
    order: Option<u32>,
    /// For a 事業者 entry: the vendor (`kensa vendor list`: id or name) it stands for; the
    /// company, its systems and numbers are taken from the vendor when not given.
    #[arg(long)]
    vendor: Option<String>,
}

pub fn run(ctx: &Ctx, c: ContactsCommand) -> Result<ExitCode> {
    match c {
        ContactsCommand::Add(a) => add(ctx, a),
        ContactsCommand::List { json } => list(ctx, json),
        ContactsCommand::Remove { id } => remove(ctx, id),
    }
}

/// Empty strings from the command line mean "not given".
fn opt(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn add(ctx: &Ctx, a: AddArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let role = Role::parse(&a.role).ok_or_else(|| {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        anyhow!(tr!(
            lang,
            "contacts.bad_role",
            role = safe(&a.role),
            known = known.join(", ")
        ))
    })?;
    let name = a.name.trim().to_string();
    if name.is_empty() {
        return Err(anyhow!(tr!(lang, "contacts.empty_name")));
    }
    let order = a.order.unwrap_or(role.default_order());
    if !(1..=99).contains(&order) {
        return Err(anyhow!(tr!(lang, "contacts.bad_order", order = order)));
    }
    let mut store = ctx.store()?;
    let mut contact = NewContact {
        role,
        name: name.clone(),
        org: opt(a.org),
        system: opt(a.system),
        phone: opt(a.phone),
        email: opt(a.email),
        order,
    };
    let id = match a.vendor.as_deref() {
        None => store.add_contact(&contact, &os_user())?,
        Some(spec) => {
            if role != Role::Vendor {
                return Err(anyhow!(tr!(lang, "contacts.vendor_needs_role")));
            }
            let v = super::vendor::resolve_vendor(ctx, &store, spec)?;
            contact.org = contact.org.or_else(|| Some(v.name.clone()));
            if contact.system.is_none() && !v.systems.is_empty() {
                contact.system = Some(v.systems.join("、"));
            }
            contact.phone = contact.phone.or_else(|| v.phone.clone());
            contact.email = contact.email.or_else(|| v.email.clone());
            store.add_vendor_contact(&contact, v.id, &os_user())?
        }
    };
    outln!(
        "{}",
        tr!(
            lang,
            "contacts.added",
            id = id,
            role = role_label(lang, role),
            name = safe(&name),
            order = order
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.store()?;
    let contacts = store.contacts()?;
    let missing = missing_named_roles(&contacts);
    if json {
        print_json(&serde_json::json!({
            "schema": "kensa.contacts/1",
            "contacts": contacts,
            "missing_named_roles": missing,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if contacts.is_empty() {
        outln!("{}", tr!(lang, "contacts.none"));
    } else {
        outln!(
            "{}{}{}{}{}{}",
            pad("ID", 5),
            pad(tr!(lang, "contacts.col.order"), 8),
            pad(tr!(lang, "contacts.col.role"), 18),
            pad(tr!(lang, "contacts.col.name"), 24),
            pad(tr!(lang, "contacts.col.phone"), 16),
            tr!(lang, "contacts.col.org")
        );
        for c in &contacts {
            outln!("{}", line(lang, c));
        }
    }
    for r in missing {
        outln!(
            "{}",
            tr!(lang, "contacts.missing_role", role = role_label(lang, r))
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn line(lang: Lang, c: &Contact) -> String {
    let org = match (&c.org, &c.system) {
        (Some(o), Some(s)) => format!("{}（{}）", safe(o), safe(s)),
        (Some(o), None) => safe(o).to_string(),
        (None, Some(s)) => format!("（{}）", safe(s)),
        (None, None) => String::new(),
    };
    let email = c
        .email
        .as_deref()
        .map(|e| format!("  {}", safe(e)))
        .unwrap_or_default();
    format!(
        "{}{}{}{}{}{org}{email}",
        pad(&format!("#{}", c.id), 5),
        pad(&c.order.to_string(), 8),
        pad(role_label(lang, c.role), 18),
        pad(&safe(&c.name).to_string(), 24),
        pad(&safe(c.phone.as_deref().unwrap_or("-")).to_string(), 16),
    )
}

fn remove(ctx: &Ctx, id: i64) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    match store.remove_contact(id, &os_user())? {
        Some(c) => {
            outln!(
                "{}",
                tr!(
                    lang,
                    "contacts.removed",
                    id = id,
                    role = role_label(lang, c.role),
                    name = safe(&c.name)
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        None => Err(anyhow!(tr!(lang, "contacts.unknown_id", id = id))),
    }
}
