-- Until when a `standard` endpoint's receiver asked every message to wait (429, or 503 with
-- Retry-After; `ResponseClassifier.pausesEndpoint`). The worker held the pause in memory only, and
-- after a restart rebuilt a 429's from the attempt log at the 60 s floor (the delay asked is not
-- logged) and a 503's not at all, so the queue was sent into the receiver's pause again (helper
-- 159 #9). Written with the attempt that carried it, never shortened; a past value means nothing.
ALTER TABLE webhook_endpoints ADD COLUMN paused_until TEXT;
