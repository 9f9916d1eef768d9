//! BCP storage (issue 15): systems, the EHR-sharing connection, drills, approvals and 確認表
//! answers. Every write is one transaction with its audit records, like the other tables.

use jiff::civil::Date;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Store, StoreError, audit, date_col, now, parse_col};
use crate::model::answer::Answer;
use crate::model::bcp::{
    Approval, Backup, BcpData, Confirmation, Connection, Drill, EhrSharing, Importance, Line,
    Signing, System, SystemFields, check_drill, check_ehr_sharing, check_system,
    content_fingerprint,
};
use crate::model::limits::{self, Field};

/// A new drill as the user gave it.
#[derive(Debug, Clone)]
pub struct NewDrill {
    pub held_on: Date,
    pub scenario: String,
    pub participants: String,
    pub lessons: Option<String>,
    pub follow_ups: Option<String>,
}

const SYSTEM_COLUMNS: &str = "id, name, vendor, assets, importance, restore_priority, target_recovery_hours, alternative, remote_maintenance, backup_frequency, backup_method, backup_location, backup_offline, restore_procedure, last_restore_test, created_at, updated_at";

fn connection_key(c: Connection) -> &'static str {
    match c {
        Connection::QualificationTerminal => "qualification_terminal",
        Connection::WebApi => "web_api",
    }
}

fn connection_from_key(s: &str) -> Option<Connection> {
    Connection::ALL
        .into_iter()
        .find(|c| connection_key(*c) == s)
}

fn line_key(l: Line) -> &'static str {
    match l {
        Line::IpVpn => "ip_vpn",
        Line::IpsecIke => "ipsec_ike",
    }
}

fn line_from_key(s: &str) -> Option<Line> {
    Line::ALL.into_iter().find(|l| line_key(*l) == s)
}

fn signing_key(s: Signing) -> &'static str {
    match s {
        Signing::HpkiCard => "hpki_card",
        Signing::Cardless => "cardless",
    }
}

fn signing_from_key(s: &str) -> Option<Signing> {
    Signing::ALL.into_iter().find(|g| signing_key(*g) == s)
}

/// An optional enum column.
fn opt_col<T>(
    r: &rusqlite::Row,
    i: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => parse_col(r, i, parse).map(Some),
    }
}

fn opt_date(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<Date>> {
    r.get::<_, Option<String>>(i)?
        .map(|s| date_col(i, &s))
        .transpose()
}

fn system_from_row(r: &rusqlite::Row) -> rusqlite::Result<System> {
    let assets: String = r.get(3)?;
    let assets: Vec<String> = serde_json::from_str(&assets).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(System {
        id: r.get(0)?,
        fields: SystemFields {
            name: r.get(1)?,
            vendor: r.get(2)?,
            assets,
            importance: opt_col(r, 4, Importance::parse)?,
            restore_priority: r.get(5)?,
            target_recovery_hours: r.get(6)?,
            alternative: r.get(7)?,
            remote_maintenance: r.get(8)?,
            backup: Backup {
                frequency: r.get(9)?,
                method: r.get(10)?,
                location: r.get(11)?,
                offline_copy: r.get(12)?,
                restore_procedure: r.get(13)?,
                last_restore_test: opt_date(r, 14)?,
            },
        },
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

fn write_system(
    tx: &Transaction,
    id: Option<i64>,
    f: &SystemFields,
    at: &str,
) -> Result<i64, StoreError> {
    let assets = serde_json::to_string(&f.assets)
        .map_err(|e| StoreError::Internal(format!("assets: {e}")))?;
    let values = params![
        f.name,
        f.vendor,
        assets,
        f.importance.map(Importance::as_str),
        f.restore_priority,
        f.target_recovery_hours,
        f.alternative,
        f.remote_maintenance,
        f.backup.frequency,
        f.backup.method,
        f.backup.location,
        f.backup.offline_copy,
        f.backup.restore_procedure,
        f.backup.last_restore_test.map(|d| d.to_string()),
        at,
    ];
    match id {
        None => {
            tx.execute(
                "INSERT INTO bcp_systems (name, vendor, assets, importance, restore_priority,
                   target_recovery_hours, alternative, remote_maintenance, backup_frequency,
                   backup_method, backup_location, backup_offline, restore_procedure,
                   last_restore_test, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                values,
            )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            tx.execute(
                "UPDATE bcp_systems SET name = ?1, vendor = ?2, assets = ?3, importance = ?4,
                   restore_priority = ?5, target_recovery_hours = ?6, alternative = ?7,
                   remote_maintenance = ?8, backup_frequency = ?9, backup_method = ?10,
                   backup_location = ?11, backup_offline = ?12, restore_procedure = ?13,
                   last_restore_test = ?14, updated_at = ?15
                 WHERE id = ?16",
                rusqlite::params_from_iter(values.iter().copied().chain([&id as _])),
            )?;
            Ok(id)
        }
    }
}

fn live_systems(conn: &rusqlite::Connection) -> Result<Vec<System>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SYSTEM_COLUMNS} FROM bcp_systems WHERE removed_at IS NULL
         ORDER BY restore_priority IS NULL, restore_priority, id"
    ))?;
    let rows = stmt.query_map([], system_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn ehr_sharing(conn: &rusqlite::Connection) -> Result<Option<EhrSharing>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT connection, line, line_provider, router_location, terminal_location,
                    signing, ons_contact
             FROM bcp_ehr_sharing WHERE id = 1",
            [],
            |r| {
                Ok(EhrSharing {
                    connection: opt_col(r, 0, connection_from_key)?,
                    line: opt_col(r, 1, line_from_key)?,
                    line_provider: r.get(2)?,
                    router_location: r.get(3)?,
                    terminal_location: r.get(4)?,
                    signing: opt_col(r, 5, signing_from_key)?,
                    ons_contact: r.get(6)?,
                })
            },
        )
        .optional()?)
}

impl Store {
    /// Add a system; returns its id.
    pub fn add_bcp_system(&mut self, f: &SystemFields, actor: &str) -> Result<i64, StoreError> {
        check_system(f)?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        let id = write_system(&tx, None, f, &at)?;
        audit::record(&tx, &at, actor, "create", "bcp_systems", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Live systems (not removed), by 復旧優先度 (unset last) then id.
    pub fn bcp_systems(&self) -> Result<Vec<System>, StoreError> {
        live_systems(&self.conn)
    }

    /// A live system by id.
    pub fn bcp_system(&self, id: i64) -> Result<Option<System>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {SYSTEM_COLUMNS} FROM bcp_systems WHERE id = ?1 AND removed_at IS NULL"
                ),
                [id],
                system_from_row,
            )
            .optional()?)
    }

    /// Replace a live system's fields. `Ok(false)` when there is no live system with that id.
    pub fn edit_bcp_system(
        &mut self,
        id: i64,
        f: &SystemFields,
        actor: &str,
    ) -> Result<bool, StoreError> {
        check_system(f)?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        let live: bool = tx.query_row(
            "SELECT count(*) FROM bcp_systems WHERE id = ?1 AND removed_at IS NULL",
            [id],
            |r| r.get(0),
        )?;
        if live {
            write_system(&tx, Some(id), f, &at)?;
            audit::record(&tx, &at, actor, "update", "bcp_systems", id)?;
        }
        tx.commit()?;
        Ok(live)
    }

    /// Mark a live system removed. `Ok(None)` when there is no live system with that id.
    pub fn remove_bcp_system(
        &mut self,
        id: i64,
        actor: &str,
    ) -> Result<Option<System>, StoreError> {
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        let found = tx
            .query_row(
                &format!(
                    "SELECT {SYSTEM_COLUMNS} FROM bcp_systems WHERE id = ?1 AND removed_at IS NULL"
                ),
                [id],
                system_from_row,
            )
            .optional()?;
        if found.is_some() {
            tx.execute(
                "UPDATE bcp_systems SET removed_at = ?1 WHERE id = ?2",
                params![at, id],
            )?;
            audit::record(&tx, &at, actor, "remove", "bcp_systems", id)?;
        }
        tx.commit()?;
        Ok(found)
    }

    /// The EHR-sharing connection, `None` until first set.
    pub fn ehr_sharing(&self) -> Result<Option<EhrSharing>, StoreError> {
        ehr_sharing(&self.conn)
    }

    /// Create or replace the EHR-sharing connection.
    pub fn set_ehr_sharing(&mut self, e: &EhrSharing, actor: &str) -> Result<(), StoreError> {
        check_ehr_sharing(e)?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        let existed: bool =
            tx.query_row("SELECT count(*) FROM bcp_ehr_sharing", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO bcp_ehr_sharing (id, connection, line, line_provider, router_location,
                                          terminal_location, signing, ons_contact, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET connection = excluded.connection,
               line = excluded.line, line_provider = excluded.line_provider,
               router_location = excluded.router_location,
               terminal_location = excluded.terminal_location, signing = excluded.signing,
               ons_contact = excluded.ons_contact, updated_at = excluded.updated_at",
            params![
                e.connection.map(connection_key),
                e.line.map(line_key),
                e.line_provider,
                e.router_location,
                e.terminal_location,
                e.signing.map(signing_key),
                e.ons_contact,
                at
            ],
        )?;
        let action = if existed { "update" } else { "create" };
        audit::record(&tx, &at, actor, action, "bcp_ehr_sharing", 1)?;
        tx.commit()?;
        Ok(())
    }

    /// Record a drill; returns its id.
    pub fn add_drill(&mut self, d: &NewDrill, actor: &str) -> Result<i64, StoreError> {
        check_drill(
            &d.scenario,
            &d.participants,
            d.lessons.as_deref(),
            d.follow_ups.as_deref(),
        )?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        tx.execute(
            "INSERT INTO bcp_drills (held_on, scenario, participants, lessons, follow_ups, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                d.held_on.to_string(),
                d.scenario,
                d.participants,
                d.lessons,
                d.follow_ups,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "create", "bcp_drills", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every drill, oldest first (by date, then as recorded).
    pub fn drills(&self) -> Result<Vec<Drill>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, held_on, scenario, participants, lessons, follow_ups, recorded_at
             FROM bcp_drills ORDER BY held_on, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Drill {
                id: r.get(0)?,
                held_on: date_col(1, &r.get::<_, String>(1)?)?,
                scenario: r.get(2)?,
                participants: r.get(3)?,
                lessons: r.get(4)?,
                follow_ups: r.get(5)?,
                recorded_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Record the 経営層's approval of the plan as it stands: the next version number and the
    /// fingerprint of the systems, the connection and the contacts, read in the same
    /// transaction so the approval covers exactly what was there.
    pub fn approve_bcp(
        &mut self,
        approved_by: &str,
        approved_on: Date,
        actor: &str,
    ) -> Result<Approval, StoreError> {
        limits::check(Field::BcpShort("--by"), approved_by)?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        // Read in the write transaction: the approval covers exactly the plan it is stored with.
        let current = BcpData {
            systems: live_systems(&tx)?,
            ehr_sharing: ehr_sharing(&tx)?,
            ..Default::default()
        };
        let fingerprint = content_fingerprint(&current, &super::contacts::live_contacts(&tx)?);
        let version: u32 = tx.query_row(
            "SELECT coalesce(max(version), 0) + 1 FROM bcp_approvals",
            [],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO bcp_approvals (version, approved_by, approved_on, fingerprint, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                version,
                approved_by,
                approved_on.to_string(),
                fingerprint,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "approve", "bcp_approvals", id)?;
        tx.commit()?;
        Ok(Approval {
            id,
            version,
            approved_by: approved_by.to_string(),
            approved_on,
            fingerprint,
            recorded_at: at,
        })
    }

    /// Every approval, oldest first.
    pub fn approvals(&self) -> Result<Vec<Approval>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, version, approved_by, approved_on, fingerprint, recorded_at
             FROM bcp_approvals ORDER BY version",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Approval {
                id: r.get(0)?,
                version: r.get(1)?,
                approved_by: r.get(2)?,
                approved_on: date_col(3, &r.get::<_, String>(3)?)?,
                fingerprint: r.get(4)?,
                recorded_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Record the answer to a 確認表 item kensa asks rather than judges.
    pub fn confirm_bcp_item(
        &mut self,
        item: &str,
        answer: Answer,
        on: Date,
        note: &str,
        actor: &str,
    ) -> Result<i64, StoreError> {
        limits::check(Field::Note, note)?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        tx.execute(
            "INSERT INTO bcp_confirmations (item, answer, confirmed_on, confirmed_by, note, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![item, answer.as_str(), on.to_string(), actor, note, at],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "confirm", "bcp_confirmations", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every 確認表 answer, oldest first.
    pub fn confirmations(&self) -> Result<Vec<Confirmation>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, item, answer, confirmed_on, confirmed_by, note, recorded_at
             FROM bcp_confirmations ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Confirmation {
                id: r.get(0)?,
                item: r.get(1)?,
                answer: parse_col(r, 2, Answer::parse)?,
                confirmed_on: date_col(3, &r.get::<_, String>(3)?)?,
                confirmed_by: r.get(4)?,
                note: r.get(5)?,
                recorded_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// All BCP data, for the record (called inside its read transaction).
    pub(crate) fn bcp_data(&self) -> Result<BcpData, StoreError> {
        Ok(BcpData {
            systems: self.bcp_systems()?,
            ehr_sharing: self.ehr_sharing()?,
            drills: self.drills()?,
            approvals: self.approvals()?,
            confirmations: self.confirmations()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bcp::{PlanState, status};
    use jiff::civil::date;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("k.db")).unwrap();
        (dir, s)
    }

    fn emr() -> SystemFields {
        SystemFields {
            name: "電子カルテ".into(),
            vendor: Some("A社".into()),
            assets: vec!["SV-001".into(), "NW-001".into()],
            importance: Some(Importance::High),
            restore_priority: Some(1),
            target_recovery_hours: Some(24),
            alternative: Some("紙カルテ".into()),
            remote_maintenance: Some("A社 IPsec-VPN".into()),
            backup: Backup {
                frequency: Some("毎日".into()),
                method: Some("バックアップサーバへDB複製".into()),
                location: Some("サーバ室 BK-01".into()),
                offline_copy: Some(true),
                restore_procedure: Some("DB再構築後に復元".into()),
                last_restore_test: Some(date(2026, 3, 1)),
            },
        }
    }

    #[test]
    fn systems_round_trip_edit_remove_and_verify() {
        let (_d, mut s) = store();
        let id = s.add_bcp_system(&emr(), "t").unwrap();
        let pacs = SystemFields {
            name: "PACS".into(),
            ..Default::default()
        };
        let p = s.add_bcp_system(&pacs, "t").unwrap();
        let list = s.bcp_systems().unwrap();
        assert_eq!(list.iter().map(|x| x.id).collect::<Vec<_>>(), vec![id, p]);
        assert_eq!(list[0].fields, emr());
        let mut changed = emr();
        changed.alternative = Some("紙カルテ・カーボン複写伝票".into());
        assert!(s.edit_bcp_system(id, &changed, "t").unwrap());
        assert_eq!(s.bcp_system(id).unwrap().unwrap().fields, changed);
        assert_eq!(
            s.remove_bcp_system(p, "t").unwrap().unwrap().fields.name,
            "PACS"
        );
        assert!(s.remove_bcp_system(p, "t").unwrap().is_none());
        assert!(!s.edit_bcp_system(p, &pacs, "t").unwrap());
        assert_eq!(s.bcp_systems().unwrap().len(), 1);
        assert!(
            s.conn
                .execute("DELETE FROM bcp_systems WHERE id = ?1", [p])
                .is_err()
        );
        assert!(
            s.conn
                .execute("UPDATE bcp_systems SET name = 'x' WHERE id = ?1", [p])
                .is_err()
        );
        let report = s.audit_verify().unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }

    #[test]
    fn connection_drills_approvals_and_confirmations_are_audited() {
        let (_d, mut s) = store();
        let e = EhrSharing {
            connection: Some(Connection::WebApi),
            line: Some(Line::IpVpn),
            line_provider: Some("NTT東日本".into()),
            router_location: Some("サーバ室".into()),
            terminal_location: Some("医事課受付".into()),
            signing: Some(Signing::Cardless),
            ons_contact: Some("医事課 鈴木".into()),
        };
        s.set_ehr_sharing(&e, "t").unwrap();
        s.set_ehr_sharing(&e, "t").unwrap();
        assert_eq!(s.ehr_sharing().unwrap(), Some(e));
        s.add_bcp_system(&emr(), "t").unwrap();
        s.add_drill(
            &NewDrill {
                held_on: date(2026, 1, 20),
                scenario: "ランサムウェアで電子カルテ停止".into(),
                participants: "院長、情報システム課、看護部".into(),
                lessons: Some("連絡網の電話番号が古かった".into()),
                follow_ups: None,
            },
            "t",
        )
        .unwrap();
        let a = s.approve_bcp("院長 山田", date(2026, 2, 1), "t").unwrap();
        assert_eq!(a.version, 1);
        assert_eq!(
            s.approve_bcp("院長 山田", date(2026, 3, 1), "t")
                .unwrap()
                .version,
            2
        );
        s.confirm_bcp_item("2-2", Answer::Yes, date(2026, 3, 2), "", "t")
            .unwrap();
        let data = s.bcp_data().unwrap();
        assert_eq!(data.drills.len(), 1);
        assert_eq!(data.approvals.len(), 2);
        assert_eq!(data.confirmation("2-2").unwrap().answer, Answer::Yes);
        let st = status(&data, &s.contacts().unwrap(), date(2026, 4, 1));
        assert!(matches!(
            st.plan,
            PlanState::Approved {
                version: 2,
                changed: false,
                ..
            }
        ));
        assert!(s.conn.execute("DELETE FROM bcp_drills", []).is_err());
        assert!(
            s.conn
                .execute("UPDATE bcp_approvals SET approved_by = 'x'", [])
                .is_err()
        );
        let report = s.audit_verify().unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        // An edit behind kensa's back is named.
        s.conn
            .execute("UPDATE bcp_ehr_sharing SET ons_contact = 'x'", [])
            .unwrap();
        let p = s.audit_verify().unwrap().problems;
        assert!(
            p.iter()
                .any(|p| p.table == "bcp_ehr_sharing" && p.kind == audit::ProblemKind::RowChanged),
            "{p:?}"
        );
    }

    #[test]
    fn long_text_is_refused_and_nothing_stored() {
        let (_d, mut s) = store();
        let mut f = emr();
        f.alternative = Some("あ".repeat(limits::NOTE_MAX + 1));
        assert!(matches!(
            s.add_bcp_system(&f, "t"),
            Err(StoreError::TooLong(_))
        ));
        assert!(s.bcp_systems().unwrap().is_empty());
    }
}
