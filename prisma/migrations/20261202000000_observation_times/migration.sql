-- When the power state in `status` was observed, apart from when the definitions (the balloons) were:
-- an agent re-reads a domain's XML less often than its state, and each must only ever move forward.
ALTER TABLE "servers" ADD COLUMN "state_observed_at" TIMESTAMPTZ(3);
UPDATE "servers" SET "state_observed_at" = "observed_at";
