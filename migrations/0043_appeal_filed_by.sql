-- Who filed an appeal when it is not the appellant: station staff (or an admin) writing it at the
-- desk for a resident who cannot use the app (helper 140 #7: only she could, so an elder who was
-- suspended had no way to appeal). The appeal stays hers (`appellant_id`: she is told its
-- outcome); `filed_by` names the staff member, shown to moderators and kept out of the decision.
ALTER TABLE trust_appeals ADD COLUMN filed_by TEXT REFERENCES members(id);
