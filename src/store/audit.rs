//! The hash-chained audit log.
//!
//! Every change kensa makes appends one audit record per row it writes, holding the SHA-256 of
//! the row's content (`row_hash`) and chained to the previous record (`prev_hash`, `hash`).
//! `verify` checks the chain and then re-hashes every live row against its last audit record,
//! so an edit made with another SQLite tool is found and named even when the chain is intact.
//!
//! Limitation, by construction: someone who deletes the newest audit records *and* the rows they
//! describe leaves a consistent, shorter history. Exported bundles (signed) are the anchor for that.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Store, StoreError};
use crate::model::audit::{AnchorCode, AuditHead, AuditLog, AuditRecord, ChainWalk, GENESIS};

/// Entities under audit and the columns hashed for each. The column lists are part of the
/// format: a later migration that adds a column must keep hashing these or log a re-hash.
pub(crate) const ENTITIES: [(&str, &str); 18] = [
    (
        "facility",
        // institution_code, beds, founder came with schema 4, which logs a re-hash of the row.
        "id, name, kind, prefecture, manager, security_officer, vendor_contracts, updated_at, institution_code, beds, founder",
    ),
    (
        "sheets",
        // vendor_id came with schema 5, which logs a re-hash of every sheet.
        "id, edition_id, form, fiscal_year, carried_from, created_at, vendor_id",
    ),
    (
        "checks",
        "id, sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at",
    ),
    (
        "targets",
        "id, sheet_id, item, scope, target_on, set_by, recorded_at",
    ),
    (
        "evidence",
        "id, check_id, name, size, sha256, content, recorded_at",
    ),
    (
        "check_sources",
        "id, check_id, file_name, file_sha256, cell, recorded_at",
    ),
    (
        "contacts",
        // vendor_id came with schema 5, which logs a re-hash of every contact.
        "id, role, name, org, system, phone, email, escalation_order, created_at, removed_at, vendor_id",
    ),
    (
        "assets",
        "id, control_no, kind, maker, os, software, software_version, ip, computer_name, location, user_name, registered_on, status, description, mac, retired_on, source, created_at, updated_at",
    ),
    (
        "observations",
        "id, source, observed_at, computer_name, os, maker, model, serial, ips, macs, payload, payload_sha256, recorded_at",
    ),
    (
        "vendors",
        "id, name, person, phone, email, systems, contract_from, contract_until, remote_maintenance, scopes, created_at, updated_at, removed_at",
    ),
    (
        "vendor_requests",
        "id, request_id, vendor_id, sheet_id, format, file_name, sha256, sent_on, due_on, created_by, recorded_at",
    ),
    (
        "vendor_responses",
        "id, request_id, vendor_id, sheet_id, format, file_name, sha256, signer, first_check, last_check, first_target, last_target, imported_by, recorded_at",
    ),
    (
        "disclosures",
        "id, vendor_id, product, kind, version, received_on, no_count, note, file_name, size, sha256, content, recorded_by, recorded_at",
    ),
    (
        "bcp_systems",
        "id, name, vendor, assets, importance, restore_priority, target_recovery_hours, alternative, remote_maintenance, backup_frequency, backup_method, backup_location, backup_offline, restore_procedure, last_restore_test, created_at, updated_at, removed_at",
    ),
    (
        "bcp_ehr_sharing",
        "id, connection, line, line_provider, router_location, terminal_location, signing, ons_contact, updated_at",
    ),
    (
        "bcp_drills",
        "id, held_on, scenario, participants, lessons, follow_ups, recorded_at",
    ),
    (
        "bcp_approvals",
        "id, version, approved_by, approved_on, fingerprint, recorded_at",
    ),
    (
        "bcp_confirmations",
        "id, item, answer, confirmed_on, confirmed_by, note, recorded_at",
    ),
];

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn columns(entity: &str) -> Result<&'static str, StoreError> {
    ENTITIES
        .iter()
        .find(|(e, _)| *e == entity)
        .map(|(_, c)| *c)
        .ok_or_else(|| StoreError::Internal(format!("unknown audit entity {entity}")))
}

/// Canonical hash of a row: its hashed columns as a JSON array; blobs by their SHA-256.
fn hash_row(row: &rusqlite::Row, ncols: usize) -> rusqlite::Result<String> {
    let mut values = Vec::with_capacity(ncols);
    for i in 0..ncols {
        values.push(match row.get_ref(i)? {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Integer(n) => serde_json::Value::from(n),
            ValueRef::Real(f) => serde_json::Value::from(f),
            ValueRef::Text(t) => serde_json::Value::from(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => serde_json::Value::from(format!("sha256:{}", sha256_hex(b))),
        });
    }
    Ok(sha256_hex(
        serde_json::Value::Array(values).to_string().as_bytes(),
    ))
}

fn current_row_hash(conn: &Connection, entity: &str, id: i64) -> Result<String, StoreError> {
    row_hash_of(conn, entity, id, columns(entity)?)
}

fn row_hash_of(conn: &Connection, entity: &str, id: i64, cols: &str) -> Result<String, StoreError> {
    let n = cols.split(',').count();
    let sql = format!("SELECT {cols} FROM {entity} WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], |r| hash_row(r, n))?)
}

/// The columns of `audit_log`, in the order [`record_from_row`] reads them.
const RECORD_COLUMNS: &str = "seq, at, actor, action, entity, entity_id, row_hash, prev_hash, hash";

fn record_from_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        row_hash: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

/// Append one audit record for a row just written in `tx`.
pub(crate) fn record(
    tx: &Transaction,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    id: i64,
) -> Result<(), StoreError> {
    let row_hash = current_row_hash(tx, entity, id)?;
    let (last_seq, prev): (i64, String) = tx
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            e => Err(e),
        })?;
    let seq = last_seq + 1;
    let hash = AuditRecord {
        seq,
        at: at.to_string(),
        actor: actor.to_string(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: id,
        row_hash: row_hash.clone(),
        prev_hash: prev.clone(),
        hash: String::new(),
    }
    .recompute();
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, row_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, actor, action, entity, id, row_hash, prev, hash],
    )?;
    Ok(())
}

/// [`record`] as an older kensa wrote it: the row hashed with the column list of its schema.
/// For tests that build a database of an older schema version.
#[cfg(test)]
pub(crate) fn record_as_of(
    tx: &Transaction,
    entity: &str,
    id: i64,
    cols: &str,
) -> Result<(), StoreError> {
    let row_hash = row_hash_of(tx, entity, id, cols)?;
    let (last_seq, prev): (i64, String) = tx
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            e => Err(e),
        })?;
    let rec = AuditRecord {
        seq: last_seq + 1,
        at: "2025-04-01T00:00:00Z".into(),
        actor: "t".into(),
        action: "create".into(),
        entity: entity.into(),
        entity_id: id,
        row_hash,
        prev_hash: prev,
        hash: String::new(),
    };
    let hash = rec.recompute();
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, row_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![rec.seq, rec.at, rec.actor, rec.action, rec.entity, id, rec.row_hash, rec.prev_hash, hash],
    )?;
    Ok(())
}

/// One thing `verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditProblem {
    /// `audit_log`, or the table of the row concerned.
    pub table: String,
    /// Row id (or audit sequence number for `audit_log`).
    pub id: i64,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The audit record's own hash or its link to the previous one does not match.
    ChainBroken,
    /// A sequence number is missing: audit records were removed.
    ChainGap,
    /// The row's content differs from what kensa recorded.
    RowChanged,
    /// The row exists but kensa never recorded writing it.
    RowNotRecorded,
    /// kensa recorded the row but it is gone.
    RowMissing,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AuditReport {
    pub records: i64,
    pub rows_checked: i64,
    pub problems: Vec<AuditProblem>,
    /// Schema objects not as kensa made them (see `integrity`).
    pub schema: Vec<super::SchemaProblem>,
}

/// Recompute the chain and compare every audited row with its last record.
pub(crate) fn verify(conn: &Connection) -> Result<AuditReport, StoreError> {
    use std::collections::BTreeMap;

    let mut report = AuditReport::default();
    let mut last: BTreeMap<(String, i64), String> = BTreeMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} FROM audit_log ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut prev_hash = GENESIS.to_string();
    let mut expected_seq = 1;
    while let Some(r) = rows.next()? {
        let rec = record_from_row(r)?;
        report.records += 1;
        if rec.seq != expected_seq {
            report.problems.push(AuditProblem {
                table: "audit_log".into(),
                id: expected_seq,
                kind: ProblemKind::ChainGap,
            });
        }
        if rec.prev_hash != prev_hash || rec.recompute() != rec.hash {
            report.problems.push(AuditProblem {
                table: "audit_log".into(),
                id: rec.seq,
                kind: ProblemKind::ChainBroken,
            });
        }
        expected_seq = rec.seq + 1;
        prev_hash = rec.hash;
        last.insert((rec.entity, rec.entity_id), rec.row_hash);
    }

    for (entity, cols) in ENTITIES {
        let n = cols.split(',').count();
        let mut stmt = conn.prepare(&format!("SELECT {cols} FROM {entity} ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        let mut seen = std::collections::BTreeSet::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let h = hash_row(r, n)?;
            report.rows_checked += 1;
            seen.insert(id);
            match last.get(&(entity.to_string(), id)) {
                None => report.problems.push(AuditProblem {
                    table: entity.into(),
                    id,
                    kind: ProblemKind::RowNotRecorded,
                }),
                Some(recorded) if *recorded != h => report.problems.push(AuditProblem {
                    table: entity.into(),
                    id,
                    kind: ProblemKind::RowChanged,
                }),
                Some(_) => {}
            }
        }
        for ((e, id), _) in last.iter().filter(|((e, _), _)| e == entity) {
            if !seen.contains(id) {
                report.problems.push(AuditProblem {
                    table: e.clone(),
                    id: *id,
                    kind: ProblemKind::RowMissing,
                });
            }
        }
    }
    Ok(report)
}

/// What `audit verify --anchor` compares the database's history with.
#[derive(Debug, Clone)]
pub enum Anchor {
    /// A code written down from `kensa audit anchor`.
    Code(AnchorCode),
    /// The audit log carried in a signed bundle (checked to be one chain by the caller).
    Log(AuditLog),
}

impl Anchor {
    /// The record the anchor ends at (0: an empty history).
    pub fn seq(&self) -> i64 {
        match self {
            Anchor::Code(c) => c.seq,
            Anchor::Log(l) => l.head.as_ref().map_or(0, |h| h.seq),
        }
    }
}

/// How the database's history differs from an anchor: the first difference, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnchorMismatch {
    /// The database has no record `seq`; its history ends at `last` (0: no records).
    Missing { seq: i64, last: i64 },
    /// Record `seq` is not the anchored one: `field` holds `database` here, `anchor` there.
    Differs {
        seq: i64,
        field: String,
        anchor: String,
        database: String,
    },
    /// Record `seq`'s hash does not begin with the anchor code.
    HashDiffers { seq: i64 },
    /// The chain in the database does not recompute at record `seq`, before the anchor.
    ChainBroken { seq: i64 },
}

/// Compare the database's history up to the anchor with it. `None`: unchanged.
pub(crate) fn check_anchor(
    conn: &Connection,
    anchor: &Anchor,
) -> Result<Option<AnchorMismatch>, StoreError> {
    let upto = anchor.seq();
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} FROM audit_log WHERE seq <= ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([upto])?;
    let mut walk = ChainWalk::default();
    let mut chain_fault: Option<i64> = None;
    let mut last = 0;
    let mut at_anchor: Option<AuditRecord> = None;
    while let Some(r) = rows.next()? {
        let rec = record_from_row(r)?;
        if let Anchor::Log(log) = anchor {
            // The bundle's records are 1..=head without gaps (checked), so seq n is index n-1.
            let expected = last + 1;
            if rec.seq != expected {
                return Ok(Some(AnchorMismatch::Missing {
                    seq: expected,
                    last: db_last(conn)?,
                }));
            }
            let theirs = usize::try_from(rec.seq - 1)
                .ok()
                .and_then(|i| log.records.get(i));
            if let Some(theirs) = theirs
                && let Some((field, anchor, database)) = theirs.first_difference(&rec)
            {
                return Ok(Some(AnchorMismatch::Differs {
                    seq: rec.seq,
                    field: field.to_string(),
                    anchor,
                    database,
                }));
            }
        }
        if let Some(f) = walk.step(&rec)
            && chain_fault.is_none()
        {
            chain_fault = Some(f.seq());
        }
        last = rec.seq;
        if rec.seq == upto {
            at_anchor = Some(rec);
        }
    }
    if upto == 0 {
        return Ok(None);
    }
    let Some(rec) = at_anchor else {
        return Ok(Some(AnchorMismatch::Missing {
            seq: if matches!(anchor, Anchor::Log(_)) {
                last + 1
            } else {
                upto
            },
            last: db_last(conn)?,
        }));
    };
    if let Anchor::Code(code) = anchor
        && !code.matches(&rec.hash)
    {
        return Ok(Some(AnchorMismatch::HashDiffers { seq: upto }));
    }
    Ok(chain_fault.map(|seq| AnchorMismatch::ChainBroken { seq }))
}

fn db_last(conn: &Connection) -> Result<i64, StoreError> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?,
    )
}

impl Store {
    /// The newest audit record's sequence number and hash; `None` before the first write.
    pub fn audit_head(&self) -> Result<Option<AuditHead>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| {
                    Ok(AuditHead {
                        seq: r.get(0)?,
                        hash: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every audit record, oldest first, with the head: `audit.json` of a bundle.
    pub fn audit_log(&self) -> Result<AuditLog, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {RECORD_COLUMNS} FROM audit_log ORDER BY seq"
        ))?;
        let records = stmt
            .query_map([], record_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AuditLog::new(records))
    }

    /// Is the history up to `anchor` as it was when the anchor was taken? `None`: unchanged;
    /// otherwise the first difference.
    pub fn audit_check_anchor(
        &self,
        anchor: &Anchor,
    ) -> Result<Option<AnchorMismatch>, StoreError> {
        check_anchor(&self.conn, anchor)
    }
}
