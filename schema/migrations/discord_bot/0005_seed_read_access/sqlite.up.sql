-- SG106 [safe] users: query 'global_stats' added (documentation only)
-- SG106 [safe] users: query 'top_global' added (documentation only)
-- SG106 [safe] users: query 'inactive' added (documentation only)
-- SG106 [safe] guild_members: query 'member_stats' added (documentation only)
-- SG106 [safe] guild_members: query 'leaderboard' added (documentation only)
-- SG106 [safe] guild_members: query 'richest' added (documentation only)
-- SG106 [safe] guild_config: query 'server_config' added (documentation only)
-- SG106 [safe] warnings: query 'active_warnings' added (documentation only)
-- SG106 [safe] warnings: query 'count_per_user' added (documentation only)
-- SG605 [incompatible] mod_actions: readers changed
-- SG106 [safe] mod_actions: query 'history' added (documentation only)
-- SG106 [safe] mod_actions: query 'active_moderators' added (documentation only)
-- SG106 [safe] mod_actions: query 'action_types' added (documentation only)
-- SG106 [safe] temp_punishments: query 'expired' added (documentation only)
-- SG106 [safe] temp_punishments: query 'lift' added (documentation only)
-- SG605 [incompatible] transactions: readers changed
-- SG106 [safe] transactions: query 'history' added (documentation only)
-- SG106 [safe] transactions: query 'daily_generation' added (documentation only)
-- SG106 [safe] transactions: query 'gambling_losses' added (documentation only)

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

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 5, '0005_seed_read_access', 'a055ec206312d54f0f0900d99590b7917d81553ae1cb700efb8156c3ad32ec6b');
