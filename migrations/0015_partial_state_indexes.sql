-- Indexes that only ever serve one state are made partial on that state (issue 5, pages written
-- per exchange step).
--
-- Every index that contains a row's state has its entry moved when the state changes: a delete in
-- one leaf and an insert in another, each a page the commit writes to the WAL and the checkpoint
-- writes again. `linli-bench ledger` counted 111 pages per completed exchange (accept 52, complete
-- 59), and these three indexes were about 13 of them, although every query that reads them asks
-- for one state only: automatic confirmation for accepted exchanges, expiry for published
-- listings, the pre-screen's price median for published items.
--
-- A partial index holds only the rows in that state: a row enters it once and leaves it once, and
-- the other transitions (completed, reserved, exchanged …) touch no page of it. SQLite
-- uses a partial index only when the query's WHERE clause contains the index's condition as
-- written, so each query below names its state literally (`PartialIndexPlanTests` check the plans
-- of the real statements).

-- Automatic confirmation: `state = 'accepted' AND scheduled_end <= ? … ORDER BY scheduled_end, id`.
DROP INDEX exchanges_due;
CREATE INDEX exchanges_due ON exchanges(scheduled_end, id) WHERE state = 'accepted';

-- Expiry of published listings: `status = 'published' AND expires_at <= ? ORDER BY expires_at`.
DROP INDEX listings_expiring;
CREATE INDEX listings_expiring ON listings(expires_at) WHERE status = 'published';

-- The pre-screen's category median of declared prices, over published items only.
-- The key keeps kind and status, although constant here: SQLite prefers the index with more
-- equality columns, and with only (community, category) it chose `listings_by_category` instead.
DROP INDEX listings_costs;
CREATE INDEX listings_costs ON listings(community_id, category_code, kind, status, id, declared_cost_cents)
    WHERE kind = 'item' AND status = 'published' AND declared_cost_cents IS NOT NULL;
