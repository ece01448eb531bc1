-- An API token reads only, or reads and writes. Every token made before scopes existed could change
-- anything, so the default keeps them as they were: read_write.
CREATE TYPE "ApiTokenScope" AS ENUM ('read', 'read_write');

ALTER TABLE "api_tokens" ADD COLUMN "scope" "ApiTokenScope" NOT NULL DEFAULT 'read_write';
