-- Trust (issue 6): reports, moderation cases with notes and actions (strikes), appeals, and the
-- automatic fraud signals that were stored and possibly dismissed.
--
-- Numbered 0007: 0006 belongs to the exchanges capability (issue 5), built in parallel.
-- Conventions as in 0001: TEXT and INTEGER only, every row carries community_id, every index
-- starts with it, UTC text times.

-- One case per target while it is open; reports about the same target join it.
CREATE TABLE trust_cases (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    target_type       TEXT NOT NULL CHECK (target_type IN ('listing', 'member')),
    target_id         TEXT NOT NULL,
    -- The member the target belongs to (the listing's owner, or the reported member).
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
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX trust_cases_one_open ON trust_cases(community_id, target_type, target_id) WHERE status = 'open';
CREATE INDEX trust_cases_by_status ON trust_cases(community_id, status, id);
CREATE INDEX trust_cases_by_member ON trust_cases(community_id, target_member_id, id);

CREATE TABLE trust_reports (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    case_id           TEXT NOT NULL REFERENCES trust_cases(id),
    reporter_id       TEXT NOT NULL REFERENCES members(id),
    target_type       TEXT NOT NULL CHECK (target_type IN ('listing', 'member')),
    target_id         TEXT NOT NULL,
    target_member_id  TEXT NOT NULL REFERENCES members(id),
    category          TEXT NOT NULL CHECK (category IN ('fake_listing', 'not_as_described', 'no_show', 'harassment',
                          'resale_of_donated_goods', 'safety_concern', 'other')),
    text              TEXT NOT NULL,
    photos_json       TEXT NOT NULL DEFAULT '[]',
    created_at        TEXT NOT NULL
);
-- Per-reporter daily rate limit and "my reports".
CREATE INDEX trust_reports_by_reporter ON trust_reports(community_id, reporter_id, created_at);
CREATE INDEX trust_reports_by_case ON trust_reports(community_id, case_id, id);
CREATE INDEX trust_reports_by_member ON trust_reports(community_id, target_member_id, id);

-- Private moderator notes on a case.
CREATE TABLE trust_case_notes (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    case_id       TEXT NOT NULL REFERENCES trust_cases(id),
    author_id     TEXT NOT NULL REFERENCES members(id),
    text          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX trust_case_notes_by_case ON trust_case_notes(community_id, case_id, id);

-- What a resolution did. strike = 1 counts against the member; overturned by an appeal sets
-- overturned_at and stops counting.
CREATE TABLE trust_case_actions (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    case_id           TEXT NOT NULL REFERENCES trust_cases(id),
    kind              TEXT NOT NULL CHECK (kind IN ('dismiss', 'warn', 'remove_listing', 'deduct_credit', 'suspend', 'ban',
                          'compensate')),
    target_member_id  TEXT NOT NULL REFERENCES members(id),
    days              INTEGER,
    points            INTEGER,                -- compensate: paid by target_member_id to victim_id
    victim_id         TEXT REFERENCES members(id),
    strike            INTEGER NOT NULL CHECK (strike IN (0, 1)),
    taken_by          TEXT NOT NULL REFERENCES members(id),
    created_at        TEXT NOT NULL,
    overturned_at     TEXT
);
CREATE INDEX trust_case_actions_by_case ON trust_case_actions(community_id, case_id, id);
CREATE INDEX trust_case_actions_by_member ON trust_case_actions(community_id, target_member_id, id);

-- One appeal per action, decided by a moderator other than the one who took the action.
CREATE TABLE trust_appeals (
    id             TEXT PRIMARY KEY,
    community_id   TEXT NOT NULL REFERENCES communities(id),
    action_id      TEXT NOT NULL REFERENCES trust_case_actions(id),
    appellant_id   TEXT NOT NULL REFERENCES members(id),
    text           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'overturned')),
    decided_by     TEXT REFERENCES members(id),
    decision_reason TEXT,
    decided_at     TEXT,
    created_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX trust_appeals_one_per_action ON trust_appeals(community_id, action_id);
CREATE INDEX trust_appeals_by_status ON trust_appeals(community_id, status, id);

-- Automatic fraud signals that were stored (for review and case priority), by evidence fingerprint.
CREATE TABLE fraud_signals (
    id              TEXT PRIMARY KEY,
    community_id    TEXT NOT NULL REFERENCES communities(id),
    type            TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    score           INTEGER NOT NULL,
    signal_json     TEXT NOT NULL,          -- the whole signal: subjects, evidence, explanations
    occurred_at     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'dismissed')),
    dismissed_by    TEXT REFERENCES members(id),
    dismiss_reason  TEXT,
    dismissed_at    TEXT,
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX fraud_signals_fingerprint ON fraud_signals(community_id, fingerprint);
CREATE INDEX fraud_signals_by_status ON fraud_signals(community_id, status, id);

-- When each community's weekly fraud report was last published (the scheduler's bookmark).
CREATE TABLE fraud_report_runs (
    community_id  TEXT PRIMARY KEY REFERENCES communities(id),
    last_run_at   TEXT NOT NULL
);
