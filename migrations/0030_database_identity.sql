-- This database's identity: a random id written once (by the first photo sweep,
-- `PhotoDirectoryOwner.identity`) and kept by backups and copies of the file. The photos
-- directory holds it in a marker file, so the sweeps that delete files never run in a directory
-- that belongs to another database.
CREATE TABLE database_identity (
    id          TEXT NOT NULL PRIMARY KEY,
    created_at  TEXT NOT NULL
);
