-- The delivery worker's per-endpoint window (0008) only ever looks at pending messages, but the
-- index held every message ever sent: each delivery moved its entry from the pending part to the
-- delivered part, one write per endpoint's region in every batch of results, into an index that
-- grew without end. Partial, it holds just the pending messages (a few pages, always cached), and
-- a delivered message only leaves it.
DROP INDEX webhook_messages_lanes;
CREATE INDEX webhook_messages_lanes ON webhook_messages(endpoint_id, event_seq) WHERE status = 'pending';
