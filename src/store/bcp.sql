-- kensa store, migration: the cyber-attack BCP (issue 15). Systems with their backups and
-- alternative operation, the 電子カルテ情報共有サービス connection, drills, the 経営層's approvals
-- and the answers to the 確認表 items kensa cannot judge from the data.
-- A system is never deleted: `kensa bcp system remove` sets removed_at, so the audit log keeps
-- what the approved plans said. Drills, approvals and confirmations are append-only.

CREATE TABLE bcp_systems (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL CHECK (name <> ''),
    vendor                TEXT,
    assets                TEXT NOT NULL,   -- JSON array of 管理番号
    importance            TEXT CHECK (importance IS NULL OR importance IN ('high', 'medium', 'low')),
    restore_priority      INTEGER CHECK (restore_priority IS NULL OR restore_priority BETWEEN 1 AND 99),
    target_recovery_hours INTEGER CHECK (target_recovery_hours IS NULL OR target_recovery_hours BETWEEN 1 AND 87600),
    alternative           TEXT,
    remote_maintenance    TEXT,
    backup_frequency      TEXT,
    backup_method         TEXT,
    backup_location       TEXT,
    backup_offline        INTEGER CHECK (backup_offline IS NULL OR backup_offline IN (0, 1)),
    restore_procedure     TEXT,
    last_restore_test     TEXT,            -- YYYY-MM-DD
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    removed_at            TEXT
) STRICT;

CREATE TRIGGER bcp_systems_keep_history_d BEFORE DELETE ON bcp_systems
    BEGIN SELECT RAISE(ABORT, 'systems are never deleted; kensa bcp system remove marks them removed'); END;
CREATE TRIGGER bcp_systems_removed_stay_u BEFORE UPDATE ON bcp_systems
    WHEN OLD.removed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a removed system is not changed'); END;

-- One row: the facility has one connection to the service.
CREATE TABLE bcp_ehr_sharing (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    connection        TEXT CHECK (connection IS NULL OR connection IN ('qualification_terminal', 'web_api')),
    line              TEXT CHECK (line IS NULL OR line IN ('ip_vpn', 'ipsec_ike')),
    line_provider     TEXT,
    router_location   TEXT,
    terminal_location TEXT,
    signing           TEXT CHECK (signing IS NULL OR signing IN ('hpki_card', 'cardless')),
    ons_contact       TEXT,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE TRIGGER bcp_ehr_sharing_no_delete BEFORE DELETE ON bcp_ehr_sharing
    BEGIN SELECT RAISE(ABORT, 'the EHR-sharing settings are changed, not deleted'); END;

CREATE TABLE bcp_drills (
    id           INTEGER PRIMARY KEY,
    held_on      TEXT NOT NULL,
    scenario     TEXT NOT NULL CHECK (scenario <> ''),
    participants TEXT NOT NULL CHECK (participants <> ''),
    lessons      TEXT,
    follow_ups   TEXT,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER bcp_drills_append_only_u BEFORE UPDATE ON bcp_drills
    BEGIN SELECT RAISE(ABORT, 'drills are append-only'); END;
CREATE TRIGGER bcp_drills_append_only_d BEFORE DELETE ON bcp_drills
    BEGIN SELECT RAISE(ABORT, 'drills are append-only'); END;

CREATE TABLE bcp_approvals (
    id          INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL UNIQUE CHECK (version >= 1),
    approved_by TEXT NOT NULL CHECK (approved_by <> ''),
    approved_on TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER bcp_approvals_append_only_u BEFORE UPDATE ON bcp_approvals
    BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
CREATE TRIGGER bcp_approvals_append_only_d BEFORE DELETE ON bcp_approvals
    BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;

-- The officer's answer to a 確認表 item kensa asks rather than judges; the newest counts.
CREATE TABLE bcp_confirmations (
    id           INTEGER PRIMARY KEY,
    item         TEXT NOT NULL,
    answer       TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
    confirmed_on TEXT NOT NULL,
    confirmed_by TEXT NOT NULL,
    note         TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER bcp_confirmations_append_only_u BEFORE UPDATE ON bcp_confirmations
    BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
CREATE TRIGGER bcp_confirmations_append_only_d BEFORE DELETE ON bcp_confirmations
    BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
