-- Who filed a report when it is not the reporter: station staff (or an admin) reporting the
-- other side of an exchange they act in for a resident (helper 137). The report is hers: she is
-- `reporter_id`, told its outcome and paid its reward, counted once with a report of her own, and
-- her own daily limit applies (staff at a desk were one reporter for every resident they helped);
-- `filed_by` names the staff member, shown to moderators and kept out of the decision like a reporter.
ALTER TABLE trust_reports ADD COLUMN filed_by TEXT REFERENCES members(id);
