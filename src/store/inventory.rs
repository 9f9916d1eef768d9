//! The 機器台帳 in the store: typed ledger rows (`assets`) and observations from collectors and
//! scans (`observations`), kept apart so an observation never overwrites what a person typed.
//! Every public write is one user action and one transaction, and every row written is audited.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::{Store, StoreError, audit, date_col, now, parse_col};
use crate::model::asset::{
    Asset, AssetKind, ControlNoCounter, LedgerFields, LedgerJoin, LedgerRow, Observation, Observed,
    Source, ledger_view, observation_matches,
};

/// An observation to store, with the document it was read from.
#[derive(Debug, Clone)]
pub struct NewObservation {
    pub observed: Observed,
    /// The document as received (a `kensa.host/1` JSON text for `collect`).
    pub payload: String,
}

/// Everything one import writes, applied all together or not at all.
#[derive(Debug, Clone, Default)]
pub struct LedgerBatch {
    /// Rows whose 管理番号 is not in the ledger yet, with how they entered it.
    pub new_rows: Vec<(LedgerFields, Source)>,
    /// Rows whose 管理番号 exists: their typed fields are replaced.
    pub changed_rows: Vec<LedgerFields>,
    pub observations: Vec<NewObservation>,
}

/// What [`Store::apply_ledger_batch`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub added: usize,
    pub changed: usize,
    pub observations: usize,
    /// Observations already stored (the same document imported before).
    pub duplicate_observations: usize,
}

const ASSET_COLUMNS: &str = "id, control_no, kind, maker, os, software, software_version, ip, \
    computer_name, location, user_name, registered_on, status, description, mac, retired_on, \
    source, created_at, updated_at";

fn asset_from_row(r: &rusqlite::Row) -> rusqlite::Result<Asset> {
    let opt_date = |i: usize| -> rusqlite::Result<_> {
        r.get::<_, Option<String>>(i)?
            .map(|s| date_col(i, &s))
            .transpose()
    };
    Ok(Asset {
        id: r.get(0)?,
        fields: LedgerFields {
            control_no: r.get(1)?,
            kind: parse_col(r, 2, AssetKind::parse)?,
            maker: r.get(3)?,
            os: r.get(4)?,
            software: r.get(5)?,
            software_version: r.get(6)?,
            ip: r.get(7)?,
            computer_name: r.get(8)?,
            location: r.get(9)?,
            user: r.get(10)?,
            registered_on: opt_date(11)?,
            status: r.get(12)?,
            description: r.get(13)?,
            mac: r.get(14)?,
            retired_on: opt_date(15)?,
        },
        source: parse_col(r, 16, Source::parse)?,
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
    })
}

fn json_list(i: usize, s: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn insert_asset(
    tx: &Transaction,
    f: &LedgerFields,
    source: Source,
    at: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    // Every path that stores a row comes through here or update_asset.
    crate::model::asset::check_ledger(f)?;
    tx.execute(
        "INSERT INTO assets (control_no, kind, maker, os, software, software_version, ip,
           computer_name, location, user_name, registered_on, status, description, mac,
           retired_on, source, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
        params_from_iter(
            [Value::Text(f.control_no.clone())]
                .into_iter()
                .chain(typed_columns(f))
                .chain([Value::Text(source.as_str().into()), Value::Text(at.into())]),
        ),
    )?;
    let id = tx.last_insert_rowid();
    audit::record(tx, at, actor, "create", "assets", id)?;
    Ok(id)
}

/// The typed fields from 種別 to 廃棄日, in the order both statements bind them (?2 to ?15).
fn typed_columns(f: &LedgerFields) -> [Value; 14] {
    let text = |s: &str| Value::Text(s.to_string());
    let date = |d: Option<jiff::civil::Date>| d.map_or(Value::Null, |d| Value::Text(d.to_string()));
    [
        text(f.kind.as_str()),
        text(&f.maker),
        text(&f.os),
        text(&f.software),
        text(&f.software_version),
        text(&f.ip),
        text(&f.computer_name),
        text(&f.location),
        text(&f.user),
        date(f.registered_on),
        text(&f.status),
        text(&f.description),
        text(&f.mac),
        date(f.retired_on),
    ]
}

/// Replace the typed fields of the row with this 管理番号. `false` when there is none.
fn update_asset(
    tx: &Transaction,
    f: &LedgerFields,
    at: &str,
    actor: &str,
    action: &str,
) -> Result<bool, StoreError> {
    crate::model::asset::check_ledger(f)?;
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM assets WHERE control_no = ?1",
            [&f.control_no],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE assets SET kind = ?2, maker = ?3, os = ?4, software = ?5, software_version = ?6,
           ip = ?7, computer_name = ?8, location = ?9, user_name = ?10, registered_on = ?11,
           status = ?12, description = ?13, mac = ?14, retired_on = ?15, updated_at = ?16
         WHERE id = ?1",
        params_from_iter(
            [Value::Integer(id)]
                .into_iter()
                .chain(typed_columns(f))
                .chain([Value::Text(at.into())]),
        ),
    )?;
    audit::record(tx, at, actor, action, "assets", id)?;
    Ok(true)
}

/// Store an observation unless the same document is already stored. `true` when inserted.
fn insert_observation(
    tx: &Transaction,
    o: &NewObservation,
    at: &str,
    actor: &str,
) -> Result<bool, StoreError> {
    let sha = audit::sha256_hex(o.payload.as_bytes());
    let exists: bool = tx.query_row(
        "SELECT count(*) FROM observations WHERE payload_sha256 = ?1",
        [&sha],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(false);
    }
    let ob = &o.observed;
    let list = |v: &[String]| serde_json::Value::from(v.to_vec()).to_string();
    tx.execute(
        "INSERT INTO observations (source, observed_at, computer_name, os, maker, model, serial,
           ips, macs, payload, payload_sha256, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            ob.source.as_str(),
            ob.observed_at,
            ob.computer_name,
            ob.os,
            ob.maker,
            ob.model,
            ob.serial,
            list(&ob.ips),
            list(&ob.macs),
            o.payload,
            sha,
            at
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::record(tx, at, actor, "observe", "observations", id)?;
    Ok(true)
}

impl Store {
    /// Every ledger row, retired ones included, in 管理番号 order.
    pub fn assets(&self) -> Result<Vec<Asset>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ASSET_COLUMNS} FROM assets ORDER BY control_no, id"
        ))?;
        let rows = stmt.query_map([], asset_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ledger row with this 管理番号.
    pub fn asset(&self, control_no: &str) -> Result<Option<Asset>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {ASSET_COLUMNS} FROM assets WHERE control_no = ?1"),
                [control_no],
                asset_from_row,
            )
            .optional()?)
    }

    /// Every observation (without its payload), oldest first.
    pub fn observations(&self) -> Result<Vec<Observation>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, source, observed_at, computer_name, os, maker, model, serial, ips, macs,
                    recorded_at
             FROM observations ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Observation {
                id: r.get(0)?,
                observed: Observed {
                    source: parse_col(r, 1, Source::parse)?,
                    observed_at: r.get(2)?,
                    computer_name: r.get(3)?,
                    os: r.get(4)?,
                    maker: r.get(5)?,
                    model: r.get(6)?,
                    serial: r.get(7)?,
                    ips: json_list(8, &r.get::<_, String>(8)?)?,
                    macs: json_list(9, &r.get::<_, String>(9)?)?,
                },
                recorded_at: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The document an observation was read from (a `kensa.host/1` JSON text for `collect`).
    pub fn observation_payload(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT payload FROM observations WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The ledger as shown to people: every row with its matching observations, first and last
    /// seen, and the fields on which the row and its newest observation disagree.
    pub fn ledger(&self) -> Result<Vec<LedgerRow>, StoreError> {
        Ok(ledger_view(&self.assets()?, &self.observations()?))
    }

    /// [`Store::ledger`] one row at a time, in 管理番号 order, for ledgers too large to hold:
    /// only the observations (one per collected document or scan, never per row) are held.
    /// Stops at the first error `each` returns.
    pub fn for_each_ledger_row<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(LedgerRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let observations = self.observations()?;
        let join = LedgerJoin::new(&observations);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ASSET_COLUMNS} FROM assets ORDER BY control_no, id"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let asset = asset_from_row(r).map_err(StoreError::from)?;
            each(join.row(asset))?;
        }
        Ok(())
    }

    /// The next free 管理番号, read without holding the ledger.
    pub fn next_control_no(&self) -> Result<String, StoreError> {
        Ok(control_no_counter(&self.conn)?.next())
    }

    /// Start an import: everything it writes is one transaction, committed by
    /// [`LedgerImport::commit`] and rolled back if the import is dropped (a dry run, or a
    /// problem found on the way).
    pub fn begin_import(&mut self, actor: &str) -> Result<LedgerImport<'_>, StoreError> {
        let tx = self.tx()?;
        let last_id_before: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM assets", [], |r| r.get(0))?;
        Ok(LedgerImport {
            tx,
            at: now(),
            actor: actor.to_string(),
            last_id_before,
            counts: BatchCounts::default(),
            control_nos: None,
        })
    }

    /// Add one typed row. The caller checks that the 管理番号 is free; the UNIQUE constraint
    /// refuses a duplicate that slips through.
    pub fn add_asset(
        &mut self,
        fields: &LedgerFields,
        source: Source,
        actor: &str,
    ) -> Result<Asset, StoreError> {
        let at = now();
        let tx = self.tx()?;
        let id = insert_asset(&tx, fields, source, &at, actor)?;
        let asset = tx.query_row(
            &format!("SELECT {ASSET_COLUMNS} FROM assets WHERE id = ?1"),
            [id],
            asset_from_row,
        )?;
        tx.commit()?;
        Ok(asset)
    }

    /// Replace the typed fields of the row with `fields.control_no`. `false` when no such row.
    pub fn edit_asset(&mut self, fields: &LedgerFields, actor: &str) -> Result<bool, StoreError> {
        let at = now();
        let tx = self.tx()?;
        let done = update_asset(&tx, fields, &at, actor, "update")?;
        tx.commit()?;
        Ok(done)
    }

    /// Mark a row 廃棄 on `on`. Rows are never deleted: an inspector may ask what was retired.
    pub fn retire_asset(
        &mut self,
        control_no: &str,
        on: jiff::civil::Date,
        status: &str,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let Some(mut asset) = self.asset(control_no)? else {
            return Ok(false);
        };
        asset.fields.retired_on = Some(on);
        asset.fields.status = status.to_string();
        let at = now();
        let tx = self.tx()?;
        let done = update_asset(&tx, &asset.fields, &at, actor, "retire")?;
        tx.commit()?;
        Ok(done)
    }

    /// Apply one import: new rows, changed rows and observations, in one transaction. Any
    /// failure rolls everything back.
    pub fn apply_ledger_batch(
        &mut self,
        batch: &LedgerBatch,
        actor: &str,
    ) -> Result<BatchCounts, StoreError> {
        let at = now();
        let tx = self.tx()?;
        let mut counts = BatchCounts::default();
        for (f, source) in &batch.new_rows {
            insert_asset(&tx, f, *source, &at, actor)?;
            counts.added += 1;
        }
        for f in &batch.changed_rows {
            if !update_asset(&tx, f, &at, actor, "import")? {
                return Err(StoreError::Internal(format!(
                    "row {} vanished during the import",
                    f.control_no
                )));
            }
            counts.changed += 1;
        }
        for o in &batch.observations {
            if insert_observation(&tx, o, &at, actor)? {
                counts.observations += 1;
            } else {
                counts.duplicate_observations += 1;
            }
        }
        tx.commit()?;
        Ok(counts)
    }
}

/// Every 管理番号 counted, one at a time.
fn control_no_counter(conn: &rusqlite::Connection) -> Result<ControlNoCounter, StoreError> {
    let mut counter = ControlNoCounter::default();
    let mut stmt = conn.prepare("SELECT control_no FROM assets")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        counter.see(&r.get::<_, String>(0)?);
    }
    Ok(counter)
}

/// Most keys of one observation used to pick candidate rows in SQL; a document with more
/// (a forged one) is matched against every row instead, which is slower but the same.
const MAX_MATCH_KEYS: usize = 256;

/// One import in progress: one write transaction in which rows are looked up, added and
/// changed one at a time, so an import never holds the ledger or its files in memory.
pub struct LedgerImport<'s> {
    tx: Transaction<'s>,
    at: String,
    actor: String,
    /// Rows with a larger id were added by this import.
    last_id_before: i64,
    counts: BatchCounts,
    /// Counts 管理番号 for numbering rows from host documents; read on first need.
    control_nos: Option<ControlNoCounter>,
}

impl LedgerImport<'_> {
    /// The row with this 管理番号 as the import has left it so far.
    pub fn asset(&self, control_no: &str) -> Result<Option<Asset>, StoreError> {
        Ok(self
            .tx
            .query_row(
                &format!("SELECT {ASSET_COLUMNS} FROM assets WHERE control_no = ?1"),
                [control_no],
                asset_from_row,
            )
            .optional()?)
    }

    pub fn add(&mut self, fields: &LedgerFields, source: Source) -> Result<(), StoreError> {
        insert_asset(&self.tx, fields, source, &self.at, &self.actor)?;
        if let Some(c) = &mut self.control_nos {
            c.see(&fields.control_no);
        }
        self.counts.added += 1;
        Ok(())
    }

    /// Replace the typed fields of the row with `fields.control_no`.
    pub fn change(&mut self, fields: &LedgerFields) -> Result<(), StoreError> {
        if !update_asset(&self.tx, fields, &self.at, &self.actor, "import")? {
            return Err(StoreError::Internal(format!(
                "row {} vanished during the import",
                fields.control_no
            )));
        }
        self.counts.changed += 1;
        Ok(())
    }

    /// The next free 管理番号, counting the rows added so far.
    pub fn next_control_no(&mut self) -> Result<String, StoreError> {
        if self.control_nos.is_none() {
            self.control_nos = Some(control_no_counter(&self.tx)?);
        }
        Ok(self
            .control_nos
            .as_ref()
            .map(ControlNoCounter::next)
            .unwrap_or_default())
    }

    /// The row an observation belongs to, as the import leaves the ledger: the rows that were
    /// there before in 管理番号 order, then the rows this import added in the order added; the
    /// first that [`observation_matches`]. SQL only narrows the candidates (a row can match
    /// only if it contains one of the observation's MACs, its name or one of its IPs).
    pub fn matching_row(&self, obs: &Observed) -> Result<Option<LedgerFields>, StoreError> {
        let mut clauses = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for m in &obs.macs {
            keys.push(m.clone());
            clauses.push(format!("instr(mac, ?{}) > 0", keys.len() + 1));
        }
        let name = obs.computer_name.trim();
        if !name.is_empty() {
            keys.push(name.to_string());
            clauses.push(format!(
                "instr(lower(computer_name), lower(?{})) > 0",
                keys.len() + 1
            ));
        }
        for ip in &obs.ips {
            keys.push(ip.clone());
            clauses.push(format!("instr(ip, ?{}) > 0", keys.len() + 1));
        }
        if keys.is_empty() {
            return Ok(None);
        }
        let filter = if keys.len() > MAX_MATCH_KEYS {
            keys.clear();
            "1".to_string()
        } else {
            clauses.join(" OR ")
        };
        let mut stmt = self.tx.prepare(&format!(
            "SELECT {ASSET_COLUMNS} FROM assets WHERE {filter}
             ORDER BY id > ?1, CASE WHEN id > ?1 THEN id ELSE 0 END, control_no, id"
        ))?;
        let params = std::iter::once(Value::Integer(self.last_id_before))
            .chain(keys.into_iter().map(Value::Text));
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            let asset = asset_from_row(r)?;
            if observation_matches(&asset.fields, obs) {
                return Ok(Some(asset.fields));
            }
        }
        Ok(None)
    }

    /// Store an observation; a document stored before counts as a duplicate.
    pub fn observe(&mut self, o: &NewObservation) -> Result<(), StoreError> {
        if insert_observation(&self.tx, o, &self.at, &self.actor)? {
            self.counts.observations += 1;
        } else {
            self.counts.duplicate_observations += 1;
        }
        Ok(())
    }

    pub fn counts(&self) -> BatchCounts {
        self.counts
    }

    pub fn commit(self) -> Result<BatchCounts, StoreError> {
        self.tx.commit()?;
        Ok(self.counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("k.db")).unwrap();
        (dir, s)
    }

    fn row(no: &str) -> LedgerFields {
        LedgerFields {
            control_no: no.into(),
            maker: "A社".into(),
            os: "Win11".into(),
            software: "〇〇電子カルテ".into(),
            software_version: "2.0".into(),
            ip: "192.168.1.11".into(),
            computer_name: "Room1のPC１".into(),
            location: "Room1".into(),
            user: "a医師（〇〇科）".into(),
            registered_on: Some(date(2020, 12, 1)),
            status: "稼働".into(),
            ..Default::default()
        }
    }

    fn observed() -> Observed {
        Observed {
            source: Source::Collect,
            observed_at: "2025-10-01T00:00:00Z".into(),
            computer_name: "Room1のPC１".into(),
            os: "Windows 10 Pro 22H2".into(),
            maker: String::new(),
            model: String::new(),
            serial: String::new(),
            ips: vec!["192.168.1.11".into()],
            macs: vec![],
        }
    }

    #[test]
    fn add_edit_retire_and_audit() {
        let (_d, mut s) = store();
        let a = s.add_asset(&row("001"), Source::Manual, "t").unwrap();
        assert_eq!(a.fields, row("001"));
        let mut f = row("001");
        f.location = "Room2".into();
        assert!(s.edit_asset(&f, "t").unwrap());
        assert!(!s.edit_asset(&row("999"), "t").unwrap());
        assert!(
            s.retire_asset("001", date(2025, 4, 1), "廃棄", "t")
                .unwrap()
        );
        let got = s.asset("001").unwrap().unwrap();
        assert_eq!(got.fields.location, "Room2");
        assert_eq!(got.fields.retired_on, Some(date(2025, 4, 1)));
        assert!(s.add_asset(&row("001"), Source::Manual, "t").is_err());
        let report = s.audit_verify().unwrap();
        assert!(report.problems.is_empty(), "{report:?}");
        assert_eq!(report.records, 3);
        assert!(s.conn.execute("DELETE FROM assets", []).is_err());
    }

    #[test]
    fn observations_never_touch_typed_rows_and_show_disagreement() {
        let (_d, mut s) = store();
        let obs = NewObservation {
            observed: observed(),
            payload: "{\"x\":1}".into(),
        };
        let batch = LedgerBatch {
            new_rows: vec![(row("001"), Source::Import)],
            changed_rows: vec![],
            observations: vec![obs.clone(), obs],
        };
        let c = s.apply_ledger_batch(&batch, "t").unwrap();
        assert_eq!(
            (c.added, c.observations, c.duplicate_observations),
            (1, 1, 1)
        );
        let ledger = s.ledger().unwrap();
        assert_eq!(ledger[0].asset.fields.os, "Win11");
        assert_eq!(ledger[0].disagreements[0].field, "os");
        assert_eq!(ledger[0].disagreements[0].observed, "Windows 10 Pro 22H2");
        assert_eq!(s.observation_payload(1).unwrap().unwrap(), "{\"x\":1}");
        assert!(
            s.conn
                .execute("UPDATE observations SET os = 'x'", [])
                .is_err()
        );
        s.conn
            .execute("UPDATE assets SET os = 'Win10' WHERE id = 1", [])
            .unwrap();
        let p = s.audit_verify().unwrap().problems;
        assert!(p.iter().any(|p| p.table == "assets" && p.id == 1), "{p:?}");
    }

    #[test]
    fn a_database_from_before_the_ledger_is_migrated_and_keeps_its_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            // A database as the previous schema wrote it, with one audited facility.
            let mut s = Store::open(&path).unwrap();
            s.save_facility(
                &crate::model::facility::Facility {
                    name: "病院".into(),
                    kind: crate::model::facility::FacilityKind::Hospital,
                    prefecture: None,
                    manager: None,
                    security_officer: None,
                    vendor_contracts: true,
                    institution_code: None,
                    beds: None,
                    founder: None,
                },
                "t",
            )
            .unwrap();
            // Undo the ledger migration (3), the facility profile's columns (4) and the
            // imported answers' sources (appended after them).
            s.conn
                .execute_batch(
                    "DROP TABLE check_sources;
                     DROP TABLE observations; DROP TABLE assets;
                     ALTER TABLE facility DROP COLUMN institution_code;
                     ALTER TABLE facility DROP COLUMN beds;
                     ALTER TABLE facility DROP COLUMN founder;
                     PRAGMA user_version = 2;",
                )
                .unwrap();
        }
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.facility().unwrap().unwrap().name, "病院");
        s.add_asset(&row("001"), Source::Manual, "t").unwrap();
        let report = s.audit_verify().unwrap();
        assert!(report.problems.is_empty(), "{report:?}");
        // create, the re-hash of migration 4, the new row.
        assert_eq!(report.records, 3);
    }

    #[test]
    fn failed_batch_writes_nothing() {
        let (_d, mut s) = store();
        s.add_asset(&row("001"), Source::Manual, "t").unwrap();
        let batch = LedgerBatch {
            new_rows: vec![(row("002"), Source::Import), (row("001"), Source::Import)],
            ..Default::default()
        };
        assert!(s.apply_ledger_batch(&batch, "t").is_err());
        assert_eq!(s.assets().unwrap().len(), 1);
        assert!(s.audit_verify().unwrap().problems.is_empty());
    }

    #[test]
    fn an_import_sees_its_own_rows_and_writes_nothing_until_committed() {
        let (_d, mut s) = store();
        let mut named = row("010");
        named.mac = String::new();
        s.add_asset(&named, Source::Manual, "t").unwrap();
        let before = s.audit_verify().unwrap().records;
        {
            let mut import = s.begin_import("t").unwrap();
            // A new row with the same computer name: the row that was there first matches.
            let mut twin = row("002");
            twin.mac = String::new();
            import.add(&twin, Source::Import).unwrap();
            let obs = Observed {
                macs: vec![],
                ..observed()
            };
            assert_eq!(
                import.matching_row(&obs).unwrap().unwrap().control_no,
                "010"
            );
            // A MAC on both sides decides over the name.
            let mut with_mac = row("003");
            with_mac.mac = "00:11:22:33:44:55".into();
            with_mac.computer_name = "other".into();
            import.add(&with_mac, Source::Import).unwrap();
            let obs = Observed {
                macs: vec!["00:11:22:33:44:55".into()],
                computer_name: "unknown".into(),
                ..observed()
            };
            assert_eq!(
                import.matching_row(&obs).unwrap().unwrap().control_no,
                "003"
            );
            let nobody = Observed {
                macs: vec![],
                ips: vec![],
                computer_name: "nobody".into(),
                ..observed()
            };
            assert_eq!(import.matching_row(&nobody).unwrap(), None);
            assert_eq!(import.next_control_no().unwrap(), "011");
            import.add(&row("011"), Source::Collect).unwrap();
            assert_eq!(import.next_control_no().unwrap(), "012");
            assert_eq!(import.asset("002").unwrap().unwrap().fields, twin);
            // Dropped: rolled back.
        }
        assert_eq!(s.assets().unwrap().len(), 1);
        assert_eq!(s.audit_verify().unwrap().records, before);
        let mut import = s.begin_import("t").unwrap();
        import.add(&row("020"), Source::Import).unwrap();
        let mut changed = named.clone();
        changed.location = "Room9".into();
        import.change(&changed).unwrap();
        let counts = import.commit().unwrap();
        assert_eq!((counts.added, counts.changed), (1, 1));
        assert_eq!(s.asset("010").unwrap().unwrap().fields.location, "Room9");
        assert!(s.audit_verify().unwrap().problems.is_empty());
        let mut listed = Vec::new();
        s.for_each_ledger_row(|r| -> Result<(), StoreError> {
            listed.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(listed, s.ledger().unwrap());
    }
}
