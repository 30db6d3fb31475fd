-- Session 33 (helpers 114, 117): a time listing's start_at–end_at window longer than its
-- duration_minutes now says when a session of that duration may take place, and the listing is
-- valued on the duration (`ListingValuationInput.sessionWindow`). Before, the window itself was
-- valued as the session and duration_minutes was ignored, so listings stored that way were priced,
-- and their accepted exchanges hold points, for the whole window. Their duration becomes the
-- window's length, and the terms their exchanges were accepted on likewise, so each keeps meaning
-- what it was priced as and settles as it would have: an owner who meant a shorter session edits
-- the listing (re-valued on review). Nothing else changes; no points move.
UPDATE listings
SET duration_minutes = CAST(ROUND((julianday(end_at) - julianday(start_at)) * 1440) AS INTEGER)
WHERE start_at IS NOT NULL AND end_at IS NOT NULL AND duration_minutes IS NOT NULL
  AND duration_minutes < CAST(ROUND((julianday(end_at) - julianday(start_at)) * 1440) AS INTEGER);

UPDATE exchanges
SET agreed_terms_json = json_set(agreed_terms_json, '$.input.duration_minutes',
    CAST(ROUND((julianday(json_extract(agreed_terms_json, '$.input.end_at'))
              - julianday(json_extract(agreed_terms_json, '$.input.start_at'))) * 1440) AS INTEGER))
WHERE agreed_terms_json IS NOT NULL
  AND json_extract(agreed_terms_json, '$.input.start_at') IS NOT NULL
  AND json_extract(agreed_terms_json, '$.input.end_at') IS NOT NULL
  AND json_extract(agreed_terms_json, '$.input.duration_minutes') IS NOT NULL
  AND json_extract(agreed_terms_json, '$.input.duration_minutes')
      < CAST(ROUND((julianday(json_extract(agreed_terms_json, '$.input.end_at'))
                  - julianday(json_extract(agreed_terms_json, '$.input.start_at'))) * 1440) AS INTEGER);
