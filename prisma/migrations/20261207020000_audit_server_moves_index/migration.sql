-- A server's activity starts at its latest transfer (what came before is its former owner's). Only
-- transfers are in this index, so finding the latest is one step, however long the server's history;
-- without it, a server never moved had its whole history read to learn it has none.
CREATE INDEX "audit_events_server_moves_idx" ON "audit_events" ("server_id", "created_at" DESC, "id" DESC) WHERE "kind" = 'server.moved';
