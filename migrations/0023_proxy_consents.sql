-- A resident's standing consent that one staff member acts for her in her exchanges and
-- listings (`ProxyConsent`): given by her in the app (`basis = 'member'`) or recorded at the
-- service desk from her word or a signed form (`basis = 'in_person'`, `note` says which). Rows
-- are never deleted: a withdrawal sets `revoked_*`, an end passes `expires_at`, so "who could act
-- for her on that day" can always be answered.
CREATE TABLE proxy_consents (
    id                 TEXT PRIMARY KEY,
    community_id       TEXT NOT NULL REFERENCES communities(id),
    member_id          TEXT NOT NULL REFERENCES members(id),
    agent_id           TEXT NOT NULL REFERENCES members(id),
    basis              TEXT NOT NULL CHECK (basis IN ('member', 'in_person')),
    note               TEXT,
    granted_by         TEXT NOT NULL REFERENCES members(id),
    granted_at         TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    revoked_at         TEXT,
    revoked_by         TEXT REFERENCES members(id),
    revocation_reason  TEXT,
    version            INTEGER NOT NULL DEFAULT 1
);
-- A resident's consents, and the lookup on every step a staff member takes for her: "does this
-- agent hold her unrevoked consent" (the end is compared with the step's time).
CREATE INDEX proxy_consents_by_member ON proxy_consents(community_id, member_id, agent_id) WHERE revoked_at IS NULL;
-- Whom an agent acts for: their exchange list, and the consents they hold.
CREATE INDEX proxy_consents_by_agent ON proxy_consents(community_id, agent_id, member_id) WHERE revoked_at IS NULL;
-- The full history (revoked ones too), newest first, for the resident's page and staff lists.
CREATE INDEX proxy_consents_history ON proxy_consents(community_id, member_id, id);
