-- Which listings show which photo (`listings.photos_json` as rows), kept by the listing writes:
-- the hourly sweep finds photos nothing names by index instead of reading every listing's JSON,
-- and a photo shown only by removed listings is no longer served to members (a takedown).
CREATE TABLE listing_photos (
    listing_id    TEXT NOT NULL REFERENCES listings(id),
    sha256        TEXT NOT NULL,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    PRIMARY KEY (listing_id, sha256)
);
CREATE INDEX listing_photos_by_photo ON listing_photos(community_id, sha256);
INSERT INTO listing_photos (listing_id, sha256, community_id)
SELECT DISTINCT l.id, j.value, l.community_id FROM listings l, json_each(l.photos_json) j WHERE l.photos_json <> '[]';

-- When the photo was last uploaded (an upload of the same bytes again moves it, not `created_at`,
-- which keeps counting against the first uploader's daily limit only): the sweep counts a
-- photo's days from it, so one uploaded again just before it is used is not forgotten meanwhile.
ALTER TABLE photos ADD COLUMN last_uploaded_at TEXT;
UPDATE photos SET last_uploaded_at = created_at;

-- A member's uploads of the current day are counted at each upload (`photos.daily_limit_per_member`);
-- the sweep reads photos by age, and a file is removed once no community's row names its hash.
CREATE INDEX photos_by_uploader ON photos(community_id, uploaded_by, created_at);
CREATE INDEX photos_by_age ON photos(last_uploaded_at);
CREATE INDEX photos_by_hash ON photos(sha256);
