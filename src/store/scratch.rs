//! Scratch space for checks that would otherwise grow memory with the size of their input:
//! a private temporary SQLite database on disk, deleted when dropped, never the user's.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// Keys with the file and line where each was first seen, e.g. the 管理番号 of an import, so
/// that duplicates are found across files of any size with memory for one page cache.
pub struct SeenKeys {
    conn: Connection,
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

impl SeenKeys {
    pub fn new() -> Result<SeenKeys, StoreError> {
        // An empty name is SQLite's private temporary database on disk, removed on close.
        let conn = Connection::open("")?;
        // Nothing here outlives the process, so no journal and no syncing; one transaction
        // that is never committed.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE TABLE seen (key TEXT PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL)
               WITHOUT ROWID;
             BEGIN;",
        )?;
        Ok(SeenKeys { conn })
    }

    /// Note `key` as seen in file number `file` at `line`. `Some((file, line))` of its first
    /// sighting when it was seen before.
    pub fn first_seen(
        &self,
        key: &str,
        file: usize,
        line: usize,
    ) -> Result<Option<(usize, usize)>, StoreError> {
        let inserted = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO seen (key, file, line) VALUES (?1, ?2, ?3)")?
            .execute(params![key, to_i64(file), to_i64(line)])?;
        if inserted == 1 {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT file, line FROM seen WHERE key = ?1")?
            .query_row([key], |r| Ok((to_usize(r.get(0)?), to_usize(r.get(1)?))))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_sightings_name_the_first() {
        let s = SeenKeys::new().unwrap();
        assert_eq!(s.first_seen("001", 0, 2).unwrap(), None);
        assert_eq!(s.first_seen("002", 0, 3).unwrap(), None);
        assert_eq!(s.first_seen("001", 1, 7).unwrap(), Some((0, 2)));
        assert_eq!(s.first_seen("001", 2, 9).unwrap(), Some((0, 2)));
    }
}
