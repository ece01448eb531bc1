-- Sign-in limits move to rate-limiter-flexible's PostgreSQL store (lib/auth/sign-in-limits.ts):
-- one row per limited key, counted and checked in one statement before a password is checked.
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

DROP TABLE "login_throttles";
