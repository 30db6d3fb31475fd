-- An index that only ever serves one state is made partial on that state (issue 5, pages written
-- per exchange step).
--
-- Every index that contains a row's state has its entry moved when the state changes: a delete in
-- one leaf and an insert in another, each a page the commit writes to the WAL and the checkpoint
-- writes again. `linli-bench ledger` counted 111 pages per completed exchange (accept 52, complete
-- 59); `exchanges_due` was about 5 of them, although the only query that reads it asks for
-- accepted exchanges (automatic confirmation).
--
-- A partial index holds only the rows in that state: a row enters it once and leaves it once, and
-- the other transitions (completed, cancelled …) touch no page of it. SQLite uses a partial index
-- only when the query's WHERE clause contains the index's condition as written, so the query
-- names its state literally (`PartialIndexPlanTests` check the plan of the real statement).
--
-- The listings' `listings_expiring` and `listings_costs` were made partial the same way at first
-- (another 5 pages per exchange), and taken out again before release: with a partial index on
-- `listings`, the browse query (same plan, same bytecode) ran about 40 % slower in SQLite 3.40,
-- measured both through the server and directly (`docs/performance.md`).

-- Automatic confirmation: `state = 'accepted' AND scheduled_end <= ? … ORDER BY scheduled_end, id`.
DROP INDEX exchanges_due;
CREATE INDEX exchanges_due ON exchanges(scheduled_end, id) WHERE state = 'accepted';
