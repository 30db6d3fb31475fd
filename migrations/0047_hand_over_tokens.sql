-- The token a new community's first admin receives through POST /v1/communities was seen by
-- another community's admin, who could mint a ten-year admin token with it before handing it
-- over (helper 153 #1): it looked like her own and outlived the hand-over token's revocation.
-- Marked now, a hand-over token does one thing: mint her own token, which revokes it in the
-- same transaction; every other route refuses it (403 auth.hand_over_token).
ALTER TABLE access_tokens ADD COLUMN hand_over INTEGER NOT NULL DEFAULT 0 CHECK (hand_over IN (0, 1));
-- Those issued before: the API labelled them so and nobody in the community issued them.
UPDATE access_tokens SET hand_over = 1
WHERE label = 'bootstrap (handed over)' AND created_by IS NULL AND parent_token_id IS NULL;
