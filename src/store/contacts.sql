-- kensa store, migration: the contacts list behind the 連絡体制図 (checklist item 3(1)).
-- A contact is never deleted: `kensa contacts remove` sets removed_at, so the audit log keeps the
-- whole history (who was on the chart when) and `kensa audit verify` can check every row.

CREATE TABLE contacts (
    id               INTEGER PRIMARY KEY,
    role             TEXT NOT NULL CHECK (role IN ('department', 'system_admin', 'security_officer',
                         'manager', 'vendor', 'mhlw', 'police', 'prefecture', 'health_center', 'other')),
    name             TEXT NOT NULL,
    org              TEXT,
    system           TEXT,
    phone            TEXT,
    email            TEXT,
    escalation_order INTEGER NOT NULL CHECK (escalation_order BETWEEN 1 AND 99),
    created_at       TEXT NOT NULL,
    removed_at       TEXT
) STRICT;

CREATE TRIGGER contacts_keep_history_d BEFORE DELETE ON contacts
    BEGIN SELECT RAISE(ABORT, 'contacts are never deleted; kensa contacts remove marks them removed'); END;
-- The only change allowed is marking a live contact removed.
CREATE TRIGGER contacts_keep_history_u BEFORE UPDATE ON contacts
    WHEN OLD.removed_at IS NOT NULL
      OR NEW.removed_at IS NULL
      OR NEW.id IS NOT OLD.id OR NEW.role IS NOT OLD.role OR NEW.name IS NOT OLD.name
      OR NEW.org IS NOT OLD.org OR NEW.system IS NOT OLD.system OR NEW.phone IS NOT OLD.phone
      OR NEW.email IS NOT OLD.email OR NEW.escalation_order IS NOT OLD.escalation_order
      OR NEW.created_at IS NOT OLD.created_at
    BEGIN SELECT RAISE(ABORT, 'a contact can only be marked removed'); END;
