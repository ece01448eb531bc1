-- The ballooning value a claim handed the agent: it was kept in params, which now hold only the
-- command's own validated params.
ALTER TABLE "actions" ADD COLUMN "applying_ballooning" BOOLEAN;
UPDATE "actions" SET "applying_ballooning" = ("params"->>'ballooning')::boolean WHERE "params" ? 'ballooning';
UPDATE "actions" SET "params" = "params" - 'ballooning';

-- When the agent holding the action last reported; a long silence is shown as "host not responding".
ALTER TABLE "actions" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3);
UPDATE "actions" SET "heartbeat_at" = "lease_until" WHERE "status" = 'running';

-- The host's own message for a failed action, kept for operators; customers read error_message.
ALTER TABLE "actions" ADD COLUMN "error_detail" TEXT;

-- What a step recorded for a later attempt or an undo (the definition it replaced).
ALTER TABLE "action_steps" ADD COLUMN "data" JSONB;
