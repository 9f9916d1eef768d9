//! The only code that speaks SQL. One SQLite file holds the facility, its sheets, every check
//! (append-only), targets, evidence files and the hash-chained audit log, so one file is the
//! whole record to back up. Each public write method is one user action and one transaction.

mod audit;
mod bcp;
mod contacts;
mod integrity;
mod inventory;
mod lock;
mod netscan;
mod record;
mod scratch;
mod vendors;

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rusqlite_migration::{M, Migrations};

use crate::model::answer::Answer;
use crate::model::checklist::{Form, Scope};
use crate::model::facility::{Facility, FacilityKind};
use crate::model::limits::{self, Field};

pub use crate::model::record::{CheckRecord, CheckSource, EvidenceMeta, Sheet, TargetRecord};
pub use audit::{Anchor, AnchorMismatch, AuditProblem, AuditReport, ProblemKind};
pub use bcp::NewDrill;
pub use contacts::NewContact;
pub use integrity::{SchemaChange, SchemaProblem};
pub use inventory::{BatchCounts, LedgerBatch, LedgerImport, NewObservation};
pub use lock::{DEFAULT_LOCK_WAIT, configure as configure_lock_wait, limit_secs as lock_wait_secs};
pub use netscan::{ScanStored, host_payload};
pub use scratch::SeenKeys;
pub use vendors::{
    DisclosureInput, NewRequest, NewVendor, ResponseProvenance, VendorError, VendorFilter,
};

/// `PRAGMA application_id` of a kensa database: "KENS".
const APPLICATION_ID: i32 = 0x4B45_4E53;

/// Largest evidence file kept in the database. Evidence is screenshots, PDFs of 規程 and
/// exported logs; 32 MiB covers those while keeping the one-file backup manageable.
pub const MAX_EVIDENCE_BYTES: u64 = 32 * 1024 * 1024;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema.sql")),
        M::up(include_str!("contacts.sql")),
        M::up(include_str!("inventory.sql")),
        M::up_with_hook(
            include_str!("facility-profile.sql"),
            rehash_facility_for_schema_4,
        ),
        // Rebuilds `sheets`: run with foreign keys off (see `Store::open`) and checked before
        // the migration's transaction commits.
        M::up_with_hook(include_str!("vendors.sql"), rehash_for_schema_5).foreign_key_check(),
        M::up(include_str!("bcp.sql")),
        M::up(include_str!("check-sources.sql")),
    ])
}

/// Schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 7;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: not a SQLite database (the file may be damaged, or it is some other kind of file)"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path}: a SQLite database of some other program, not a kensa database; nothing was changed"
    )]
    NotKensa { path: PathBuf },
    #[error(
        "{path}: the database is damaged ({detail}); nothing was changed. Restore it from a backup"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path}: written by a newer kensa (schema {found}, this kensa knows up to {supported}); nothing was changed. Update kensa"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("evidence file {path} is {size} bytes; the limit is {limit} bytes")]
    EvidenceTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// Text over its limit (`model::limits`): refused here too, so no entry path can store
    /// text that would break an output later.
    #[error("{0}; nothing was stored")]
    TooLong(#[from] crate::model::limits::TooLong),
    #[error("a sheet for {edition} in fiscal year {fiscal_year} already exists")]
    SheetExists { edition: String, fiscal_year: i16 },
    /// Another kensa kept its lock on the file for the whole wait.
    #[error("{path}: another kensa is still using the database (waited {waited_secs} s)")]
    Locked { path: PathBuf, waited_secs: u64 },
    #[error("{path}: the disk is full; nothing was changed")]
    DiskFull { path: PathBuf },
    /// The file cannot be written (I/O error, read-only, permissions).
    #[error("{path}: cannot write the database ({detail}); nothing was changed")]
    Unwritable { path: PathBuf, detail: String },
    // Neither message shows SQL: rusqlite's own text can quote a statement, and
    // rusqlite_migration's quotes the whole migration.
    #[error("database error: {}", sqlite_cause(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {}", migration_cause(.0))]
    Migration(#[from] rusqlite_migration::Error),
    #[error("internal error: {0}")]
    Internal(String),
    /// Vendors, their sheets and exchanges (`store::vendors`).
    #[error("{0}")]
    Vendor(#[from] VendorError),
    #[error("{path}: the database's schema is not kensa's ({problems:?}); nothing was written")]
    SchemaAltered {
        path: PathBuf,
        problems: Vec<SchemaProblem>,
    },
}

/// What went wrong in SQLite, for an error that carries no file name, in words a message can
/// use (never SQL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteTrouble {
    /// Another kensa held its lock for the whole wait.
    Locked,
    DiskFull,
    /// SQLite's own description of anything else.
    Other(String),
}

impl StoreError {
    /// For [`StoreError::Sqlite`] and [`StoreError::Migration`]: what happened.
    pub fn sqlite_trouble(&self) -> Option<SqliteTrouble> {
        let e = match self {
            StoreError::Sqlite(e) => e,
            StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
            StoreError::Migration(other) => return Some(SqliteTrouble::Other(other.to_string())),
            _ => return None,
        };
        Some(match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                SqliteTrouble::Locked
            }
            Some(rusqlite::ErrorCode::DiskFull) => SqliteTrouble::DiskFull,
            _ => SqliteTrouble::Other(sqlite_cause(e)),
        })
    }
}

/// An evidence file read from disk, ready to store.
#[derive(Debug, Clone)]
pub struct EvidenceFile {
    pub name: String,
    pub content: Vec<u8>,
}

impl EvidenceFile {
    /// Read a file for attaching, refusing it above [`MAX_EVIDENCE_BYTES`].
    pub fn read(path: &Path) -> Result<EvidenceFile, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let content = crate::fsio::read_limited(path, MAX_EVIDENCE_BYTES).map_err(|e| match e {
            crate::fsio::ReadFailure::Io(e) => io(e),
            crate::fsio::ReadFailure::TooLarge { size } => StoreError::EvidenceTooLarge {
                path: path.to_path_buf(),
                size,
                limit: MAX_EVIDENCE_BYTES,
            },
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(EvidenceFile { name, content })
    }
}

/// A new check as the user gave it.
#[derive(Debug, Clone)]
pub struct NewCheck {
    pub item: String,
    pub scope: Scope,
    pub answer: Answer,
    pub checked_on: Date,
    pub note: String,
}

/// An answer read from a filled form, with its 目標日 and where it was read.
#[derive(Debug, Clone)]
pub struct ImportedCheck {
    pub check: NewCheck,
    pub target: Option<Date>,
    pub source: CheckSource,
}

/// An answer carried from a previous sheet.
#[derive(Debug, Clone)]
pub struct CarriedCheck {
    pub item: String,
    pub scope: Scope,
    pub answer: Answer,
    pub from_check: i64,
    pub note: String,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Found on open; any problem makes [`Store::tx`] refuse (see `integrity`).
    schema_problems: Vec<SchemaProblem>,
}

pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// Open (creating if missing, owner-only) and migrate a kensa database. A file that is not
    /// a kensa database, is damaged, or comes from a newer kensa is refused without writing.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::fsio::create_private_dir(dir).map_err(io)?;
        }
        // A FIFO or device where the database belongs is refused here, without blocking;
        // SQLite would wait on it forever.
        match crate::fsio::open_regular(path) {
            Ok(file) => check_header(path, file)?,
            // Another kensa may create the file between the two calls: then it is opened as
            // one that existed.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match create_owner_only(path) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    check_header(path, crate::fsio::open_regular(path).map_err(io)?)?
                }
                other => other.map_err(io)?,
            },
            Err(e) => return Err(io(e)),
        }
        let corrupt = |e: rusqlite::Error| classify(path, e);
        let mut conn = Connection::open(path).map_err(corrupt)?;
        conn.busy_handler(Some(lock::wait)).map_err(corrupt)?;
        let (app_id, version, objects) = conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |r| {
                    Ok((
                        r.get::<_, i32>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )
            .map_err(corrupt)?;
        if objects > 0 && app_id != APPLICATION_ID {
            return Err(StoreError::NotKensa {
                path: path.to_path_buf(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let check_schema = |conn: &Connection| {
            integrity::check(conn).map_err(|e| match e {
                StoreError::Sqlite(e) => corrupt(e),
                other => other,
            })
        };
        let mut schema_problems = check_schema(&conn)?;
        if version < SCHEMA_VERSION {
            integrity::refuse_altered(path, &schema_problems)?;
            // Stamped before the first table exists, so another kensa opening the file
            // meanwhile never sees tables without kensa's id.
            if app_id != APPLICATION_ID {
                conn.pragma_update(None, "application_id", APPLICATION_ID)
                    .map_err(corrupt)?;
            }
            // Foreign keys off while migrating: a migration that rebuilds a table (SQLite's
            // documented way to change a constraint) drops the old table, which with keys on
            // would delete or refuse every row pointing at it. Migrations that rebuild check the
            // keys themselves before they commit (`M::foreign_key_check`).
            conn.pragma_update(None, "foreign_keys", false)
                .map_err(corrupt)?;
            migrate(&mut conn, path)?;
            // Another kensa may have migrated the file between the check above and ours:
            // judge the schema the file has now.
            schema_problems = check_schema(&conn)?;
        }
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(corrupt)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            schema_problems,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The write transaction of one user action; refused while the schema is not kensa's.
    fn tx(&mut self) -> Result<Transaction<'_>, StoreError> {
        integrity::refuse_altered(&self.path, &self.schema_problems)?;
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))
    }

    // ---- facility ----

    pub fn facility(&self) -> Result<Option<Facility>, StoreError> {
        self.conn
            .query_row(
                "SELECT name, kind, prefecture, manager, security_officer, vendor_contracts,
                        institution_code, beds, founder
                 FROM facility WHERE id = 1",
                [],
                |r| {
                    let kind: String = r.get(1)?;
                    Ok(Facility {
                        name: r.get(0)?,
                        kind: FacilityKind::parse(&kind).unwrap_or(FacilityKind::Hospital),
                        prefecture: r.get(2)?,
                        manager: r.get(3)?,
                        security_officer: r.get(4)?,
                        vendor_contracts: r.get(5)?,
                        institution_code: r.get(6)?,
                        beds: r.get(7)?,
                        founder: r.get(8)?,
                    })
                },
            )
            .optional()
            .map_err(|e| classify(&self.path, e))
    }

    /// Create or replace the facility profile.
    pub fn save_facility(&mut self, f: &Facility, actor: &str) -> Result<(), StoreError> {
        f.check_lengths()?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        let existed: bool = tx.query_row("SELECT count(*) FROM facility", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO facility (id, name, kind, prefecture, manager, security_officer, vendor_contracts, updated_at,
                                   institution_code, beds, founder)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
               prefecture = excluded.prefecture, manager = excluded.manager,
               security_officer = excluded.security_officer,
               vendor_contracts = excluded.vendor_contracts, updated_at = excluded.updated_at,
               institution_code = excluded.institution_code, beds = excluded.beds,
               founder = excluded.founder",
            params![
                f.name,
                f.kind.as_str(),
                f.prefecture,
                f.manager,
                f.security_officer,
                f.vendor_contracts,
                at,
                f.institution_code,
                f.beds,
                f.founder
            ],
        )?;
        let action = if existed { "update" } else { "create" };
        audit::record(&tx, &at, actor, action, "facility", 1)?;
        tx.commit()?;
        Ok(())
    }

    // ---- sheets ----

    pub fn sheets(&self) -> Result<Vec<Sheet>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, edition_id, form, fiscal_year, carried_from, created_at, vendor_id FROM sheets ORDER BY id",
        )?;
        let rows = stmt.query_map([], sheet_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Create a sheet and, in the same transaction, the answers carried into it.
    pub fn create_sheet(
        &mut self,
        edition_id: &str,
        form: Form,
        fiscal_year: i16,
        carried_from: Option<i64>,
        carried: &[CarriedCheck],
        actor: &str,
    ) -> Result<Sheet, StoreError> {
        let at = now();
        let tx = self.tx()?;
        let exists: bool = tx.query_row(
            "SELECT count(*) FROM sheets WHERE edition_id = ?1 AND fiscal_year = ?2 AND vendor_id IS NULL",
            params![edition_id, fiscal_year],
            |r| r.get(0),
        )?;
        if exists {
            return Err(StoreError::SheetExists {
                edition: edition_id.to_string(),
                fiscal_year,
            });
        }
        tx.execute(
            "INSERT INTO sheets (edition_id, form, fiscal_year, carried_from, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![edition_id, form.as_str(), fiscal_year, carried_from, at],
        )?;
        let sheet = fill_new_sheet(&tx, carried, actor, &at)?;
        tx.commit()?;
        Ok(sheet)
    }

    // ---- checks, targets, evidence ----

    /// Record one answer with its optional 目標日 and evidence files: one user action.
    pub fn record_answer(
        &mut self,
        sheet_id: i64,
        check: &NewCheck,
        target: Option<Date>,
        evidence: &[EvidenceFile],
        actor: &str,
    ) -> Result<i64, StoreError> {
        limits::check(Field::Note, &check.note)?;
        limits::check(Field::Actor, actor)?;
        for e in evidence {
            limits::check(Field::EvidenceName, &e.name)?;
        }
        let at = now();
        let tx = self.tx()?;
        tx.execute(
            "INSERT INTO checks (sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
            params![
                sheet_id,
                check.item,
                check.scope.as_str(),
                check.answer.as_str(),
                check.checked_on.to_string(),
                actor,
                check.note,
                at
            ],
        )?;
        let check_id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "answer", "checks", check_id)?;
        if let Some(t) = target {
            insert_target(&tx, sheet_id, &check.item, check.scope, t, actor, &at)?;
        }
        for e in evidence {
            tx.execute(
                "INSERT INTO evidence (check_id, name, size, sha256, content, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    check_id,
                    e.name,
                    e.content.len() as i64,
                    audit::sha256_hex(&e.content),
                    e.content,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(&tx, &at, actor, "attach", "evidence", id)?;
        }
        tx.commit()?;
        Ok(check_id)
    }

    /// Set a 目標日 without a new check.
    pub fn set_target(
        &mut self,
        sheet_id: i64,
        item: &str,
        scope: Scope,
        target: Date,
        actor: &str,
    ) -> Result<(), StoreError> {
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        insert_target(&tx, sheet_id, item, scope, target, actor, &at)?;
        tx.commit()?;
        Ok(())
    }

    /// Answers read from a filled form (`kensa sheet import`), each with its 目標日 and the
    /// cell it came from: all stored in one transaction, or none.
    pub fn import_answers(
        &mut self,
        sheet_id: i64,
        answers: &[ImportedCheck],
        actor: &str,
    ) -> Result<usize, StoreError> {
        limits::check(Field::Actor, actor)?;
        for a in answers {
            limits::check(Field::Note, &a.check.note)?;
            limits::check(Field::EvidenceName, &a.source.file_name)?;
        }
        let at = now();
        let tx = self.tx()?;
        for a in answers {
            let check = &a.check;
            tx.execute(
                "INSERT INTO checks (sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
                params![
                    sheet_id,
                    check.item,
                    check.scope.as_str(),
                    check.answer.as_str(),
                    check.checked_on.to_string(),
                    actor,
                    check.note,
                    at
                ],
            )?;
            let check_id = tx.last_insert_rowid();
            audit::record(&tx, &at, actor, "import", "checks", check_id)?;
            tx.execute(
                "INSERT INTO check_sources (check_id, file_name, file_sha256, cell, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    check_id,
                    a.source.file_name,
                    a.source.file_sha256,
                    a.source.cell,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(&tx, &at, actor, "import", "check_sources", id)?;
            if let Some(t) = a.target {
                insert_target(&tx, sheet_id, &check.item, check.scope, t, actor, &at)?;
            }
        }
        tx.commit()?;
        Ok(answers.len())
    }

    /// Where each imported check of a sheet was read, by check id.
    fn check_sources(
        &self,
        sheet_id: Option<i64>,
    ) -> Result<std::collections::HashMap<i64, CheckSource>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.check_id, s.file_name, s.file_sha256, s.cell FROM check_sources s
             JOIN checks c ON c.id = s.check_id WHERE ?1 IS NULL OR c.sheet_id = ?1",
        )?;
        let rows = stmt.query_map([sheet_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                CheckSource {
                    file_name: r.get(1)?,
                    file_sha256: r.get(2)?,
                    cell: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every check of a sheet with its evidence metadata, oldest first.
    pub fn checks(&self, sheet_id: i64) -> Result<Vec<CheckRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CHECK_COLUMNS} FROM checks WHERE sheet_id = ?1 ORDER BY id"
        ))?;
        let mut out: Vec<CheckRecord> = stmt
            .query_map([sheet_id], check_from_row)?
            .collect::<Result<_, _>>()?;
        self.mark_responses(&mut out)?;
        let mut stmt = self.conn.prepare(
            "SELECT e.check_id, e.id, e.name, e.size, e.sha256 FROM evidence e
             JOIN checks c ON c.id = e.check_id WHERE c.sheet_id = ?1 ORDER BY e.id",
        )?;
        let ev = stmt.query_map([sheet_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                EvidenceMeta {
                    id: r.get(1)?,
                    name: r.get(2)?,
                    size: r.get(3)?,
                    sha256: r.get(4)?,
                },
            ))
        })?;
        let mut sources = self.check_sources(Some(sheet_id))?;
        for c in &mut out {
            c.source = sources.remove(&c.id);
        }
        for e in ev {
            let (check_id, meta) = e?;
            if let Some(c) = out.iter_mut().find(|c| c.id == check_id) {
                c.evidence.push(meta);
            }
        }
        Ok(out)
    }

    pub fn targets(&self, sheet_id: i64) -> Result<Vec<TargetRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {TARGET_COLUMNS} FROM targets WHERE sheet_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([sheet_id], target_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Content of a stored evidence file.
    pub fn evidence_content(&self, evidence_id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT content FROM evidence WHERE id = ?1",
                [evidence_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    // ---- audit ----

    /// Check the database's integrity, then the audit chain and every audited row.
    pub fn audit_verify(&self) -> Result<AuditReport, StoreError> {
        let integrity: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, e))?;
        if integrity != "ok" {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: integrity,
            });
        }
        let mut report = audit::verify(&self.conn).map_err(|e| match e {
            StoreError::Sqlite(e) => classify(&self.path, e),
            other => other,
        })?;
        report.schema = self.schema_problems.clone();
        Ok(report)
    }
}

/// Schema 4 added columns to the facility's audited row: in the migration's transaction, log
/// the row's new hash once, so `audit verify` compares the live row with a record that covers
/// every column.
fn rehash_facility_for_schema_4(tx: &Transaction) -> rusqlite_migration::HookResult {
    let exists: bool = tx.query_row("SELECT count(*) FROM facility", [], |r| r.get(0))?;
    if exists {
        audit::record(tx, &now(), "kensa", "migrate", "facility", 1)
            .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
    }
    Ok(())
}

/// Schema 5 added `vendor_id` to the audited sheets and contacts: in the migration's
/// transaction, log every such row's new hash, as schema 4 did for the facility.
fn rehash_for_schema_5(tx: &Transaction) -> rusqlite_migration::HookResult {
    let at = now();
    for entity in ["sheets", "contacts"] {
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT id FROM {entity} ORDER BY id"))?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in ids {
            audit::record(tx, &at, "kensa", "migrate", entity, id)
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
        }
    }
    Ok(())
}

fn insert_target(
    tx: &Transaction,
    sheet_id: i64,
    item: &str,
    scope: Scope,
    target: Date,
    actor: &str,
    at: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO targets (sheet_id, item, scope, target_on, set_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            sheet_id,
            item,
            scope.as_str(),
            target.to_string(),
            actor,
            at
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::record(tx, at, actor, "target", "targets", id)
}

/// The rest of creating the sheet just inserted by `tx`: its audit entry, the answers carried
/// into it (each audited), and the sheet as stored. The caller commits.
pub(crate) fn fill_new_sheet(
    tx: &Transaction,
    carried: &[CarriedCheck],
    actor: &str,
    at: &str,
) -> Result<Sheet, StoreError> {
    let sheet_id = tx.last_insert_rowid();
    audit::record(tx, at, actor, "create", "sheets", sheet_id)?;
    for c in carried {
        tx.execute(
            "INSERT INTO checks (sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at)
             VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8)",
            params![sheet_id, c.item, c.scope.as_str(), c.answer.as_str(), actor, c.note, c.from_check, at],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(tx, at, actor, "carry", "checks", id)?;
    }
    Ok(tx.query_row(
        "SELECT id, edition_id, form, fiscal_year, carried_from, created_at, vendor_id FROM sheets WHERE id = ?1",
        [sheet_id],
        sheet_from_row,
    )?)
}

/// The columns [`check_from_row`] reads, in its order.
pub(crate) const CHECK_COLUMNS: &str = "id, sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at";

/// A check row without its evidence (read separately).
pub(crate) fn check_from_row(r: &rusqlite::Row) -> rusqlite::Result<CheckRecord> {
    Ok(CheckRecord {
        id: r.get(0)?,
        sheet_id: r.get(1)?,
        item: r.get(2)?,
        scope: parse_col(r, 3, Scope::parse)?,
        answer: parse_col(r, 4, Answer::parse)?,
        checked_on: r
            .get::<_, Option<String>>(5)?
            .map(|s| date_col(5, &s))
            .transpose()?,
        checked_by: r.get(6)?,
        note: r.get(7)?,
        carried_from_check: r.get(8)?,
        recorded_at: r.get(9)?,
        evidence: Vec::new(),
        response: None,
        source: None,
    })
}

/// The columns [`target_from_row`] reads, in its order.
pub(crate) const TARGET_COLUMNS: &str = "id, sheet_id, item, scope, target_on, set_by, recorded_at";

pub(crate) fn target_from_row(r: &rusqlite::Row) -> rusqlite::Result<TargetRecord> {
    Ok(TargetRecord {
        id: r.get(0)?,
        sheet_id: r.get(1)?,
        item: r.get(2)?,
        scope: parse_col(r, 3, Scope::parse)?,
        target_on: date_col(4, &r.get::<_, String>(4)?)?,
        set_by: r.get(5)?,
        recorded_at: r.get(6)?,
    })
}

fn sheet_from_row(r: &rusqlite::Row) -> rusqlite::Result<Sheet> {
    Ok(Sheet {
        id: r.get(0)?,
        edition_id: r.get(1)?,
        form: parse_col(r, 2, Form::parse)?,
        fiscal_year: r.get(3)?,
        carried_from: r.get(4)?,
        created_at: r.get(5)?,
        vendor: r.get(6)?,
    })
}

/// A text column parsed into one of our enums; a value the CHECK constraints would not allow
/// (a file edited by hand) becomes a conversion error rather than a panic.
pub(crate) fn parse_col<T>(
    r: &rusqlite::Row,
    i: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unexpected value `{s}`").into(),
        )
    })
}

fn date_col(i: usize, s: &str) -> rusqlite::Result<Date> {
    s.parse().map_err(|e: jiff::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Create the database file readable and writable by its owner only. SQLite gives its journal
/// and WAL files the same permissions as the database file.
fn create_owner_only(path: &Path) -> std::io::Result<()> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop)
}

/// A non-empty file must start with SQLite's magic string.
fn check_header(path: &Path, mut f: File) -> Result<(), StoreError> {
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if n == 0 || head == *b"SQLite format 3\0" {
        Ok(())
    } else {
        Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        })
    }
}

/// Migrate to [`SCHEMA_VERSION`], safely against another kensa doing the same: the migration
/// runs in one IMMEDIATE transaction, so a second first run waits for the write lock.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    let result = migrations().to_latest(conn);
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Deferred);
    let Err(e) = result else {
        return Ok(());
    };
    // rusqlite_migration reads the version before taking the lock. If another kensa migrated
    // in between, this attempt found its tables and was rolled back, and the file is current.
    let version: i64 = conn
        .query_row("SELECT user_version FROM pragma_user_version", [], |r| {
            r.get(0)
        })
        .map_err(|e| classify(path, e))?;
    match version {
        SCHEMA_VERSION => Ok(()),
        v if v > SCHEMA_VERSION => Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: v,
            supported: SCHEMA_VERSION,
        }),
        _ => Err(match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => classify(path, err),
            other => StoreError::Migration(other),
        }),
    }
}

/// rusqlite's message without the SQL that a syntax error quotes: SQLite's own description
/// (`database or disk is full`, `UNIQUE constraint failed: assets.control_no`).
fn sqlite_cause(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        rusqlite::Error::SqliteFailure(f, None) => {
            rusqlite::ffi::code_to_str(f.extended_code).into()
        }
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}

/// rusqlite_migration's message without the migration's SQL.
fn migration_cause(e: &rusqlite_migration::Error) -> String {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => sqlite_cause(err),
        other => other.to_string(),
    }
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_path_buf(),
            waited_secs: lock::limit_secs(),
        },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        Some(
            ErrorCode::SystemIoFailure
            | ErrorCode::ReadOnly
            | ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied,
        ) => StoreError::Unwritable {
            path: path.to_path_buf(),
            detail: sqlite_cause(&e),
        },
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Sqlite(e),
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

    fn facility() -> Facility {
        Facility {
            name: "テスト病院".into(),
            kind: FacilityKind::Hospital,
            prefecture: Some("東京都".into()),
            manager: None,
            security_officer: Some("山田".into()),
            vendor_contracts: true,
            institution_code: None,
            beds: None,
            founder: None,
        }
    }

    #[test]
    fn new_db_is_owner_only_and_reopens() {
        let (dir, mut s) = store();
        s.save_facility(&facility(), "t").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("k.db"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        drop(s);
        let s = Store::open(&dir.path().join("k.db")).unwrap();
        assert_eq!(s.facility().unwrap().unwrap().name, "テスト病院");
    }

    #[test]
    fn answer_with_target_and_evidence_round_trips_and_verifies() {
        let (_d, mut s) = store();
        s.save_facility(&facility(), "t").unwrap();
        let sheet = s
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        assert_eq!(sheet.key(), "hospital-r7-2025");
        let ev = EvidenceFile {
            name: "台帳.xlsx".into(),
            content: b"abc".to_vec(),
        };
        let check = NewCheck {
            item: "2-7".into(),
            scope: Scope::Server,
            answer: Answer::No,
            checked_on: date(2025, 5, 1),
            note: "パッチ未適用".into(),
        };
        let id = s
            .record_answer(sheet.id, &check, Some(date(2026, 3, 31)), &[ev], "t")
            .unwrap();
        let checks = s.checks(sheet.id).unwrap();
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].evidence[0].sha256, audit::sha256_hex(b"abc"));
        assert_eq!(s.targets(sheet.id).unwrap()[0].target_on, date(2026, 3, 31));
        assert_eq!(
            s.evidence_content(checks[0].evidence[0].id)
                .unwrap()
                .unwrap(),
            b"abc"
        );
        let report = s.audit_verify().unwrap();
        assert!(report.problems.is_empty(), "{report:?}");
        assert_eq!(report.records, 5);
        assert_eq!(id, checks[0].id);
    }

    #[test]
    fn duplicate_sheet_is_refused() {
        let (_d, mut s) = store();
        s.create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        let e = s
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap_err();
        assert!(matches!(e, StoreError::SheetExists { .. }));
        assert_eq!(s.sheets().unwrap().len(), 1);
    }

    #[test]
    fn checks_cannot_be_updated_through_sql() {
        let (_d, mut s) = store();
        let sheet = s
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        let check = NewCheck {
            item: "1-1".into(),
            scope: Scope::General,
            answer: Answer::Yes,
            checked_on: date(2025, 5, 1),
            note: String::new(),
        };
        s.record_answer(sheet.id, &check, None, &[], "t").unwrap();
        assert!(
            s.conn
                .execute("UPDATE checks SET answer = 'no'", [])
                .is_err()
        );
        assert!(s.conn.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn tampering_is_named() {
        let (_d, mut s) = store();
        s.save_facility(&facility(), "t").unwrap();
        let sheet = s
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        let check = NewCheck {
            item: "1-1".into(),
            scope: Scope::General,
            answer: Answer::No,
            checked_on: date(2025, 5, 1),
            note: String::new(),
        };
        s.record_answer(sheet.id, &check, None, &[], "t").unwrap();
        s.conn
            .execute_batch(
                "DROP TRIGGER checks_append_only_u; UPDATE checks SET answer = 'yes' WHERE id = 1;",
            )
            .unwrap();
        s.conn
            .execute("UPDATE facility SET name = 'x'", [])
            .unwrap();
        let p = s.audit_verify().unwrap().problems;
        assert!(
            p.contains(&AuditProblem {
                table: "checks".into(),
                id: 1,
                kind: ProblemKind::RowChanged
            }),
            "{p:?}"
        );
        assert!(
            p.contains(&AuditProblem {
                table: "facility".into(),
                id: 1,
                kind: ProblemKind::RowChanged
            }),
            "{p:?}"
        );
        s.conn
            .execute_batch("INSERT INTO sheets (edition_id, form, fiscal_year, created_at) VALUES ('hospital-r6', 'hospital', 2024, 'x')")
            .unwrap();
        let p = s.audit_verify().unwrap().problems;
        assert!(
            p.iter()
                .any(|p| p.table == "sheets" && p.kind == ProblemKind::RowNotRecorded)
        );
    }

    #[test]
    fn foreign_and_garbage_files_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, b"this is not sqlite at all, just text").unwrap();
        assert!(matches!(
            Store::open(&garbage),
            Err(StoreError::NotSqlite { .. })
        ));
        assert_eq!(
            std::fs::read(&garbage).unwrap(),
            b"this is not sqlite at all, just text"
        );

        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let before = std::fs::read(&foreign).unwrap();
        assert!(matches!(
            Store::open(&foreign),
            Err(StoreError::NotKensa { .. })
        ));
        assert_eq!(std::fs::read(&foreign).unwrap(), before);

        let newer = dir.path().join("newer.db");
        drop(Store::open(&newer).unwrap());
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let before = std::fs::read(&newer).unwrap();
        assert!(matches!(
            Store::open(&newer),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        assert_eq!(std::fs::read(&newer).unwrap(), before);
    }

    #[test]
    fn oversized_evidence_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.bin");
        let f = File::create(&p).unwrap();
        f.set_len(MAX_EVIDENCE_BYTES + 1).unwrap();
        assert!(matches!(
            EvidenceFile::read(&p),
            Err(StoreError::EvidenceTooLarge { .. })
        ));
        assert!(matches!(
            EvidenceFile::read(&dir.path().join("missing")),
            Err(StoreError::Io { .. })
        ));
    }
}
