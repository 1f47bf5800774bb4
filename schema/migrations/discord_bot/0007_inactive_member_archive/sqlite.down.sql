-- SG602 [safe] guild_members: rule removed: archive after 180d by user_id -> users.last_seen into guild_members_archive
-- SG102 [destructive, incompatible, irreversible] table guild_members_archive dropped with its data

PRAGMA foreign_keys = OFF;

BEGIN;
DROP TABLE "guild_members_archive";
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 7;
