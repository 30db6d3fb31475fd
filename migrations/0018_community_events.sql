-- Community events: swap markets and activities with seats, a per-household share, a waiting
-- line and check-in at the door. Whether an event is upcoming, under way or over is derived from
-- its times; only "scheduled" and "cancelled" are stored.
CREATE TABLE community_events (
    id                      TEXT PRIMARY KEY,
    community_id            TEXT NOT NULL REFERENCES communities(id),
    kind                    TEXT NOT NULL CHECK (kind IN ('swap_market', 'activity')),
    title                   TEXT NOT NULL,
    description             TEXT,
    place                   TEXT NOT NULL,
    starts_at               TEXT NOT NULL,
    ends_at                 TEXT NOT NULL,
    registration_closes_at  TEXT NOT NULL,
    capacity                INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    per_household_limit     INTEGER NOT NULL CHECK (per_household_limit BETWEEN 1 AND 50),
    state                   TEXT NOT NULL CHECK (state IN ('scheduled', 'cancelled')),
    cancel_reason           TEXT,
    -- Set when `event.reminder` went out, cleared when the start moves, so each start is reminded once.
    reminded_at             TEXT,
    created_by              TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    version                 INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (registration_closes_at <= ends_at),
    FOREIGN KEY (community_id, created_by) REFERENCES members(community_id, id)
);
CREATE INDEX community_events_by_start ON community_events(community_id, starts_at, id);
CREATE INDEX community_events_reminder_due ON community_events(starts_at) WHERE state = 'scheduled' AND reminded_at IS NULL;

CREATE TABLE event_registrations (
    id             TEXT PRIMARY KEY,
    community_id   TEXT NOT NULL REFERENCES communities(id),
    event_id       TEXT NOT NULL REFERENCES community_events(id),
    member_id      TEXT NOT NULL,
    -- The household at registration time: the seat is counted against it even if the member moves.
    household_id   TEXT,
    state          TEXT NOT NULL CHECK (state IN ('registered', 'waitlisted', 'cancelled', 'checked_in')),
    registered_by  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    promoted_at    TEXT,
    cancelled_at   TEXT,
    cancelled_by   TEXT,
    checked_in_at  TEXT,
    checked_in_by  TEXT,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    FOREIGN KEY (community_id, member_id) REFERENCES members(community_id, id)
);
-- One live registration per member and event (a cancelled one may be followed by a new one).
CREATE UNIQUE INDEX event_registrations_live_member ON event_registrations(event_id, member_id) WHERE state <> 'cancelled';
-- Seat counts and the waiting line, in registration order (ids grow in creation order).
CREATE INDEX event_registrations_by_event ON event_registrations(event_id, state, id);
CREATE INDEX event_registrations_by_household ON event_registrations(event_id, household_id) WHERE state <> 'cancelled';
CREATE INDEX event_registrations_by_member ON event_registrations(community_id, member_id, id);
