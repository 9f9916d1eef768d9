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
use rusqlite::{Connection, Transaction, params};
use sha2::{Digest, Sha256};

use super::StoreError;
use crate::model::audit::{AuditRecord, GENESIS};

/// Entities under audit and the columns hashed for each. The column lists are part of the
/// format: a later migration that adds a column must keep hashing these or log a re-hash.
pub(crate) const ENTITIES: [(&str, &str); 8] = [
    (
        "facility",
        "id, name, kind, prefecture, manager, security_officer, vendor_contracts, updated_at",
    ),
    (
        "sheets",
        "id, edition_id, form, fiscal_year, carried_from, created_at",
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
        "contacts",
        "id, role, name, org, system, phone, email, escalation_order, created_at, removed_at",
    ),
    (
        "assets",
        "id, control_no, kind, maker, os, software, software_version, ip, computer_name, location, user_name, registered_on, status, description, mac, retired_on, source, created_at, updated_at",
    ),
    (
        "observations",
        "id, source, observed_at, computer_name, os, maker, model, serial, ips, macs, payload, payload_sha256, recorded_at",
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
    let cols = columns(entity)?;
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
