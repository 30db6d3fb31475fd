-- Who uploaded each photo, one row per member and photo (review of session 28, photos M-H).
-- `photos.uploaded_by` names only the first uploader: a neighbour who uploaded the same bytes got
-- 201 and then 404 on her own photo, and the upload-then-download pair told her someone here had
-- that exact picture. Her daily limit also counted only the photos she was first to upload.
-- `uploaded_at` is when this member first uploaded it (what her daily limit counts).
CREATE TABLE photo_uploads (
    community_id  TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    member_id     TEXT NOT NULL REFERENCES members(id),
    uploaded_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, sha256, member_id),
    FOREIGN KEY (community_id, sha256) REFERENCES photos(community_id, sha256) ON DELETE CASCADE
);
CREATE INDEX photo_uploads_by_member ON photo_uploads(community_id, member_id, uploaded_at);

INSERT INTO photo_uploads (community_id, sha256, member_id, uploaded_at)
SELECT community_id, sha256, uploaded_by, created_at FROM photos;
