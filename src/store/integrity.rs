//! Schema integrity: the database's tables, indexes, triggers and views must be exactly the ones
//! kensa's migrations create for the database's schema version.
//!
//! Why: the audit chain covers rows, not the schema. A trigger planted with another SQLite tool
//! (say, one that turns every later いいえ into はい) would fire inside kensa's own transaction, and
//! kensa would then audit the altered row as if it had written it; a dropped append-only trigger
//! lets rows be changed in place. So on every open the schema is compared with the one the
//! migrations make, and a database whose schema differs is refused for writes (reading still
//! works, with a warning) and reported by `kensa audit verify`.
//!
//! The expected schema is computed, not listed: the migrations up to the database's version are
//! applied to an empty in-memory database and its `sqlite_master` is read back. A new migration
//! is therefore covered without touching this file.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use super::{Store, StoreError, migrations};

/// What differs between the database's schema and kensa's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaChange {
    /// An object kensa does not create (a planted trigger, table, index or view).
    Added,
    /// An object kensa creates is gone (a dropped append-only trigger).
    Missing,
    /// An object of kensa's name whose definition differs.
    Changed,
}

/// One schema object that is not as kensa made it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct SchemaProblem {
    pub change: SchemaChange,
    /// `table`, `index`, `trigger` or `view`.
    pub object: String,
    pub name: String,
}

/// (type, name) → (table it belongs to, normalised SQL; `None` for SQLite's own indexes).
type Objects = BTreeMap<(String, String), (String, Option<String>)>;

/// SQLite's internal tables that may appear without kensa creating them: `sqlite_sequence`
/// (AUTOINCREMENT) and the planner statistics of `ANALYZE`. SQLite refuses user objects whose
/// names begin with `sqlite_`, and these hold no code; anything else of that name is reported.
fn internal_table(kind: &str, name: &str) -> bool {
    kind == "table" && (name == "sqlite_sequence" || name.starts_with("sqlite_stat"))
}

/// The same statement written with other spacing or line breaks is the same statement.
fn normalise(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = Objects::new();
    for row in rows {
        let (kind, name, table, sql) = row?;
        if !internal_table(&kind, &name) {
            out.insert((kind, name), (table, sql.as_deref().map(normalise)));
        }
    }
    Ok(out)
}

/// The objects kensa's migrations create up to schema `version`.
fn expected(version: i64) -> Result<Objects, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    if version > 0 {
        let v = usize::try_from(version)
            .map_err(|_| StoreError::Internal(format!("schema version {version}")))?;
        migrations().to_version(&mut conn, v)?;
    }
    Ok(objects(&conn)?)
}

fn compare(found: &Objects, wanted: &Objects) -> Vec<SchemaProblem> {
    let mut out = Vec::new();
    let problem = |change, (kind, name): &(String, String)| SchemaProblem {
        change,
        object: kind.clone(),
        name: name.clone(),
    };
    for (key, def) in found {
        match wanted.get(key) {
            None => out.push(problem(SchemaChange::Added, key)),
            Some(w) if w != def => out.push(problem(SchemaChange::Changed, key)),
            Some(_) => {}
        }
    }
    for key in wanted.keys() {
        if !found.contains_key(key) {
            out.push(problem(SchemaChange::Missing, key));
        }
    }
    out.sort();
    out
}

/// Compare the database's schema with kensa's for the version the database says it has. The
/// version and the objects are read in one read transaction, so a migration committed by
/// another kensa at the same moment is seen either entirely or not at all.
pub(crate) fn check(conn: &Connection) -> Result<Vec<SchemaProblem>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let version: i64 = tx.query_row("SELECT user_version FROM pragma_user_version", [], |r| {
        r.get(0)
    })?;
    let found = objects(&tx)?;
    tx.finish()?;
    // A newer kensa's database is refused before this is asked; there is nothing to compare.
    if version > super::SCHEMA_VERSION {
        return Ok(Vec::new());
    }
    Ok(compare(&found, &expected(version)?))
}

/// Writing (or migrating) a database whose schema kensa did not make would run code kensa did
/// not write: refused, naming the objects.
pub(crate) fn refuse_altered(path: &Path, problems: &[SchemaProblem]) -> Result<(), StoreError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::SchemaAltered {
            path: path.to_path_buf(),
            problems: problems.to_vec(),
        })
    }
}

impl Store {
    /// Schema objects that are not as kensa made them, found when the database was opened.
    /// Non-empty means every write is refused.
    pub fn schema_problems(&self) -> &[SchemaProblem] {
        &self.schema_problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        drop(Store::open(&path).unwrap());
        (dir, path)
    }

    fn tamper(path: &Path, sql: &str) {
        Connection::open(path).unwrap().execute_batch(sql).unwrap();
    }

    #[test]
    fn a_fresh_database_has_exactly_kensas_schema() {
        let (_d, path) = store();
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_problems(), &[]);
        // Statistics from ANALYZE are SQLite's own and change nothing.
        tamper(&path, "ANALYZE");
        assert_eq!(Store::open(&path).unwrap().schema_problems(), &[]);
    }

    #[test]
    fn planted_dropped_and_changed_objects_are_named() {
        for (sql, change, object, name) in [
            (
                "CREATE TRIGGER yes_always AFTER INSERT ON audit_log BEGIN SELECT 1; END;",
                SchemaChange::Added,
                "trigger",
                "yes_always",
            ),
            (
                "DROP TRIGGER checks_append_only_u",
                SchemaChange::Missing,
                "trigger",
                "checks_append_only_u",
            ),
            (
                "DROP INDEX checks_by_sheet; CREATE INDEX checks_by_sheet ON checks (item)",
                SchemaChange::Changed,
                "index",
                "checks_by_sheet",
            ),
            (
                "CREATE VIEW v AS SELECT 1",
                SchemaChange::Added,
                "view",
                "v",
            ),
            (
                "CREATE TABLE extra (x)",
                SchemaChange::Added,
                "table",
                "extra",
            ),
        ] {
            let (_d, path) = store();
            tamper(&path, sql);
            let s = Store::open(&path).unwrap();
            assert_eq!(
                s.schema_problems(),
                &[SchemaProblem {
                    change,
                    object: object.into(),
                    name: name.into()
                }],
                "{sql}"
            );
        }
    }

    #[test]
    fn writes_are_refused_and_nothing_is_stored() {
        let (_d, path) = store();
        // The attack of the issue: every later いいえ becomes はい.
        tamper(
            &path,
            "DROP TRIGGER checks_append_only_u;
             CREATE TRIGGER no_becomes_yes AFTER INSERT ON checks WHEN NEW.answer = 'no'
             BEGIN UPDATE checks SET answer = 'yes' WHERE id = NEW.id; END;",
        );
        let mut s = Store::open(&path).unwrap();
        let e = s
            .create_sheet(
                "hospital-r7",
                crate::model::checklist::Form::Hospital,
                2025,
                None,
                &[],
                "t",
            )
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::SchemaAltered { problems, .. } if problems.len() == 2),
            "{e:?}"
        );
        // Reading still works.
        assert!(s.sheets().unwrap().is_empty());
        let report = s.audit_verify().unwrap();
        assert_eq!(report.schema.len(), 2);
    }

    #[test]
    fn an_old_database_with_a_planted_object_is_not_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, 1).unwrap();
            conn.pragma_update(None, "application_id", super::super::APPLICATION_ID)
                .unwrap();
            conn.execute_batch("CREATE TRIGGER t AFTER INSERT ON checks BEGIN SELECT 1; END;")
                .unwrap();
        }
        // Version 1 untouched is migrated; with the trigger it is refused and left as it was.
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::SchemaAltered { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        tamper(&path, "DROP TRIGGER t");
        assert_eq!(Store::open(&path).unwrap().schema_problems(), &[]);
    }
}
