-- The token a new community's first admin receives through POST /v1/communities was seen by
-- another community's admin, who could mint a ten-year admin token with it before handing it
-- over (helper 153 #1): it looked like her own and outlived the hand-over token's revocation.
-- Marked now, a hand-over token does one thing: mint her own token, which revokes it in the
-- same transaction; every other route refuses it (403 auth.hand_over_token).
ALTER TABLE access_tokens ADD COLUMN hand_over INTEGER NOT NULL DEFAULT 0 CHECK (hand_over IN (0, 1));
-- Those issued before: the first token of a community created through the API, which nobody in
-- the community issued. Labelled 'bootstrap (handed over)' since 5 December 2026; before that plain
-- 'bootstrap' (and valid 180 days), told apart from the command line's by the community's
-- creation entry, which names the creating member ("member … of …") where the command line's
-- says "cli" (helper 158 #2).
UPDATE access_tokens SET hand_over = 1
WHERE created_by IS NULL AND parent_token_id IS NULL
  AND (label = 'bootstrap (handed over)'
       OR (label = 'bootstrap' AND EXISTS (
           SELECT 1 FROM audit_entries a
           WHERE a.community_id = access_tokens.community_id AND a.action = 'community.created'
             AND a.actor_label LIKE 'member % of %')));
