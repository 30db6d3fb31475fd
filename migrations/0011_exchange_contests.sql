-- Withdrawn disputes and contested no-shows (issue 5, follow-up).
--
-- 1. A dispute withdrawn by the party who opened it sends the exchange back to `accepted`. Its
--    automatic confirmation keeps the original moment (scheduled end + auto_confirm_after_hours)
--    unless that moment has already passed; then it resumes at withdrawal + the rule file's
--    `exchange.dispute_withdrawal_grace_hours`, stored here so the scheduler needs no history.
ALTER TABLE exchanges ADD COLUMN auto_confirm_resume_at TEXT;

-- 2. A no-show mark that a moderator overturned stops counting (credit score, trust snapshot).
--    The mark row stays (what was reported is history); voided_at says since when it no longer
--    counts.
ALTER TABLE member_exchange_marks ADD COLUMN voided_at TEXT;

-- 3. The member named absent may contest the no-show, once, within the rule file's
--    `exchange.no_show_contest_window_days`; a moderator who is not a party decides. Overturned:
--    the penalty transfer is reversed by a reversal transfer (the ledger is never edited) and the
--    mark is voided. One contest per no-show exchange: the exchange id is the key.
CREATE TABLE exchange_no_show_contests (
    exchange_id          TEXT PRIMARY KEY REFERENCES exchanges(id),
    community_id         TEXT NOT NULL REFERENCES communities(id),
    absent_member_id     TEXT NOT NULL,
    created_by           TEXT NOT NULL,               -- differs from absent_member_id for station staff
    reason               TEXT NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'overturned')),
    -- The penalty transfer contested (NULL when the rule file's penalty was 0).
    penalty_transfer_id  TEXT REFERENCES ledger_transfers(id),
    reversal_transfer_id TEXT REFERENCES ledger_transfers(id),
    decided_by           TEXT,
    decision_note        TEXT,
    decided_at           TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    FOREIGN KEY (community_id, absent_member_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, created_by) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, decided_by) REFERENCES members(community_id, id),
    CHECK ((state = 'open') = (decided_at IS NULL)),
    CHECK (reversal_transfer_id IS NULL OR state = 'overturned')
);
-- Moderators' queue of open contests, oldest first.
CREATE INDEX exchange_no_show_contests_by_state ON exchange_no_show_contests(community_id, state, created_at);
