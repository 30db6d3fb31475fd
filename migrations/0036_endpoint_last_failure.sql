-- When an endpoint's latest delivery attempt failed (session 32 walk). "Failing for five days"
-- had been measured from the first failure after the last success alone, so one failed message
-- followed by a quiet week and one blip disabled a healthy, quiet endpoint. A failure longer
-- than the streak gap after the previous one now starts the streak again (`EndpointHealth`).
-- NULL: no failure since the last success, or none recorded since this column exists (the
-- streak's start then stands for its last failure).
ALTER TABLE webhook_endpoints ADD COLUMN last_failure_at TEXT;
