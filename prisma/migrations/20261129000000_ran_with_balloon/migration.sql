-- AlterTable
ALTER TABLE "servers" ADD COLUMN "ran_with_balloon" "BalloonModel";

-- Backfill: the best knowledge there is of what each domain last ran with.
UPDATE "servers" SET "ran_with_balloon" = "observed_balloon";
