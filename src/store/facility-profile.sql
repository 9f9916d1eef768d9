-- kensa store, migration: what an inspector and a prefecture need of the facility profile.
-- Databases from before round 2 keep their profile with these fields empty.

ALTER TABLE facility ADD COLUMN institution_code TEXT
    CHECK (institution_code IS NULL OR (length(institution_code) = 10 AND institution_code NOT GLOB '*[^0-9]*'));
ALTER TABLE facility ADD COLUMN beds INTEGER CHECK (beds IS NULL OR beds BETWEEN 0 AND 100000);
ALTER TABLE facility ADD COLUMN founder TEXT;
