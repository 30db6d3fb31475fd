-- Ratings after a completed exchange (issue 6): each side may rate the other once, within the
-- rule file's `exchange.rating_window_days`; moderators can hide a comment (the stars stay, and
-- the credit score reads them weighted by the rater's standing).
CREATE TABLE exchange_ratings (
    id              TEXT PRIMARY KEY,
    community_id    TEXT NOT NULL REFERENCES communities(id),
    exchange_id     TEXT NOT NULL REFERENCES exchanges(id),
    rater_id        TEXT NOT NULL,
    ratee_id        TEXT NOT NULL,
    stars           INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment         TEXT,
    comment_hidden  INTEGER NOT NULL DEFAULT 0 CHECK (comment_hidden IN (0, 1)),
    hidden_by       TEXT,
    hidden_reason   TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (exchange_id, rater_id),
    CHECK (rater_id <> ratee_id),
    FOREIGN KEY (community_id, rater_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, ratee_id) REFERENCES members(community_id, id)
);
CREATE INDEX exchange_ratings_by_ratee ON exchange_ratings(community_id, ratee_id, id);
