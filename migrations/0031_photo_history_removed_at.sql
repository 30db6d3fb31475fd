-- When a listing stopped showing a photo (an edit took it out; NULL while it shows it). The orphan
-- sweep counts `photos.orphan_days` from then (`PhotoSweep`): counted from the listing's last
-- change instead, a listing that changes at least that often kept every photo it ever showed.
-- Photos already taken out get the listing's last change, the best moment known.
ALTER TABLE listing_photo_history ADD COLUMN removed_at TEXT;
UPDATE listing_photo_history
SET removed_at = (SELECT l.updated_at FROM listings l WHERE l.id = listing_photo_history.listing_id)
WHERE NOT EXISTS (
    SELECT 1 FROM listing_photos u WHERE u.listing_id = listing_photo_history.listing_id AND u.sha256 = listing_photo_history.sha256);
