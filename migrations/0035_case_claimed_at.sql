-- When the moderator holding a case claimed it (review of session 27, trust small). A resolution
-- marks the target's open fraud signals decided (0033), but it marked signals recorded after the
-- claim too, which the moderator may never have seen. Set at each claim (a renewal is a fresh
-- look); a resolution marks only signals recorded, and last grown, at or before it. NULL: claimed
-- before this column existed (every open signal is marked, as before).
ALTER TABLE trust_cases ADD COLUMN claimed_at TEXT;
