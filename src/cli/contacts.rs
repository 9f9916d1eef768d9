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
    let store = ctx.existing_store()?;
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
        for line in table(lang, &contacts) {
            outln!("{line}");
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

/// The contacts as aligned lines: each column as wide as its widest cell (display width, so a
/// kanji counts two), two spaces between columns; the last column (organisation and e-mail) is
/// not padded. Outside text is made terminal-safe first and measured as shown.
fn table(lang: Lang, contacts: &[Contact]) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let header = [
        "ID".to_string(),
        tr!(lang, "contacts.col.order").to_string(),
        tr!(lang, "contacts.col.role").to_string(),
        tr!(lang, "contacts.col.name").to_string(),
        tr!(lang, "contacts.col.phone").to_string(),
        tr!(lang, "contacts.col.org").to_string(),
    ];
    let rows: Vec<[String; 6]> = contacts.iter().map(|c| cells(lang, c)).collect();
    let mut widths = [0usize; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    std::iter::once(&header)
        .chain(&rows)
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i + 1 == row.len() {
                    line.push_str(cell);
                } else {
                    line.push_str(&pad(cell, widths[i] + 2));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

fn cells(lang: Lang, c: &Contact) -> [String; 6] {
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
    [
        format!("#{}", c.id),
        c.order.to_string(),
        role_label(lang, c.role).to_string(),
        safe(&c.name).to_string(),
        safe(c.phone.as_deref().unwrap_or("-")).to_string(),
        format!("{org}{email}"),
    ]
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn contact(id: i64, role: Role, name: &str, phone: &str) -> Contact {
        Contact {
            id,
            role,
            name: name.into(),
            org: Some("警視庁".into()),
            system: None,
            phone: Some(phone.into()),
            email: None,
            order: role.default_order(),
            vendor: None,
        }
    }

    /// Every column starts at the same display column on every line, however wide a name is.
    #[test]
    fn columns_align_with_wide_names() {
        let cs = [
            contact(
                1,
                Role::Police,
                "サイバー犯罪相談窓口（とても長い名前の担当部署）",
                "#9110",
            ),
            contact(12, Role::SystemAdmin, "佐藤", "045-000-1001"),
            contact(3, Role::Other, "Wide ＡＢＣ name", "03-1111-2222"),
        ];
        let lines = table(Lang::Ja, &cs);
        assert_eq!(lines.len(), 4);
        let col_of = |line: &str, needle: &str| {
            let at = line
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} in {line}"));
            line[..at].width()
        };
        let phones = ["#9110", "045-000-1001", "03-1111-2222"];
        let starts: Vec<usize> = lines[1..]
            .iter()
            .zip(phones)
            .map(|(l, p)| col_of(l, p))
            .collect();
        assert!(starts.iter().all(|s| *s == starts[0]), "{lines:#?}");
        assert_eq!(col_of(&lines[0], "電話"), starts[0], "{lines:#?}");
        // The name never runs into the phone number: at least two spaces between.
        assert!(lines[1].contains("部署）  "), "{lines:#?}");
        let orgs: Vec<usize> = lines[1..].iter().map(|l| col_of(l, "警視庁")).collect();
        assert!(orgs.iter().all(|s| *s == orgs[0]), "{lines:#?}");
    }
}
