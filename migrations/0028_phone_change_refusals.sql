-- A member's own phone changes refused because another member has the number. The refusal says
-- the number is taken, so without a bound a resident could learn, number by number, who in the
-- community is registered; each refusal is recorded (after the refused change rolled back) and a
-- member has a few a day (`MemberCommands.phoneRefusalsPerDay`). Rows older than a day are
-- deleted as new ones are written.
CREATE TABLE phone_change_refusals (
    community_id  TEXT NOT NULL REFERENCES communities(id),
    member_id     TEXT NOT NULL REFERENCES members(id),
    refused_at    TEXT NOT NULL
);
CREATE INDEX phone_change_refusals_by_member ON phone_change_refusals(community_id, member_id, refused_at);
