-- The points ledger: accounts, transfers with exactly balanced postings, holds (issue 5).
--
-- Append-only: transfers and postings are only ever inserted. A mistake is corrected by a
-- reversal transfer, never by UPDATE or DELETE. Each community's transfers form a hash chain
-- (prev_hash → hash, SHA-256 over a canonical encoding of the transfer and its postings), so any
-- later edit of a stored row is detected by `linli ledger verify`.
-- Accounts and holds are mutable summaries (balance, counters, hold state); verify recomputes
-- them from the transfers.
-- Portability as in 0001: TEXT and INTEGER only, every row carries community_id, every index
-- starts with it. Amounts are integer points; times are UTC text 'YYYY-MM-DD HH:MM:SS.SSS'.

-- Lets ledger rows reference a member *of the same community* with a composite foreign key
-- (a member id of another community then fails the constraint, not just the application check).
CREATE UNIQUE INDEX members_community_member ON members(community_id, id);

CREATE TABLE ledger_accounts (
    community_id      TEXT NOT NULL REFERENCES communities(id),
    -- 'member:mem_…' or 'system:<kind>': derived from the owner, so no lookup is needed to post.
    id                TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('member', 'issuance', 'escrow', 'rewards', 'donations', 'penalties')),
    member_id         TEXT,
    balance           INTEGER NOT NULL DEFAULT 0,
    -- Exchange counters, derivable from the settlements of exchange/release/reversal transfers.
    points_given      INTEGER NOT NULL DEFAULT 0,
    points_received   INTEGER NOT NULL DEFAULT 0,
    minutes_served    INTEGER NOT NULL DEFAULT 0,
    minutes_received  INTEGER NOT NULL DEFAULT 0,
    -- Seq of the last transfer that posted to this account (0: none yet).
    last_seq          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, member_id) REFERENCES members(community_id, id),
    CHECK ((kind = 'member' AND member_id IS NOT NULL) OR (kind <> 'member' AND member_id IS NULL))
);
CREATE INDEX ledger_accounts_by_kind ON ledger_accounts(community_id, kind);

CREATE TABLE ledger_transfers (
    id                TEXT PRIMARY KEY,
    community_id      TEXT NOT NULL REFERENCES communities(id),
    -- 1, 2, 3, … per community without gaps: the order of the hash chain.
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    kind              TEXT NOT NULL CHECK (kind IN ('exchange', 'hold', 'release', 'reward', 'penalty',
                          'compensation', 'donation_conversion', 'adjustment', 'reversal')),
    reason            TEXT NOT NULL,
    category          TEXT,
    memo              TEXT,
    reference         TEXT,
    actor_id          TEXT REFERENCES members(id),
    actor_label       TEXT,
    on_behalf_of      TEXT REFERENCES members(id),
    idempotency_key   TEXT NOT NULL,
    reverses_id       TEXT REFERENCES ledger_transfers(id),
    hold_id           TEXT,
    -- Settlement of an exchange (kinds exchange, release to the provider, and their reversal).
    payer_member_id   TEXT,
    payee_member_id   TEXT,
    settled_points    INTEGER,
    service_minutes   INTEGER,
    created_at        TEXT NOT NULL,
    prev_hash         TEXT NOT NULL,
    hash              TEXT NOT NULL,
    CHECK (actor_id IS NOT NULL OR actor_label IS NOT NULL),
    CHECK ((payer_member_id IS NULL) = (settled_points IS NULL))
);
CREATE UNIQUE INDEX ledger_transfers_seq ON ledger_transfers(community_id, seq);
CREATE UNIQUE INDEX ledger_transfers_idempotency ON ledger_transfers(community_id, idempotency_key);
-- A transfer is reversed at most once. Partial: only reversals pay for this index.
CREATE UNIQUE INDEX ledger_transfers_reversal ON ledger_transfers(community_id, reverses_id) WHERE reverses_id IS NOT NULL;
-- Time windows (summary, statements by date, per-day reward caps). Every index costs each
-- posting a page write, so there is deliberately no index by kind: a day's or a window's
-- transfers are few enough to filter.
CREATE INDEX ledger_transfers_by_time ON ledger_transfers(community_id, created_at);

CREATE TABLE ledger_postings (
    community_id      TEXT NOT NULL,
    transfer_seq      INTEGER NOT NULL,
    leg               INTEGER NOT NULL CHECK (leg >= 0),
    account_id        TEXT NOT NULL,
    amount            INTEGER NOT NULL CHECK (amount <> 0),
    -- The account's balance right after this line (a passbook; verify checks each step).
    balance_after     INTEGER NOT NULL,
    PRIMARY KEY (community_id, transfer_seq, leg),
    FOREIGN KEY (community_id, transfer_seq) REFERENCES ledger_transfers(community_id, seq),
    FOREIGN KEY (community_id, account_id) REFERENCES ledger_accounts(community_id, id)
);
CREATE INDEX ledger_postings_by_account ON ledger_postings(community_id, account_id, transfer_seq);

CREATE TABLE ledger_holds (
    id                  TEXT PRIMARY KEY,
    community_id        TEXT NOT NULL REFERENCES communities(id),
    payer_member_id     TEXT NOT NULL,
    amount              INTEGER NOT NULL CHECK (amount > 0),
    state               TEXT NOT NULL CHECK (state IN ('held', 'frozen', 'released', 'refunded')),
    reference           TEXT,
    hold_transfer_id    TEXT NOT NULL REFERENCES ledger_transfers(id),
    settle_transfer_id  TEXT REFERENCES ledger_transfers(id),
    recipient_member_id TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    FOREIGN KEY (community_id, payer_member_id) REFERENCES members(community_id, id),
    FOREIGN KEY (community_id, recipient_member_id) REFERENCES members(community_id, id),
    CHECK ((state IN ('held', 'frozen')) = (settle_transfer_id IS NULL))
);
CREATE INDEX ledger_holds_by_payer ON ledger_holds(community_id, payer_member_id, state);
CREATE INDEX ledger_holds_by_state ON ledger_holds(community_id, state);
