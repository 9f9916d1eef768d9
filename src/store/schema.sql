-- kensa store, schema version 1.
-- Checks, targets, evidence and the audit log are append-only: corrections are new rows.
-- The triggers stop accidental edits through SQL; `kensa audit verify` detects the rest.

CREATE TABLE facility (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('hospital', 'clinic-beds', 'clinic', 'pharmacy')),
    prefecture       TEXT,
    manager          TEXT,
    security_officer TEXT,
    vendor_contracts INTEGER NOT NULL CHECK (vendor_contracts IN (0, 1)),
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE sheets (
    id           INTEGER PRIMARY KEY,
    edition_id   TEXT NOT NULL,
    form         TEXT NOT NULL CHECK (form IN ('hospital', 'vendor', 'pharmacy')),
    fiscal_year  INTEGER NOT NULL,
    carried_from INTEGER REFERENCES sheets (id),
    created_at   TEXT NOT NULL,
    UNIQUE (edition_id, fiscal_year)
) STRICT;

CREATE TABLE checks (
    id                 INTEGER PRIMARY KEY,
    sheet_id           INTEGER NOT NULL REFERENCES sheets (id),
    item               TEXT NOT NULL,
    scope              TEXT NOT NULL CHECK (scope IN ('general', 'server', 'terminal', 'network')),
    answer             TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
    -- NULL only for answers carried over from a previous sheet (要再確認).
    checked_on         TEXT,
    checked_by         TEXT NOT NULL,
    note               TEXT NOT NULL,
    carried_from_check INTEGER REFERENCES checks (id),
    recorded_at        TEXT NOT NULL,
    CHECK ((checked_on IS NULL) = (carried_from_check IS NOT NULL))
) STRICT;
CREATE INDEX checks_by_sheet ON checks (sheet_id, item, scope);

CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    sheet_id    INTEGER NOT NULL REFERENCES sheets (id),
    item        TEXT NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('general', 'server', 'terminal', 'network')),
    target_on   TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX targets_by_sheet ON targets (sheet_id, item, scope);

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL REFERENCES checks (id),
    name        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_by_check ON evidence (check_id);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    row_hash  TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE TRIGGER checks_append_only_u BEFORE UPDATE ON checks
    BEGIN SELECT RAISE(ABORT, 'checks are append-only'); END;
CREATE TRIGGER checks_append_only_d BEFORE DELETE ON checks
    BEGIN SELECT RAISE(ABORT, 'checks are append-only'); END;
CREATE TRIGGER targets_append_only_u BEFORE UPDATE ON targets
    BEGIN SELECT RAISE(ABORT, 'targets are append-only'); END;
CREATE TRIGGER targets_append_only_d BEFORE DELETE ON targets
    BEGIN SELECT RAISE(ABORT, 'targets are append-only'); END;
CREATE TRIGGER evidence_append_only_u BEFORE UPDATE ON evidence
    BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
CREATE TRIGGER evidence_append_only_d BEFORE DELETE ON evidence
    BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
