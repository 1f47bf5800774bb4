-- SG102 [destructive, incompatible, irreversible] table users dropped with its data
-- SG102 [destructive, incompatible, irreversible] table guild_members dropped with its data
-- SG102 [destructive, incompatible, irreversible] table guild_config dropped with its data
-- SG102 [destructive, incompatible, irreversible] table warnings dropped with its data
-- SG102 [destructive, incompatible, irreversible] table warnings_archive dropped with its data
-- SG102 [destructive, incompatible, irreversible] table mod_actions dropped with its data
-- SG102 [destructive, incompatible, irreversible] table temp_punishments dropped with its data
-- SG102 [destructive, incompatible, irreversible] table transactions dropped with its data
-- SG102 [destructive, incompatible, irreversible] table transactions_archive dropped with its data
-- SG102 [destructive, incompatible, irreversible] table custom_commands dropped with its data
-- SG102 [destructive, incompatible, irreversible] table reminders dropped with its data
-- SG102 [destructive, incompatible, irreversible] table command_stats dropped with its data
-- SG102 [destructive, incompatible, irreversible] table schema_version dropped with its data

PRAGMA foreign_keys = OFF;

BEGIN;
DROP TABLE "schema_version";
DROP TABLE "command_stats";
DROP TABLE "reminders";
DROP TABLE "custom_commands";
DROP TABLE "transactions_archive";
DROP TABLE "transactions";
DROP TABLE "temp_punishments";
DROP TRIGGER IF EXISTS "trg_mod_actions_no_update";
DROP TRIGGER IF EXISTS "trg_mod_actions_no_delete";
DROP TRIGGER IF EXISTS "trg_mod_actions_no_replace";
DROP TABLE "mod_actions";
DROP TABLE "warnings_archive";
DROP TABLE "warnings";
DROP TABLE "guild_members";
DROP TRIGGER IF EXISTS "trg_guild_config_updated_at_on_update";
DROP TABLE "guild_config";
DROP TABLE "users";
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 1;
