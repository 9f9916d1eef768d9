-- kensa store, migration: vendors (事業者) and their 事業者確認用, exchanged as files.
--
-- One 事業者確認用 per vendor per edition and 年度: `sheets` gains the vendor it is for. SQLite
-- cannot alter a table constraint, so `sheets` is rebuilt (kensa runs this with foreign keys
-- off and checks them before the migration commits; `sheets` has no trigger or index of its own
-- before this migration, so nothing else is lost with the old table). A sheet made before this
-- migration keeps vendor_id NULL until the officer attaches it to a vendor (`kensa vendor adopt`).

CREATE TABLE vendors (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL CHECK (name <> ''),
    person             TEXT,            -- 担当者
    phone              TEXT,
    email              TEXT,
    systems            TEXT NOT NULL,   -- JSON array of strings: 電子カルテ, PACS, 院内ネットワーク, 保守 …
    contract_from      TEXT,            -- YYYY-MM-DD
    contract_until     TEXT,            -- YYYY-MM-DD
    remote_maintenance INTEGER NOT NULL CHECK (remote_maintenance IN (0, 1)),
    scopes             TEXT NOT NULL,   -- JSON array of server / terminal / network: what the contract covers
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    removed_at         TEXT,
    CHECK (contract_from IS NULL OR contract_until IS NULL OR contract_from <= contract_until)
) STRICT;
-- A name names one live vendor, so the CLI can be given a name.
CREATE UNIQUE INDEX vendors_live_name ON vendors (name) WHERE removed_at IS NULL;
-- Sheets and contacts point at vendors: a vendor is marked removed, never deleted, and a removed
-- vendor is history, not edited.
CREATE TRIGGER vendors_keep_history_d BEFORE DELETE ON vendors
    BEGIN SELECT RAISE(ABORT, 'vendors are never deleted; kensa vendor remove marks them removed'); END;
CREATE TRIGGER vendors_removed_stay BEFORE UPDATE ON vendors
    WHEN OLD.removed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a removed vendor cannot be changed'); END;

CREATE TABLE sheets_with_vendor (
    id           INTEGER PRIMARY KEY,
    edition_id   TEXT NOT NULL,
    form         TEXT NOT NULL CHECK (form IN ('hospital', 'vendor', 'pharmacy')),
    fiscal_year  INTEGER NOT NULL,
    carried_from INTEGER REFERENCES sheets (id),
    created_at   TEXT NOT NULL,
    vendor_id    INTEGER REFERENCES vendors (id),
    CHECK (vendor_id IS NULL OR form = 'vendor')
) STRICT;
INSERT INTO sheets_with_vendor (id, edition_id, form, fiscal_year, carried_from, created_at, vendor_id)
    SELECT id, edition_id, form, fiscal_year, carried_from, created_at, NULL FROM sheets;
DROP TABLE sheets;
ALTER TABLE sheets_with_vendor RENAME TO sheets;
-- One sheet per edition, 年度 and vendor (NULL: the facility's own sheet, or on a vendor's own
-- machine the vendor's sheet): the old UNIQUE (edition_id, fiscal_year) with the vendor added.
CREATE UNIQUE INDEX sheets_one_per_year ON sheets (edition_id, fiscal_year, ifnull(vendor_id, 0));
-- A sheet is never deleted (checks point at it); the one change allowed is attaching a sheet
-- that has no vendor to one, once.
CREATE TRIGGER sheets_keep_d BEFORE DELETE ON sheets
    BEGIN SELECT RAISE(ABORT, 'sheets are never deleted'); END;
CREATE TRIGGER sheets_attach_once BEFORE UPDATE ON sheets
    WHEN OLD.vendor_id IS NOT NULL
      OR NEW.vendor_id IS NULL
      OR NEW.id IS NOT OLD.id OR NEW.edition_id IS NOT OLD.edition_id OR NEW.form IS NOT OLD.form
      OR NEW.fiscal_year IS NOT OLD.fiscal_year OR NEW.carried_from IS NOT OLD.carried_from
      OR NEW.created_at IS NOT OLD.created_at
    BEGIN SELECT RAISE(ABORT, 'a sheet can only be attached to a vendor, once'); END;

-- The 連絡体制 事業者 entries point at the vendor instead of repeating it.
ALTER TABLE contacts ADD COLUMN vendor_id INTEGER REFERENCES vendors (id);
DROP TRIGGER contacts_keep_history_u;
CREATE TRIGGER contacts_keep_history_u BEFORE UPDATE ON contacts
    WHEN OLD.removed_at IS NOT NULL
      OR NEW.removed_at IS NULL
      OR NEW.id IS NOT OLD.id OR NEW.role IS NOT OLD.role OR NEW.name IS NOT OLD.name
      OR NEW.org IS NOT OLD.org OR NEW.system IS NOT OLD.system OR NEW.phone IS NOT OLD.phone
      OR NEW.email IS NOT OLD.email OR NEW.escalation_order IS NOT OLD.escalation_order
      OR NEW.created_at IS NOT OLD.created_at OR NEW.vendor_id IS NOT OLD.vendor_id
    BEGIN SELECT RAISE(ABORT, 'a contact can only be marked removed'); END;

-- A request sent to a vendor: the file kensa wrote (xlsx or a signed kensa request) and its
-- identification, which every response must carry back.
CREATE TABLE vendor_requests (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL UNIQUE CHECK (length(request_id) = 32),
    vendor_id   INTEGER NOT NULL REFERENCES vendors (id),
    sheet_id    INTEGER NOT NULL REFERENCES sheets (id),
    format      TEXT NOT NULL CHECK (format IN ('xlsx', 'kensa')),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    sent_on     TEXT NOT NULL,   -- YYYY-MM-DD
    due_on      TEXT,            -- YYYY-MM-DD
    created_by  TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX vendor_requests_by_vendor ON vendor_requests (vendor_id, sheet_id);

-- A response imported: where the answers came from. The checks and 目標日 an import adds are
-- written in the same transaction just before this row, so their ids are the contiguous ranges
-- first_check..last_check and first_target..last_target (NULL: none).
CREATE TABLE vendor_responses (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES vendor_requests (id),
    vendor_id    INTEGER NOT NULL REFERENCES vendors (id),
    sheet_id     INTEGER NOT NULL REFERENCES sheets (id),
    format       TEXT NOT NULL CHECK (format IN ('xlsx', 'kensa')),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    signer       TEXT,           -- fingerprint of the key a kensa response was signed with
    first_check  INTEGER REFERENCES checks (id),
    last_check   INTEGER REFERENCES checks (id),
    first_target INTEGER REFERENCES targets (id),
    last_target  INTEGER REFERENCES targets (id),
    imported_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    CHECK ((first_check IS NULL) = (last_check IS NULL)),
    CHECK ((first_target IS NULL) = (last_target IS NULL))
) STRICT;
CREATE INDEX vendor_responses_by_vendor ON vendor_responses (vendor_id, sheet_id);

-- MDS/SDS (製造業者/サービス事業者による医療情報セキュリティ開示書) received from a vendor, per
-- product. The file, when there is one, is kept like evidence.
CREATE TABLE disclosures (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER NOT NULL REFERENCES vendors (id),
    product     TEXT NOT NULL CHECK (product <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('mds', 'sds')),
    version     TEXT NOT NULL,
    received_on TEXT NOT NULL,   -- YYYY-MM-DD
    no_count    INTEGER NOT NULL CHECK (no_count BETWEEN 0 AND 999),
    note        TEXT NOT NULL,
    file_name   TEXT,
    size        INTEGER,
    sha256      TEXT,
    content     BLOB,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK ((file_name IS NULL) = (content IS NULL))
) STRICT;
CREATE INDEX disclosures_by_vendor ON disclosures (vendor_id);

CREATE TRIGGER vendor_requests_append_only_u BEFORE UPDATE ON vendor_requests
    BEGIN SELECT RAISE(ABORT, 'vendor requests are append-only'); END;
CREATE TRIGGER vendor_requests_append_only_d BEFORE DELETE ON vendor_requests
    BEGIN SELECT RAISE(ABORT, 'vendor requests are append-only'); END;
CREATE TRIGGER vendor_responses_append_only_u BEFORE UPDATE ON vendor_responses
    BEGIN SELECT RAISE(ABORT, 'vendor responses are append-only'); END;
CREATE TRIGGER vendor_responses_append_only_d BEFORE DELETE ON vendor_responses
    BEGIN SELECT RAISE(ABORT, 'vendor responses are append-only'); END;
CREATE TRIGGER disclosures_append_only_u BEFORE UPDATE ON disclosures
    BEGIN SELECT RAISE(ABORT, 'disclosures are append-only'); END;
CREATE TRIGGER disclosures_append_only_d BEFORE DELETE ON disclosures
    BEGIN SELECT RAISE(ABORT, 'disclosures are append-only'); END;
