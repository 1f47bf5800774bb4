-- SG605 [incompatible] guild_members: writers changed
-- SG602 [safe] warnings: rule removed: deactivate after warning_expiry = 90d by created_at set active = false
-- SG602 [safe] warnings: rule removed: delete after 365d by created_at
-- SG601 [safe] warnings: rule added: deactivate after warning_expiry = 90d by created_at set active = false where created_at is not null
-- SG601 [destructive] warnings: rule added, its job deletes rows: delete after 365d by created_at where created_at is not null
-- SG602 [safe] transactions: rule removed: archive after 90d by created_at into transactions_archive
-- SG601 [safe] transactions: rule added: archive after 90d by created_at into transactions_archive where created_at is not null
-- SG602 [safe] transactions_archive: rule removed: delete after 365d by created_at
-- SG601 [destructive] transactions_archive: rule added, its job deletes rows: delete after 365d by created_at where created_at is not null

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
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 6, '0006_cascade_rights_and_null_retention', 'eb8d8e3ab64aeeab6b6a26f83d1e759b75e6c46cc0b6986911851dc148250b46');
