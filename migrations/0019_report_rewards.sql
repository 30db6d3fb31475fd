-- Rewards owed to the reporters of upheld cases. A resolution no longer pays them itself: paid
-- at once, by the moderator who decided, the reward sat next to the resolution in time and actor,
-- and anyone who may read other members' statements could match it to the case. The resolution
-- queues one row per reporter here; the service pays every reward due in one batch at the start
-- of the community's next local day (`ReportRewards.payDue`), as the system, so a day's rewards
-- arrive together and none points at the moment or the person that decided its case.
CREATE TABLE report_rewards (
    community_id  TEXT NOT NULL REFERENCES communities(id),
    case_id       TEXT NOT NULL REFERENCES trust_cases(id),
    reporter_id   TEXT NOT NULL,
    -- Fixed when the case was decided: a later rule-file revision never re-prices it.
    points        INTEGER NOT NULL CHECK (points > 0),
    queued_at     TEXT NOT NULL,
    -- Not paid before this instant; moved to the next day when the reporter's daily reward cap is full.
    due_at        TEXT NOT NULL,
    -- The reward transfer, once paid.
    transfer_id   TEXT,
    paid_at       TEXT,
    PRIMARY KEY (community_id, case_id, reporter_id),
    FOREIGN KEY (community_id, reporter_id) REFERENCES members(community_id, id),
    CHECK ((transfer_id IS NULL) = (paid_at IS NULL))
);
CREATE INDEX report_rewards_due ON report_rewards(due_at) WHERE paid_at IS NULL;
-- One row per reward transfer; `ledger verify` looks rows up by their transfer.
CREATE UNIQUE INDEX report_rewards_transfer ON report_rewards(community_id, transfer_id) WHERE transfer_id IS NOT NULL;
