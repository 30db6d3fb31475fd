-- What the webhook sender holds in memory changed in another process (helper 122). Only one server
-- sends (the one holding `<database>-webhooks.lock`); the other's API may resend or recover a
-- message, or edit, disable or delete an endpoint. The sender saw another process's commit by
-- `PRAGMA data_version`, which moves for every commit, whatever it touched, so while two servers
-- shared the file it reloaded its queue on every pass. It now reloads when this counter moved too:
-- an endpoint created, deleted or changed (every edit raises its `version`; health updates do not)
-- and a message put back to pending. A PostgreSQL backend would bump it the same way.
CREATE TABLE webhook_change_counter (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    changes  INTEGER NOT NULL
);
INSERT INTO webhook_change_counter (id, changes) VALUES (1, 0);

CREATE TRIGGER webhook_endpoint_added AFTER INSERT ON webhook_endpoints
BEGIN
    UPDATE webhook_change_counter SET changes = changes + 1 WHERE id = 1;
END;

CREATE TRIGGER webhook_endpoint_removed AFTER DELETE ON webhook_endpoints
BEGIN
    UPDATE webhook_change_counter SET changes = changes + 1 WHERE id = 1;
END;

CREATE TRIGGER webhook_endpoint_changed AFTER UPDATE OF version, enabled, deleted_at, url, secrets_json ON webhook_endpoints
BEGIN
    UPDATE webhook_change_counter SET changes = changes + 1 WHERE id = 1;
END;

CREATE TRIGGER webhook_message_requeued AFTER UPDATE OF status ON webhook_messages
WHEN NEW.status = 'pending' AND OLD.status <> 'pending'
BEGIN
    UPDATE webhook_change_counter SET changes = changes + 1 WHERE id = 1;
END;
