-- Listings of items, time and skills, with moderator review (issue 4).
--
-- Same conventions as 0001: plain SQL types, UTC text times, every row carries community_id and
-- every index starts with it. The only SQLite-specific object is the FTS5 search table at the end.

-- Categories per community. The code is the key listings refer to; flags come from the rule file.
CREATE TABLE listing_categories (
    community_id             TEXT NOT NULL REFERENCES communities(id),
    code                     TEXT NOT NULL,
    name_zh                  TEXT NOT NULL,
    name_en                  TEXT NOT NULL,
    kinds                    TEXT NOT NULL,          -- comma-separated subset of item,time,skill
    needs_verified_provider  INTEGER NOT NULL DEFAULT 0 CHECK (needs_verified_provider IN (0, 1)),
    min_photos               INTEGER NOT NULL DEFAULT 0 CHECK (min_photos >= 0),
    position                 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, code)
);

-- Uploaded photos. Files live on disk under photos.path, named by the SHA-256 of their (scrubbed)
-- bytes; this row records that a community owns that content.
CREATE TABLE photos (
    community_id  TEXT NOT NULL REFERENCES communities(id),
    sha256        TEXT NOT NULL,
    media_type    TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
    byte_size     INTEGER NOT NULL,
    width         INTEGER,
    height        INTEGER,
    uploaded_by   TEXT NOT NULL REFERENCES members(id),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (community_id, sha256)
);

CREATE TABLE listings (
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
    condition           TEXT CHECK (condition IN ('new', 'like_new', 'good', 'fair', 'worn')),
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
    level               TEXT CHECK (level IN ('beginner', 'intermediate', 'expert')),
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
-- Browse: newest first within a status, optionally narrowed by kind or category.
CREATE INDEX listings_by_status ON listings(community_id, status, id);
CREATE INDEX listings_by_kind ON listings(community_id, status, kind, id);
CREATE INDEX listings_by_category ON listings(community_id, category_code, status, id);
CREATE INDEX listings_by_owner ON listings(community_id, owner_id, id);
-- Track records ("completed exchanges of this member") without scanning all their listings.
CREATE INDEX listings_by_owner_status ON listings(community_id, owner_id, status);
-- The pre-screen's category median reads recent accepted prices from the index alone.
CREATE INDEX listings_costs ON listings(community_id, category_code, kind, status, id, declared_cost_cents);
CREATE INDEX listings_by_title ON listings(community_id, title);
CREATE INDEX listings_expiring ON listings(status, expires_at);

-- An owner's edit of a published listing, waiting for review while the published version stays up.
CREATE TABLE listing_edits (
    id             TEXT PRIMARY KEY,
    community_id   TEXT NOT NULL REFERENCES communities(id),
    listing_id     TEXT NOT NULL REFERENCES listings(id),
    content_json   TEXT NOT NULL,
    changed_fields TEXT NOT NULL,              -- comma-separated material fields
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'changes_requested', 'cancelled')),
    created_by     TEXT NOT NULL REFERENCES members(id),
    created_at     TEXT NOT NULL,
    decided_at     TEXT
);
CREATE INDEX listing_edits_by_listing ON listing_edits(community_id, listing_id, id);
-- At most one pending edit per listing.
CREATE UNIQUE INDEX listing_edits_one_pending ON listing_edits(listing_id) WHERE status = 'pending';

-- The review queue. queue_key = inverted priority + id, so one index serves "riskiest, then oldest".
CREATE TABLE reviews (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    listing_id        TEXT NOT NULL REFERENCES listings(id),
    edit_id           TEXT REFERENCES listing_edits(id),
    subject           TEXT NOT NULL CHECK (subject IN ('listing', 'edit')),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'decided', 'cancelled')),
    priority          INTEGER NOT NULL DEFAULT 0,
    queue_key         TEXT NOT NULL,
    claimed_by        TEXT REFERENCES members(id),
    claim_expires_at  TEXT,
    decision          TEXT CHECK (decision IN ('approve', 'reject', 'request_changes')),
    reason_code       TEXT,
    message           TEXT,
    requested_fields_json TEXT,
    decided_by        TEXT REFERENCES members(id),
    decided_at        TEXT,
    created_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'decided') = (decision IS NOT NULL))
);
CREATE INDEX reviews_queue ON reviews(community_id, status, queue_key);
CREATE INDEX reviews_by_listing ON reviews(community_id, listing_id, id);
CREATE INDEX reviews_decided ON reviews(community_id, status, decided_at);
-- At most one open review per listing.
CREATE UNIQUE INDEX reviews_one_pending ON reviews(listing_id) WHERE status = 'pending';

-- Pre-screen signals raised when a listing (or edit) was submitted.
CREATE TABLE prescreen_signals (
    review_id       TEXT NOT NULL REFERENCES reviews(id),
    community_id    TEXT NOT NULL REFERENCES communities(id),
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    weight          INTEGER NOT NULL,
    parameters_json TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);

-- Full-text search over listings. The trigram tokenizer matches any 3+ character substring,
-- which works for Chinese (no word segmentation needed). Kept in step by triggers.
CREATE VIRTUAL TABLE listings_fts USING fts5(
    listing_id UNINDEXED, title, description, extra, tokenize = 'trigram'
);
CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listings_fts (rowid, listing_id, title, description, extra)
    VALUES (new.rowid, new.id, new.title, new.description,
            coalesce(new.skill_name, '') || ' ' || coalesce(new.area, '') || ' ' || coalesce(new.place, ''));
END;
-- Status changes rewrite the row; only a change of the indexed text touches the index.
CREATE TRIGGER listings_fts_update AFTER UPDATE OF title, description, skill_name, area, place ON listings
WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.skill_name IS NOT new.skill_name
    OR old.area IS NOT new.area OR old.place IS NOT new.place
BEGIN
    UPDATE listings_fts SET title = new.title, description = new.description,
        extra = coalesce(new.skill_name, '') || ' ' || coalesce(new.area, '') || ' ' || coalesce(new.place, '')
    WHERE rowid = new.rowid;
END;
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    DELETE FROM listings_fts WHERE rowid = old.rowid;
END;
