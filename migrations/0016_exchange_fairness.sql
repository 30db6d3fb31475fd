-- Two fairness gaps in the exchange life cycle (issue 5, follow-up after review).
--
-- 1. A no-show the moderator overturns because the provider was there after all: the payer's hold
--    had been refunded on the payer's word alone, so the provider was never paid for a service the
--    moderator found took place. Overturning now also pays the provider the held points, payer to
--    provider, as its own exchange transfer (the ledger is never edited). The contest keeps which
--    transfer that was; NULL when nothing was owed (the payer was the one named absent, or the
--    exchange was worth 0 points).
ALTER TABLE exchange_no_show_contests ADD COLUMN settlement_transfer_id TEXT REFERENCES ledger_transfers(id);
