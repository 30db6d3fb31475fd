-- Cases by what they are about, open or not. The photo sweep looks for the cases about an
-- exchange of a listing (`PhotoSweep`: evidence is kept while such a case is open or its decision
-- may be appealed); `trust_cases_one_open` covers open cases only, so resolved ones were found by
-- scanning every case of the community, for every candidate photo.
CREATE INDEX trust_cases_by_target ON trust_cases(community_id, target_type, target_id);
