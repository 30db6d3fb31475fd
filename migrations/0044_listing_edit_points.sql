-- What an edit waiting for review would make the listing worth, under the rules in force when it
-- was submitted (helper 137 #5: the moderator deciding an edit that changed the declared cost or the
-- duration saw the new figures but not the points they come to, so approving it moved the points
-- unseen). Approval values it again under the rules then in force. Null for edits stored before.
ALTER TABLE listing_edits ADD COLUMN points INTEGER CHECK (points IS NULL OR points >= 0);
