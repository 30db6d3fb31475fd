-- Rule sets: every version of a community's valuation rule file, immutable and content-hashed.
-- The active version is the activated one with the latest effective_from not after "now"
-- (half-open windows); withdrawing it (rollback) makes the previous one active again.
CREATE TABLE rule_sets (
    id              TEXT PRIMARY KEY,
    community_id    TEXT NOT NULL REFERENCES communities(id),
    version         INTEGER NOT NULL,
    supersedes      INTEGER,
    effective_from  TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    source          TEXT NOT NULL,
    warnings_json   TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL CHECK (status IN ('candidate', 'activated', 'withdrawn')),
    uploaded_by     TEXT REFERENCES members(id),
    uploaded_label  TEXT,
    uploaded_at     TEXT NOT NULL,
    activated_at    TEXT,
    withdrawn_at    TEXT,
    UNIQUE (community_id, version),
    UNIQUE (community_id, content_hash)
);
CREATE INDEX rule_sets_active ON rule_sets(community_id, status, effective_from);
