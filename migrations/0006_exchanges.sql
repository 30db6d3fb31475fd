-- Exchanges between members (issue 5): request → accept (points held) → complete / cancel /
-- no-show / dispute → resolve. The points themselves move in the ledger (0003); an exchange row
-- records the agreement, its state and the hold that carries its points.
--
-- Same conventions as 0001: plain SQL types, UTC text times, every row carries community_id and
-- every index starts with it; composite foreign keys keep members inside their community.

CREATE TABLE exchanges (
    id                  TEXT PRIMARY KEY,
    community_id        TEXT NOT NULL REFERENCES communities(id),
    listing_id          TEXT NOT NULL REFERENCES listings(id),
    listing_kind        TEXT NOT NULL CHECK (listing_kind IN ('item', 'time', 'skill')),
    requester_id        TEXT NOT NULL,
    owner_id            TEXT NOT NULL,
    payer_id            TEXT NOT NULL,
    provider_id         TEXT NOT NULL,
    created_by          TEXT NOT NULL,              -- differs from requester_id for proxy requests
    state               TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'completed', 'declined', 'cancelled',
                            'no_show', 'disputed', 'resolved')),
    -- The listing's valuation at request, replaced at acceptance by the value held.
    points              INTEGER NOT NULL CHECK (points > 0),
    hold_id             TEXT REFERENCES ledger_holds(id),
    scheduled_start     TEXT NOT NULL,
    scheduled_end       TEXT NOT NULL,
    actual_minutes      INTEGER CHECK (actual_minutes > 0),
    settled_points      INTEGER CHECK (settled_points > 0),
    message             TEXT,
    absent_member_id    TEXT,
    dispute_reason      TEXT,
    disputed_by         TEXT,
    disputed_at         TEXT,
    resolution          TEXT CHECK (resolution IN ('compensate', 'refund')),
    compensation_points INTEGER CHECK (compensation_points > 0),
    resolution_note     TEXT,
    resolved_by         TEXT,
    resolved_at         TEXT,
    accepted_at         TEXT,
    closed_at           TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    FOREIGN KEY (community_id, requester_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, owner_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, payer_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, provider_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, created_by) REFERENCES members(community_id, id),
    CHECK (requester_id <> owner_id AND payer_id <> provider_id),
    CHECK ((state IN ('requested', 'declined')) OR hold_id IS NOT NULL OR state = 'cancelled'),
    CHECK ((state = 'resolved') = (resolution IS NOT NULL))
);
-- Open exchanges per member (the open-exchange limit), one index per side: a member is the
-- requester or the owner. Every index with `state` costs each step a write, so there are no more.
CREATE INDEX exchanges_by_requester ON exchanges(community_id, requester_id, state);
CREATE INDEX exchanges_by_owner ON exchanges(community_id, owner_id, state);
-- The automatic confirmation scan (all communities): accepted exchanges by scheduled end.
CREATE INDEX exchanges_due ON exchanges(state, scheduled_end);

-- Marks against a member from exchanges (a lost dispute, a no-show): one row per incident, so the
-- credit score (issue 6) can count them per window and explain each one.
CREATE TABLE member_exchange_marks (
    community_id  TEXT NOT NULL REFERENCES communities(id),
    member_id     TEXT NOT NULL,
    exchange_id   TEXT NOT NULL REFERENCES exchanges(id),
    kind          TEXT NOT NULL CHECK (kind IN ('lost_dispute', 'no_show')),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (community_id, member_id, exchange_id, kind),
    FOREIGN KEY (community_id, member_id) REFERENCES members(community_id, id)
);
