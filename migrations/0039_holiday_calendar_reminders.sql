-- Reminders that a community's rule file lists no public holiday of a year its time slots pay
-- for (`HolidayCalendar`): one per community, year, stage (`upcoming` from 1 December, `missing`
-- once the year has begun) and version lacking it, so the hourly check tells organizers once per
-- version put in force without the year.
CREATE TABLE holiday_calendar_reminders (
    community_id TEXT NOT NULL REFERENCES communities (id),
    year INTEGER NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('upcoming', 'missing')),
    -- The version lacking the year (in December, the one that will be in force on 1 January).
    rule_version INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (community_id, year, stage, rule_version)
);
