-- linli:rebuilds-tables
-- Listings take every condition and skill level the rule file prices (review 8a): the rules
-- reference requires factors for `for_parts` (仅可拆件) and the default file votes 0.20 for it,
-- and skill levels include `advanced`, but the listings table's CHECK constraints (0004) knew
-- only five conditions and three levels, so a broken appliance had to be posted as `worn`
-- (valued 0.35) and an advanced skill as `intermediate` or `expert`.
--
-- SQLite cannot change a CHECK constraint in place: the first line makes the migration runner
-- apply this file with foreign keys off and run `PRAGMA foreign_key_check` before committing
-- (create the new table, copy, drop, rename). The columns keep their order (rows are read by
-- position, `ListingColumn`) and their rowids (the full-text index `listings_fts` is external
-- content keyed by rowid), and the indexes and search triggers are created again as they were.
-- A PostgreSQL backend would `ALTER TABLE listings DROP CONSTRAINT … ADD CONSTRAINT …`.

CREATE TABLE listings_new (
    id                  TEXT PRIMARY KEY,
    community_id        TEXT NOT NULL REFERENCES communities(id),
    owner_id            TEXT NOT NULL REFERENCES members(id),
    created_by          TEXT NOT NULL REFERENCES members(id),   -- differs from owner_id for proxy listings
    direction           TEXT NOT NULL CHECK (direction IN ('offer', 'request')),
    kind                TEXT NOT NULL CHECK (kind IN ('item', 'time', 'skill')),
    category_code       TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('draft', 'pending_review', 'published', 'changes_requested',
                            'rejected', 'reserved', 'exchanged', 'withdrawn', 'expired', 'removed')),
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    area                TEXT,
    photos_json         TEXT NOT NULL DEFAULT '[]',
    -- item
    declared_cost       TEXT,                 -- exact decimal yuan, e.g. '1299.00'
    declared_cost_cents INTEGER,              -- the same in cents, for medians and range filters
    purchase_date       TEXT,
    age_months          INTEGER,
    condition           TEXT CHECK (condition IN ('new', 'like_new', 'good', 'fair', 'worn', 'for_parts')),
    quantity            INTEGER,
    -- time
    start_at            TEXT,
    end_at              TEXT,
    availability_json   TEXT,
    duration_minutes    INTEGER,
    intensity           TEXT CHECK (intensity IN ('light', 'moderate', 'heavy')),
    place               TEXT,
    -- skill
    skill_name          TEXT,
    level               TEXT CHECK (level IN ('beginner', 'intermediate', 'advanced', 'expert')),
    certification       TEXT CHECK (certification IN ('none', 'peer_endorsed', 'verified_licence')),
    evidence_ref        TEXT,
    -- valuation (current), and the owner's original when a moderator corrected the inputs
    points              INTEGER NOT NULL,
    rule_set_version    TEXT NOT NULL,
    rule_set_hash       TEXT NOT NULL,
    breakdown_json      TEXT NOT NULL,
    original_points     INTEGER,
    original_rule_set_version TEXT,
    original_rule_set_hash    TEXT,
    original_breakdown_json   TEXT,
    original_inputs_json      TEXT,
    correction_reason   TEXT,
    corrected_by        TEXT REFERENCES members(id),
    corrected_at        TEXT,
    -- moderation outcome shown to the owner
    decision_reason_code TEXT,
    decision_message    TEXT,
    requested_fields_json TEXT,
    published_at        TEXT,
    expires_at          TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);

INSERT INTO listings_new (rowid, id, community_id, owner_id, created_by, direction, kind, category_code, status, title, description, area, photos_json, declared_cost, declared_cost_cents, purchase_date, age_months, condition, quantity, start_at, end_at, availability_json, duration_minutes, intensity, place, skill_name, level, certification, evidence_ref, points, rule_set_version, rule_set_hash, breakdown_json, original_points, original_rule_set_version, original_rule_set_hash, original_breakdown_json, original_inputs_json, correction_reason, corrected_by, corrected_at, decision_reason_code, decision_message, requested_fields_json, published_at, expires_at, created_at, updated_at, version)
SELECT rowid, id, community_id, owner_id, created_by, direction, kind, category_code, status, title, description, area, photos_json, declared_cost, declared_cost_cents, purchase_date, age_months, condition, quantity, start_at, end_at, availability_json, duration_minutes, intensity, place, skill_name, level, certification, evidence_ref, points, rule_set_version, rule_set_hash, breakdown_json, original_points, original_rule_set_version, original_rule_set_hash, original_breakdown_json, original_inputs_json, correction_reason, corrected_by, corrected_at, decision_reason_code, decision_message, requested_fields_json, published_at, expires_at, created_at, updated_at, version FROM listings;

DROP TABLE listings;
ALTER TABLE listings_new RENAME TO listings;

CREATE INDEX listings_by_category ON listings(community_id, category_code, status, id);
CREATE INDEX listings_by_category_created ON listings(community_id, category_code, created_at);
CREATE INDEX listings_by_kind ON listings(community_id, status, kind, id);
CREATE INDEX listings_by_owner ON listings(community_id, owner_id, id);
CREATE INDEX listings_by_owner_status ON listings(community_id, owner_id, status);
CREATE INDEX listings_by_status ON listings(community_id, status, id);
CREATE INDEX listings_by_title ON listings(community_id, title);
CREATE INDEX listings_costs ON listings(community_id, category_code, kind, status, id, declared_cost_cents);
CREATE INDEX listings_expiring ON listings(status, expires_at);

CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, title, description, skill_name, area, place)
    VALUES ('delete', old.rowid, old.title, old.description, old.skill_name, old.area, old.place);
END;

CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listings_fts (rowid, title, description, skill_name, area, place)
    VALUES (new.rowid, new.title, new.description, new.skill_name, new.area, new.place);
END;

CREATE TRIGGER listings_fts_update AFTER UPDATE OF title, description, skill_name, area, place ON listings
WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.skill_name IS NOT new.skill_name
    OR old.area IS NOT new.area OR old.place IS NOT new.place
BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, title, description, skill_name, area, place)
    VALUES ('delete', old.rowid, old.title, old.description, old.skill_name, old.area, old.place);
    INSERT INTO listings_fts (rowid, title, description, skill_name, area, place)
    VALUES (new.rowid, new.title, new.description, new.skill_name, new.area, new.place);
END;
