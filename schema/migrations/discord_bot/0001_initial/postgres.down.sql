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

SET lock_timeout = '5s';

BEGIN;
DROP TABLE "schema_version";
DROP TABLE "command_stats";
DROP TABLE "reminders";
DROP TABLE "custom_commands";
DROP TABLE "transactions_archive";
DROP TABLE "transactions";
DROP TABLE "temp_punishments";
DROP TRIGGER IF EXISTS "trg_mod_actions_append_only" ON "mod_actions";
DROP TRIGGER IF EXISTS "trg_mod_actions_no_truncate" ON "mod_actions";
DROP TABLE "mod_actions";
DROP TABLE "warnings_archive";
DROP TABLE "warnings";
DROP TABLE "guild_members";
DROP TRIGGER IF EXISTS "trg_guild_config_touch" ON "guild_config";
DROP FUNCTION IF EXISTS public."touch_guild_config"();
DROP TABLE "guild_config";
DROP TABLE "users";
DROP TYPE "mod_actions_action_type";
DROP TYPE "temp_punishments_punishment_type";
DROP TYPE "transactions_transaction_type";
DROP FUNCTION IF EXISTS "schemagen_reject_append_only_change"();
COMMIT;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 1;
