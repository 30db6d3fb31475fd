-- A consent's end can be moved later (POST /v1/proxies/{id}/renew), and both the resident and her
-- agent are reminded once before it ends (helper 144 #14: a year's consent lapsed unnoticed, and
-- the elder's walk to the clinic could not be confirmed the next morning). The reminder is sent
-- once per end: a renewal clears it. Null for consents not yet reminded.
ALTER TABLE proxy_consents ADD COLUMN expiry_reminded_at TEXT;
-- The last renewal, on the consent itself: when, by whom, how (the resident in the app, or staff
-- at the desk with her present) and on what it rests (the desk's note), so the consent shows why
-- it is still in force without the audit log. Null for consents never renewed.
ALTER TABLE proxy_consents ADD COLUMN renewed_at TEXT;
ALTER TABLE proxy_consents ADD COLUMN renewed_by TEXT REFERENCES members(id);
ALTER TABLE proxy_consents ADD COLUMN renewal_basis TEXT CHECK (renewal_basis IN ('member', 'in_person'));
-- All set or none: a renewal half-written would make the consent unreadable.
ALTER TABLE proxy_consents ADD COLUMN renewal_note TEXT CHECK (
    (renewed_at IS NULL AND renewed_by IS NULL AND renewal_basis IS NULL AND renewal_note IS NULL)
    OR (renewed_at IS NOT NULL AND renewed_by IS NOT NULL AND renewal_basis IS NOT NULL));
-- The hourly reminder's candidates: consents in force, not reminded, by their end.
CREATE INDEX proxy_consents_expiry_due ON proxy_consents(expires_at) WHERE revoked_at IS NULL AND expiry_reminded_at IS NULL;
