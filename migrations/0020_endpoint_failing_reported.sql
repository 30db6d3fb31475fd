-- The failing period (its `failing_since`) for which `endpoint.failing` was last raised because a
-- message used up its retries. It is raised once per failing period: every message of an endpoint
-- that is down runs out of retries in turn, and one event per message flooded the staff group with
-- the same news behind its robot's rate limit. Disabling the endpoint always raises it.
ALTER TABLE webhook_endpoints ADD COLUMN failing_reported_for TEXT;
