-- A server's activity reads its audit events newest first, a page at a time after a position
-- (created_at, id): this index walks there directly, and serves everything the one it replaces
-- served (the memory chart's markers read a server's events by time).
DROP INDEX "audit_events_server_id_created_at_idx";

CREATE INDEX "audit_events_server_id_created_at_id_idx" ON "audit_events"("server_id", "created_at", "id");
