-- SG106 [safe] users: query 'global_stats' removed (documentation only)
-- SG106 [safe] users: query 'top_global' removed (documentation only)
-- SG106 [safe] users: query 'inactive' removed (documentation only)
-- SG106 [safe] guild_members: query 'member_stats' removed (documentation only)
-- SG106 [safe] guild_members: query 'leaderboard' removed (documentation only)
-- SG106 [safe] guild_members: query 'richest' removed (documentation only)
-- SG106 [safe] guild_config: query 'server_config' removed (documentation only)
-- SG106 [safe] warnings: query 'active_warnings' removed (documentation only)
-- SG106 [safe] warnings: query 'count_per_user' removed (documentation only)
-- SG605 [incompatible] mod_actions: readers changed
-- SG106 [safe] mod_actions: query 'history' removed (documentation only)
-- SG106 [safe] mod_actions: query 'active_moderators' removed (documentation only)
-- SG106 [safe] mod_actions: query 'action_types' removed (documentation only)
-- SG106 [safe] temp_punishments: query 'expired' removed (documentation only)
-- SG106 [safe] temp_punishments: query 'lift' removed (documentation only)
-- SG605 [incompatible] transactions: readers changed
-- SG106 [safe] transactions: query 'history' removed (documentation only)
-- SG106 [safe] transactions: query 'daily_generation' removed (documentation only)
-- SG106 [safe] transactions: query 'gambling_losses' removed (documentation only)

PRAGMA foreign_keys = OFF;

BEGIN;
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 5;
