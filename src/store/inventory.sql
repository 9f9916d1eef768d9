-- kensa store migration: the 機器台帳 (asset ledger).
-- What a person typed (assets) and what collectors and scans observed (observations) live in
-- separate tables: an observation never overwrites a typed field; the ledger view shows both.
-- Observations are append-only; asset rows are edited in place, and every edit is audited.

CREATE TABLE assets (
    id               INTEGER PRIMARY KEY,
    control_no       TEXT NOT NULL UNIQUE CHECK (control_no <> ''),  -- 管理番号
    kind             TEXT NOT NULL CHECK (kind IN ('server', 'terminal', 'network', 'medical-device', 'other')),
    maker            TEXT NOT NULL,   -- メーカー
    os               TEXT NOT NULL,   -- OS
    software         TEXT NOT NULL,   -- ソフトウェア
    software_version TEXT NOT NULL,   -- ソフトウェアバージョン
    ip               TEXT NOT NULL,   -- IPアドレス, normalised, ", "-separated
    computer_name    TEXT NOT NULL,   -- コンピュータ名
    location         TEXT NOT NULL,   -- 設置場所
    user_name        TEXT NOT NULL,   -- 利用者
    registered_on    TEXT,            -- 登録日, YYYY-MM-DD
    status           TEXT NOT NULL,   -- 状態
    description      TEXT NOT NULL,   -- 説明
    mac              TEXT NOT NULL,   -- MACアドレス, normalised, ", "-separated
    retired_on       TEXT,            -- 廃棄日, YYYY-MM-DD
    source           TEXT NOT NULL CHECK (source IN ('manual', 'import', 'collect', 'scan')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE observations (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL CHECK (source IN ('collect', 'scan')),
    observed_at    TEXT NOT NULL,
    computer_name  TEXT NOT NULL,
    os             TEXT NOT NULL,
    maker          TEXT NOT NULL,
    model          TEXT NOT NULL,
    serial         TEXT NOT NULL,
    ips            TEXT NOT NULL,     -- JSON array of strings
    macs           TEXT NOT NULL,     -- JSON array of strings
    -- The whole document as received (kensa.host/1 for collect), kept for the evidence engine.
    payload        TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    -- The same document imported twice is one observation.
    UNIQUE (payload_sha256)
) STRICT;

CREATE TRIGGER observations_append_only_u BEFORE UPDATE ON observations
    BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER observations_append_only_d BEFORE DELETE ON observations
    BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER assets_no_delete BEFORE DELETE ON assets
    BEGIN SELECT RAISE(ABORT, 'ledger rows are retired, not deleted'); END;
