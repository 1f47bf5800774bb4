-- SG602 [safe] transactions_archive: rule removed: delete after 365d by created_at where created_at is not null roll up into transaction_daily_stats by guild_id, transaction_type, day = day(created_at) add transactions = count, amount = sum(amount)
-- SG601 [destructive] transactions_archive: rule added, its job deletes rows: delete after 365d by created_at where created_at is not null
-- SG102 [destructive, incompatible, irreversible] table transaction_daily_stats dropped with its data

PRAGMA foreign_keys = OFF;

BEGIN;
DROP TABLE "transaction_daily_stats";
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 8;
