-- What a new listing looked like when a moderator decided its review (helper 137 #10): when the
-- owner sends it back in after a request for changes, the next review shows which fields changed
-- since and which of those asked for did not. An edit's content is kept in listing_edits already.
-- Null for reviews decided before, and for edit reviews.
ALTER TABLE reviews ADD COLUMN decided_content_json TEXT;
