-- When an endpoint's latest delivery attempt failed (session 32 walk). "Failing for five days"
-- had been measured from the first failure after the last success alone, so one failed message
-- followed by a quiet week and one blip disabled a healthy, quiet endpoint. A failure longer
-- than the streak gap after the previous one now starts the streak again (`EndpointHealth`).
-- NULL: no failure since the last success (or none in the attempt log, which retention prunes:
-- the streak's start then stands for its last failure).
ALTER TABLE webhook_endpoints ADD COLUMN last_failure_at TEXT;

-- An endpoint failing now keeps its streak: its latest failed attempt since the streak began
-- (attempt times and `failing_since` are written in the same text form, so they compare as text).
UPDATE webhook_endpoints
SET last_failure_at = (
    SELECT MAX(a.started_at) FROM webhook_attempts a
    WHERE a.endpoint_id = webhook_endpoints.id AND a.outcome <> 'delivered' AND a.started_at >= webhook_endpoints.failing_since
)
WHERE failing_since IS NOT NULL;
