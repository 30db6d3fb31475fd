-- When `endpoint.failing` was last raised for an endpoint because a message used up its retries.
-- It is raised once per failing period (`failing_since`): every message of an endpoint that is down
-- runs out of retries in turn, and one event per message flooded the staff group with the same
-- news behind its robot's rate limit. Disabling the endpoint always raises it.
ALTER TABLE webhook_endpoints ADD COLUMN failing_reported_at TEXT;
