-- SG605 [incompatible] guild_members: writers changed
-- SG602 [safe] warnings: rule removed: deactivate after warning_expiry = 90d by created_at set active = false where created_at is not null
-- SG602 [safe] warnings: rule removed: delete after 365d by created_at where created_at is not null
-- SG601 [safe] warnings: rule added: deactivate after warning_expiry = 90d by created_at set active = false
-- SG601 [destructive] warnings: rule added, its job deletes rows: delete after 365d by created_at
-- SG602 [safe] transactions: rule removed: archive after 90d by created_at into transactions_archive where created_at is not null
-- SG601 [safe] transactions: rule added: archive after 90d by created_at into transactions_archive
-- SG602 [safe] transactions_archive: rule removed: delete after 365d by created_at where created_at is not null
-- SG601 [destructive] transactions_archive: rule added, its job deletes rows: delete after 365d by created_at

PRAGMA foreign_keys = OFF;

BEGIN;
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 6;
