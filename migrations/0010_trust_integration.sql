-- linli:rebuilds-tables
-- Trust meets exchanges (issue 6): reports about an exchange, fraud signals that raise case and
-- review priority and freeze held points, device/IP fingerprints, and the bookmark of the
-- incremental fraud check.
--
-- The first line makes the migration runner apply this file with foreign keys off (SQLite's
-- documented procedure for changing a CHECK constraint: create the new table, copy, drop, rename),
-- then run `PRAGMA foreign_key_check` before committing. A PostgreSQL backend would instead
-- `ALTER TABLE ... DROP CONSTRAINT / ADD CONSTRAINT` and `ADD COLUMN`.

-- trust_cases: the target may now be an exchange; a case has a priority (raised by fraud
-- signals about its member), says whether it was opened by reports or by signals, and whether
-- it holds the points of the member's open exchanges frozen until a moderator decides.
CREATE TABLE trust_cases_new (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    target_type       TEXT NOT NULL CHECK (target_type IN ('listing', 'member', 'exchange')),
    target_id         TEXT NOT NULL,
    target_member_id  TEXT NOT NULL REFERENCES members(id),
    status            TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    claimed_by        TEXT REFERENCES members(id),
    claim_expires_at  TEXT,
    outcome           TEXT CHECK (outcome IN ('upheld', 'dismissed')),
    resolution_reason TEXT,
    resolved_by       TEXT REFERENCES members(id),
    resolved_at       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    priority          INTEGER NOT NULL DEFAULT 0,
    opened_by         TEXT NOT NULL DEFAULT 'report' CHECK (opened_by IN ('report', 'signal')),
    holds_frozen      INTEGER NOT NULL DEFAULT 0 CHECK (holds_frozen IN (0, 1))
);
INSERT INTO trust_cases_new (id, community_id, target_type, target_id, target_member_id, status, claimed_by, claim_expires_at,
    outcome, resolution_reason, resolved_by, resolved_at, created_at, updated_at, version)
SELECT id, community_id, target_type, target_id, target_member_id, status, claimed_by, claim_expires_at,
    outcome, resolution_reason, resolved_by, resolved_at, created_at, updated_at, version FROM trust_cases;
DROP TABLE trust_cases;
ALTER TABLE trust_cases_new RENAME TO trust_cases;
-- One open case per target and member: a listing or a member determines its member, an exchange
-- has two sides, and each side's reports about the other make a case of their own.
CREATE UNIQUE INDEX trust_cases_one_open ON trust_cases(community_id, target_type, target_id, target_member_id) WHERE status = 'open';
CREATE INDEX trust_cases_by_status ON trust_cases(community_id, status, id);
CREATE INDEX trust_cases_by_member ON trust_cases(community_id, target_member_id, id);

CREATE TABLE trust_reports_new (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    case_id           TEXT NOT NULL REFERENCES trust_cases(id),
    reporter_id       TEXT NOT NULL REFERENCES members(id),
    target_type       TEXT NOT NULL CHECK (target_type IN ('listing', 'member', 'exchange')),
    target_id         TEXT NOT NULL,
    target_member_id  TEXT NOT NULL REFERENCES members(id),
    category          TEXT NOT NULL CHECK (category IN ('fake_listing', 'not_as_described', 'no_show', 'harassment',
                          'resale_of_donated_goods', 'safety_concern', 'other')),
    text              TEXT NOT NULL,
    photos_json       TEXT NOT NULL DEFAULT '[]',
    created_at        TEXT NOT NULL
);
INSERT INTO trust_reports_new SELECT id, community_id, case_id, reporter_id, target_type, target_id, target_member_id,
    category, text, photos_json, created_at FROM trust_reports;
DROP TABLE trust_reports;
ALTER TABLE trust_reports_new RENAME TO trust_reports;
CREATE INDEX trust_reports_by_reporter ON trust_reports(community_id, reporter_id, created_at);
CREATE INDEX trust_reports_by_case ON trust_reports(community_id, case_id, id);
CREATE INDEX trust_reports_by_member ON trust_reports(community_id, target_member_id, id);

-- Which members a stored fraud signal is about, so "open signals about this member" is an index
-- read (their combined score raises priority and may freeze holds).
CREATE TABLE fraud_signal_subjects (
    community_id  TEXT NOT NULL REFERENCES communities(id),
    signal_id     TEXT NOT NULL REFERENCES fraud_signals(id),
    member_id     TEXT NOT NULL REFERENCES members(id),
    PRIMARY KEY (community_id, member_id, signal_id)
);
INSERT INTO fraud_signal_subjects (community_id, signal_id, member_id)
SELECT DISTINCT s.community_id, s.id, j.value FROM fraud_signals s, json_each(s.signal_json, '$.subjects') j
WHERE j.value IN (SELECT id FROM members m WHERE m.community_id = s.community_id);

-- The held points of an exchange frozen by a signal case: the exchange cannot complete, be
-- cancelled or be confirmed automatically until the case is resolved (lifted_at set).
CREATE TABLE exchange_freezes (
    community_id  TEXT NOT NULL REFERENCES communities(id),
    exchange_id   TEXT NOT NULL REFERENCES exchanges(id),
    case_id       TEXT NOT NULL REFERENCES trust_cases(id),
    frozen_at     TEXT NOT NULL,
    lifted_at     TEXT,
    lifted_by     TEXT REFERENCES members(id),
    PRIMARY KEY (community_id, exchange_id, case_id)
);
CREATE INDEX exchange_freezes_by_case ON exchange_freezes(community_id, case_id);

-- The review queue's priority = pre-screen priority + the owner's open fraud-signal score. The
-- pre-screen part is kept so the signal part can be recomputed when signals come and go.
ALTER TABLE reviews ADD COLUMN prescreen_priority INTEGER NOT NULL DEFAULT 0;
UPDATE reviews SET prescreen_priority = priority;

-- How far the incremental fraud check has read each community's ledger (transfer seq).
CREATE TABLE fraud_check_cursors (
    community_id  TEXT PRIMARY KEY REFERENCES communities(id),
    last_seq      INTEGER NOT NULL,
    checked_at    TEXT NOT NULL
);

-- Keyed hashes of the devices and network addresses a member used (never the raw values): two
-- accounts sharing one make an exchange between them self-dealing.
CREATE TABLE member_fingerprints (
    community_id   TEXT NOT NULL REFERENCES communities(id),
    member_id      TEXT NOT NULL REFERENCES members(id),
    kind           TEXT NOT NULL CHECK (kind IN ('device', 'ip')),
    fingerprint    TEXT NOT NULL,
    first_seen_at  TEXT NOT NULL,
    last_seen_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, member_id, kind, fingerprint)
);
CREATE INDEX member_fingerprints_by_value ON member_fingerprints(community_id, kind, fingerprint);

-- One member's settled exchanges (as payer or payee) without reading the community's whole ledger:
-- a credit score, shown before an exchange and gating categories, reads only its member's
-- neighbourhood. Partial, so ordinary transfers (holds, rewards, postings) pay nothing for them.
CREATE INDEX ledger_transfers_settled_by_payer ON ledger_transfers(community_id, payer_member_id)
    WHERE kind IN ('exchange', 'release');
CREATE INDEX ledger_transfers_settled_by_payee ON ledger_transfers(community_id, payee_member_id)
    WHERE kind IN ('exchange', 'release');

-- Secrets this installation generates for itself (the fingerprint hashing key).
CREATE TABLE instance_secrets (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Each member's inbox: what moderators and the service did that concerns them (an action taken,
-- their report's outcome, compensation, an appeal decided, frozen exchange points). Text is
-- rendered on read in the reader's language from `kind` and `parameters_json`.
CREATE TABLE member_notifications (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities(id),
    member_id        TEXT NOT NULL REFERENCES members(id),
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    parameters_json  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    read_at          TEXT
);
CREATE INDEX member_notifications_inbox ON member_notifications(community_id, member_id, id);
CREATE INDEX member_notifications_unread ON member_notifications(community_id, member_id, id) WHERE read_at IS NULL;
