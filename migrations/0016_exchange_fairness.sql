-- Two fairness gaps in the exchange life cycle (issue 5, follow-up after review).
--
-- 1. A no-show the moderator overturns because the provider was there after all: the payer's hold
--    had been refunded on the payer's word alone, so the provider was never paid for a service the
--    moderator found took place. Overturning now also pays the provider the held points, payer to
--    provider, as its own exchange transfer (the ledger is never edited). The contest keeps which
--    transfer that was; NULL when nothing was owed (the payer was the one named absent, or the
--    exchange was worth 0 points).
ALTER TABLE exchange_no_show_contests ADD COLUMN settlement_transfer_id TEXT REFERENCES ledger_transfers(id);

-- 2. The payer alone stated the minutes of a time exchange: confirming 1 minute of a 60-minute
--    service paid 1 minute (and counted 1 minute served), and the completed exchange left the
--    provider no recourse. Now the provider reports the minutes they worked while the exchange is
--    accepted (`POST /v1/exchanges/{id}/report-minutes`); the payer may confirm that many or more,
--    never fewer (409 `exchange.minutes_below_agreed`, and a dispute for a moderator otherwise);
--    without a report the floor is the listing's duration. Automatic confirmation takes a shorter
--    report instead of the scheduled window. NULL: nothing reported.
ALTER TABLE exchanges ADD COLUMN reported_minutes INTEGER CHECK (reported_minutes IS NULL OR reported_minutes > 0);

-- 3. A request whose time has passed can no longer be accepted (409 `exchange.schedule_passed`),
--    but it stayed `requested`, counting against the requester's open-exchange limit until
--    someone thought to cancel it. The scheduler now declines such requests; this index is how it
--    finds them without scanning every exchange. Partial on the state named literally (see 0015).
CREATE INDEX exchanges_requested_until ON exchanges(scheduled_end, id) WHERE state = 'requested';
