-- Linli foundation schema: tenants, households, members, tokens, audit log, outbox, idempotency.
--
-- Portability: plain SQL types (TEXT, INTEGER, BLOB), explicit constraints, no SQLite-only
-- syntax, so a PostgreSQL backend can apply the same files with at most type-name changes.
-- Times are stored as UTC text 'YYYY-MM-DD HH:MM:SS.SSS' (sortable, readable, parseable by both).
-- Every row carries community_id and every index starts with it: queries are always tenant-scoped.

CREATE TABLE communities (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    timezone    TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE households (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    name          TEXT NOT NULL,
    area          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX households_by_community ON households(community_id, id);

CREATE TABLE members (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities(id),
    household_id     TEXT REFERENCES households(id),
    display_name     TEXT NOT NULL,
    phone            TEXT,
    role             TEXT NOT NULL CHECK (role IN ('resident', 'organizer', 'moderator', 'admin', 'station_staff')),
    verified         INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    verified_at      TEXT,
    verified_by      TEXT REFERENCES members(id),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'banned')),
    status_reason    TEXT,
    suspended_until  TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX members_by_community ON members(community_id, id);
CREATE INDEX members_by_household ON members(community_id, household_id);
CREATE UNIQUE INDEX members_phone_unique ON members(community_id, phone);

CREATE TABLE access_tokens (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    member_id     TEXT NOT NULL REFERENCES members(id),
    token_hash    TEXT NOT NULL UNIQUE,
    label         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    revoked_at    TEXT,
    created_by    TEXT REFERENCES members(id)
);
CREATE INDEX access_tokens_by_member ON access_tokens(community_id, member_id, id);

CREATE TABLE audit_entries (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    actor_id      TEXT REFERENCES members(id),
    actor_label   TEXT,
    on_behalf_of  TEXT REFERENCES members(id),
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    reason        TEXT,
    before_json   TEXT,
    after_json    TEXT,
    request_id    TEXT,
    created_at    TEXT NOT NULL,
    CHECK (actor_id IS NOT NULL OR actor_label IS NOT NULL)
);
CREATE INDEX audit_by_target ON audit_entries(community_id, target_type, target_id, id);
CREATE INDEX audit_by_community ON audit_entries(community_id, id);

-- The transactional outbox: one row per event, written with the change that caused it.
-- Delivery (fan-out to endpoints, attempts) lives in later migrations and reads from here.
CREATE TABLE outbox_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    event_type    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    payload_json  TEXT NOT NULL,
    occurred_at   TEXT NOT NULL
);
CREATE INDEX outbox_by_community ON outbox_events(community_id, seq);

-- Idempotency-Key records: the stored response replays a retried POST.
CREATE TABLE idempotency_keys (
    community_id      TEXT NOT NULL REFERENCES communities(id),
    member_id         TEXT NOT NULL REFERENCES members(id),
    idem_key          TEXT NOT NULL,
    request_hash      TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('in_progress', 'completed')),
    response_status   INTEGER,
    response_headers  TEXT,
    response_body     BLOB,
    created_at        TEXT NOT NULL,
    expires_at        TEXT NOT NULL,
    PRIMARY KEY (community_id, member_id, idem_key)
);
CREATE INDEX idempotency_by_expiry ON idempotency_keys(expires_at);
