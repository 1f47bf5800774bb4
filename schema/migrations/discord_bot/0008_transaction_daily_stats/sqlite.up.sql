-- SG602 [safe] transactions_archive: rule removed: delete after 365d by created_at where created_at is not null
-- SG601 [destructive] transactions_archive: rule added, its job adds rows into transaction_daily_stats and deletes them: delete after 365d by created_at where created_at is not null roll up into transaction_daily_stats by guild_id, transaction_type, day = day(created_at) add transactions = count, amount = sum(amount)
-- SG101 [safe] table transaction_daily_stats added

PRAGMA foreign_keys = OFF;

BEGIN;
-- Applied migrations (schemagen migrate): per schema, the version, its folder, the SHA-256 of its schema, when.
CREATE TABLE IF NOT EXISTS "schemagen_migrations" (
  "schema_name" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "name" TEXT NOT NULL,
  "checksum" CHAR(64) NOT NULL,
  "applied_at" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY ("schema_name", "version")
);
-- Economy totals per guild, day and transaction type: what is left of transactions after a year.
CREATE TABLE "transaction_daily_stats" (
  "guild_id" INTEGER NOT NULL,
  -- daily, work, gamble, transfer, purchase
  "transaction_type" TEXT NOT NULL,
  -- The UTC day of the transactions' created_at.
  "day" TEXT NOT NULL,
  -- How many transactions of that day and type.
  "transactions" INTEGER NOT NULL DEFAULT 0,
  -- Their amounts added up.
  "amount" INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY ("guild_id", "day", "transaction_type"),
  CONSTRAINT "ck_transaction_daily_stats_transaction_type" CHECK ("transaction_type" IN ('daily', 'work', 'gamble', 'transfer', 'purchase'))
);
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 8, '0008_transaction_daily_stats', 'b7ab18676b8e9dbe65314ad33c91f6c6789d8cd1db5f6f7206efef923e8ccce3');
