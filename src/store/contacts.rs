//! Contacts storage (連絡体制図, item 3(1)). Every write is audited like the other tables;
//! removal marks the row instead of deleting it, so history stays verifiable.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, audit, now, parse_col};
use crate::model::contacts::{Contact, Role};

/// A contact as the user gave it.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub role: Role,
    pub name: String,
    pub org: Option<String>,
    pub system: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub order: u32,
}

const COLUMNS: &str = "id, role, name, org, system, phone, email, escalation_order, vendor_id";

fn contact_from_row(r: &rusqlite::Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        role: parse_col(r, 1, Role::parse)?,
        name: r.get(2)?,
        org: r.get(3)?,
        system: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        order: r.get(7)?,
        vendor: r.get(8)?,
    })
}

/// Live contacts (not removed), by escalation order then id; also inside a write transaction.
pub(crate) fn live_contacts(conn: &rusqlite::Connection) -> Result<Vec<Contact>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM contacts WHERE removed_at IS NULL ORDER BY escalation_order, id"
    ))?;
    let rows = stmt.query_map([], contact_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Add one contact; returns its id.
    pub fn add_contact(&mut self, c: &NewContact, actor: &str) -> Result<i64, StoreError> {
        crate::model::limits::check_contact(
            &c.name,
            c.org.as_deref(),
            c.system.as_deref(),
            c.phone.as_deref(),
            c.email.as_deref(),
        )?;
        crate::model::limits::check(crate::model::limits::Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        tx.execute(
            "INSERT INTO contacts (role, name, org, system, phone, email, escalation_order, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.role.as_str(),
                c.name,
                c.org,
                c.system,
                c.phone,
                c.email,
                c.order,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "create", "contacts", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Live contacts (not removed), by escalation order then id.
    pub fn contacts(&self) -> Result<Vec<Contact>, StoreError> {
        live_contacts(&self.conn)
    }

    /// Mark a live contact removed. `Ok(None)` when there is no live contact with that id.
    pub fn remove_contact(&mut self, id: i64, actor: &str) -> Result<Option<Contact>, StoreError> {
        let at = now();
        let tx = self.tx()?;
        let found = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM contacts WHERE id = ?1 AND removed_at IS NULL"),
                [id],
                contact_from_row,
            )
            .optional()?;
        if found.is_some() {
            tx.execute(
                "UPDATE contacts SET removed_at = ?1 WHERE id = ?2",
                params![at, id],
            )?;
            audit::record(&tx, &at, actor, "remove", "contacts", id)?;
        }
        tx.commit()?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(role: Role, name: &str) -> NewContact {
        NewContact {
            role,
            name: name.into(),
            org: Some("A社".into()),
            system: None,
            phone: Some("03-0000-0000".into()),
            email: None,
            order: role.default_order(),
        }
    }

    #[test]
    fn add_list_remove_keeps_an_audited_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("k.db")).unwrap();
        let a = s.add_contact(&new(Role::Police, "警視庁"), "t").unwrap();
        let b = s.add_contact(&new(Role::Manager, "院長"), "t").unwrap();
        let list = s.contacts().unwrap();
        assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), vec![b, a]);
        assert_eq!(s.remove_contact(a, "t").unwrap().unwrap().name, "警視庁");
        assert!(s.remove_contact(a, "t").unwrap().is_none());
        assert_eq!(s.contacts().unwrap().len(), 1);
        let report = s.audit_verify().unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        // The removed row is still there, and SQL cannot delete or rewrite it.
        assert!(
            s.conn
                .execute("DELETE FROM contacts WHERE id = ?1", [a])
                .is_err()
        );
        assert!(
            s.conn
                .execute("UPDATE contacts SET name = 'x' WHERE id = ?1", [b])
                .is_err()
        );
    }

    #[test]
    fn edits_behind_kensas_back_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("k.db")).unwrap();
        let a = s.add_contact(&new(Role::Vendor, "保守窓口"), "t").unwrap();
        s.conn
            .execute_batch("DROP TRIGGER contacts_keep_history_u")
            .unwrap();
        s.conn
            .execute("UPDATE contacts SET phone = '0120' WHERE id = ?1", [a])
            .unwrap();
        let p = s.audit_verify().unwrap().problems;
        assert!(
            p.iter()
                .any(|p| p.table == "contacts" && p.kind == audit::ProblemKind::RowChanged),
            "{p:?}"
        );
    }
}
