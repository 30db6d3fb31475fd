-- A helper's open bookings (issue 5; session 36's SQL profile of `linli-bench ledger`).
--
-- Accepting or requesting time or a skill checks that the helper is not booked elsewhere at the
-- same time (`ExchangeGuards.checkSlotFree`). No index led from the helper to her bookings, so
-- SQLite searched every exchange of the community: 1.1 ms per check with 12,000 exchanges, 40 % of
-- a completed exchange's statement time, and growing with the community's history.
--
-- Partial like `exchanges_due` (migration 0015): only booked time and skills (accepted or
-- disputed) are in it, so a row enters it once and leaves it once, and items never touch it. The
-- query names the same condition literally (`PartialIndexPlanTests`).
CREATE INDEX exchanges_helper_bookings ON exchanges (community_id, provider_id, scheduled_start)
    WHERE state IN ('accepted', 'disputed') AND listing_kind IN ('time', 'skill');
