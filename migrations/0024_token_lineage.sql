-- A token minted by a member through a token someone else issued for her (station staff at the
-- desk) stays that issuer's: `created_by` is inherited, it lasts no longer than the token it was
-- minted through, and `parent_token_id` names that token so revoking it revokes the child too.
-- Without this, whoever held a desk-issued token could mint a ten-year token that outlived the
-- desk token's revocation, the issuer's ban and the resident's promotion.
ALTER TABLE access_tokens ADD COLUMN parent_token_id TEXT REFERENCES access_tokens(id);
CREATE INDEX access_tokens_by_parent ON access_tokens(parent_token_id);
