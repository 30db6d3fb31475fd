-- When a request holding an Idempotency-Key first committed a change, written in that change's own
-- transaction. A crash between the change and the storing of its response used to leave only an
-- in-progress claim, which a retry took over and ran again; now the retry learns the request was
-- carried out (409 idempotency.answer_lost) instead of repeating it.
ALTER TABLE idempotency_keys ADD COLUMN applied_at TEXT;
