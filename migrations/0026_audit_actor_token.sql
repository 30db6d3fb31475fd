-- Which bearer token a member acted through. A token station staff issued for a resident is
-- held by whoever saw its secret at the desk; with the token recorded, an action in her name can
-- be traced to the token (and its `created_by`, `parent_token_id`) instead of to her alone.
-- Null for the command line, the service itself and entries written before this migration.
ALTER TABLE audit_entries ADD COLUMN actor_token_id TEXT;
