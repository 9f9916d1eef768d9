-- kensa store, migration: where an imported answer was read (kensa sheet import): the file's
-- name and SHA-256 and the cell, one row per check, append-only like the checks themselves.

CREATE TABLE check_sources (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL UNIQUE REFERENCES checks (id),
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64 AND file_sha256 NOT GLOB '*[^0-9a-f]*'),
    cell        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER check_sources_append_only_u BEFORE UPDATE ON check_sources
    BEGIN SELECT RAISE(ABORT, 'check sources are append-only'); END;
CREATE TRIGGER check_sources_append_only_d BEFORE DELETE ON check_sources
    BEGIN SELECT RAISE(ABORT, 'check sources are append-only'); END;
