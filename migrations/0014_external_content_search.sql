-- The listing search index (0004) kept its own copy of every listing's text (FTS5's content
-- table) and a size row per listing (its docsize table), so each listing created wrote its title
-- and description three times, and each edit rewrote them. Search only ever joins the index
-- back to `listings` by rowid and re-checks short terms against `listings` itself, so the index
-- now reads its text from `listings` (external content) and keeps no sizes (`columnsize = 0`:
-- nothing ranks by bm25). The columns are the listing's own (title, description, skill_name,
-- area, place) instead of one concatenated `extra`, which external content requires; a match is
-- still over all of them.
--
-- With external content the index must be told the old text to forget it, so the triggers pass
-- the old row's values on update and delete. 'rebuild' fills the new index from `listings`.
DROP TRIGGER listings_fts_insert;
DROP TRIGGER listings_fts_update;
DROP TRIGGER listings_fts_delete;
DROP TABLE listings_fts;

CREATE VIRTUAL TABLE listings_fts USING fts5(
    title, description, skill_name, area, place,
    content = 'listings', content_rowid = 'rowid', columnsize = 0, tokenize = 'trigram'
);
INSERT INTO listings_fts (listings_fts) VALUES ('rebuild');

CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listings_fts (rowid, title, description, skill_name, area, place)
    VALUES (new.rowid, new.title, new.description, new.skill_name, new.area, new.place);
END;
-- Status changes rewrite the row; only a change of the indexed text touches the index.
CREATE TRIGGER listings_fts_update AFTER UPDATE OF title, description, skill_name, area, place ON listings
WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.skill_name IS NOT new.skill_name
    OR old.area IS NOT new.area OR old.place IS NOT new.place
BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, title, description, skill_name, area, place)
    VALUES ('delete', old.rowid, old.title, old.description, old.skill_name, old.area, old.place);
    INSERT INTO listings_fts (rowid, title, description, skill_name, area, place)
    VALUES (new.rowid, new.title, new.description, new.skill_name, new.area, new.place);
END;
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, title, description, skill_name, area, place)
    VALUES ('delete', old.rowid, old.title, old.description, old.skill_name, old.area, old.place);
END;
