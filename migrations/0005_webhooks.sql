-- Webhook delivery: endpoints (subscriptions), one message per (event, endpoint), every attempt.
--
-- The outbox (outbox_events) is written in the same transaction as each change; the delivery
-- worker fans new events out to messages here (advancing webhook_fanout_cursor in the same
-- transaction, so an event is fanned out exactly once), then delivers messages at least once,
-- always with the event's id as webhook-id. Nothing marks a message "in flight": a crash leaves
-- it pending and it is sent again after restart.

CREATE TABLE webhook_endpoints (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities(id),
    url              TEXT NOT NULL,          -- may carry a robot key: never shown unmasked
    format           TEXT NOT NULL CHECK (format IN ('standard', 'wecom', 'dingtalk', 'feishu')),
    events_json      TEXT NOT NULL,          -- ["listing.*", "member.verified"]
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    description      TEXT NOT NULL DEFAULT '',
    secrets_json     TEXT NOT NULL DEFAULT '[]',  -- [{"secret": "whsec_…", "expires_at": null}] newest first
    chat_json        TEXT NOT NULL DEFAULT '{}',  -- style, locale, templates, mentions, signing secret
    disabled_reason  TEXT,
    failing_since    TEXT,
    last_success_at  TEXT,
    deleted_at       TEXT,
    -- A subscription starts when it is created: only outbox events after this sequence number.
    starts_after_seq INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX webhook_endpoints_by_community ON webhook_endpoints(community_id, id);

CREATE TABLE webhook_fanout_cursor (
    name      TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL
);
INSERT INTO webhook_fanout_cursor (name, last_seq) VALUES ('outbox', 0);

CREATE TABLE webhook_messages (
    id                    TEXT PRIMARY KEY,
    community_id          TEXT NOT NULL REFERENCES communities(id),
    endpoint_id           TEXT NOT NULL REFERENCES webhook_endpoints(id),
    event_id              TEXT NOT NULL REFERENCES outbox_events(id),
    event_seq             INTEGER NOT NULL,
    subject               TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts              INTEGER NOT NULL DEFAULT 0,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    next_attempt_at       TEXT,
    parts_delivered       INTEGER NOT NULL DEFAULT 0,
    last_failure_code     TEXT,
    last_failure_detail   TEXT,
    created_at            TEXT NOT NULL,
    finished_at           TEXT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_messages_pending ON webhook_messages(status, event_seq);
CREATE INDEX webhook_messages_by_endpoint ON webhook_messages(community_id, endpoint_id, event_seq);

CREATE TABLE webhook_attempts (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    message_id        TEXT NOT NULL REFERENCES webhook_messages(id),
    endpoint_id       TEXT NOT NULL REFERENCES webhook_endpoints(id),
    number            INTEGER NOT NULL,
    part              INTEGER NOT NULL,
    started_at        TEXT NOT NULL,
    duration_ms       REAL NOT NULL,
    status_code       INTEGER,
    outcome           TEXT NOT NULL,
    failure_code      TEXT,
    failure_detail    TEXT,
    response_excerpt  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_by_message ON webhook_attempts(community_id, message_id, id);
