-- Which photos each listing edit proposed, each report attached and each listing ever showed, as
-- rows (as `listing_photos` does for what a listing shows now). The hourly photo sweep read the
-- edits' and reports' JSON with `LIKE '%hash%'` once per old photo; with these it looks up by
-- index. And a photo that was evidence (a listing's earlier picture, one an edit proposed) is
-- kept while a case about the listing's owner is open, instead of going after `photos.orphan_days`
-- while the moderator still needs it.
CREATE TABLE edit_photos (
    edit_id       TEXT NOT NULL REFERENCES listing_edits(id),
    sha256        TEXT NOT NULL,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    PRIMARY KEY (edit_id, sha256)
);
CREATE INDEX edit_photos_by_photo ON edit_photos(community_id, sha256);
INSERT INTO edit_photos (edit_id, sha256, community_id)
SELECT DISTINCT e.id, j.value, e.community_id FROM listing_edits e, json_each(e.content_json, '$.photos') j
WHERE json_type(e.content_json, '$.photos') = 'array';

CREATE TABLE report_photos (
    report_id     TEXT NOT NULL REFERENCES trust_reports(id),
    sha256        TEXT NOT NULL,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    PRIMARY KEY (report_id, sha256)
);
CREATE INDEX report_photos_by_photo ON report_photos(community_id, sha256);
INSERT INTO report_photos (report_id, sha256, community_id)
SELECT DISTINCT r.id, j.value, r.community_id FROM trust_reports r, json_each(r.photos_json) j WHERE r.photos_json <> '[]';

-- Insert-only: a row stays when the listing stops showing the photo. Earlier pictures of
-- listings written before this migration are not known; what they show now is.
CREATE TABLE listing_photo_history (
    listing_id    TEXT NOT NULL REFERENCES listings(id),
    sha256        TEXT NOT NULL,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    PRIMARY KEY (listing_id, sha256)
);
CREATE INDEX listing_photo_history_by_photo ON listing_photo_history(community_id, sha256);
INSERT INTO listing_photo_history (listing_id, sha256, community_id)
SELECT listing_id, sha256, community_id FROM listing_photos;
