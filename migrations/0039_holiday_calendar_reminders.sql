-- Reminders that a community's rule file lists no public holiday of a year its time slots pay
-- for (`HolidayCalendar`): one per community, year and stage (`upcoming` from 1 December,
-- `missing` once the year has begun), so the hourly check tells organizers twice at most.
CREATE TABLE holiday_calendar_reminders (
    community_id TEXT NOT NULL REFERENCES communities (id),
    year INTEGER NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('upcoming', 'missing')),
    -- The version in force when the reminder went out.
    rule_version INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (community_id, year, stage)
);
