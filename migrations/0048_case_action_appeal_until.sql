-- Until when an action may be appealed, fixed when it is taken: the notice tells the member a
-- date, and a rule change shortening `moderation.appeal_window_days` afterwards closed her
-- appeal before it (helper 152 #4). The deadline is the later of this and the window in force,
-- so a longer window still helps. Null for actions taken before: the window in force, as then.
ALTER TABLE trust_case_actions ADD COLUMN appeal_until TEXT;
