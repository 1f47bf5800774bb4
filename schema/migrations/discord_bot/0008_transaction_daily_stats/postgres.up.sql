-- SG602 [safe] transactions_archive: rule removed: delete after 365d by created_at where created_at is not null
-- SG601 [destructive] transactions_archive: rule added, its job adds rows into transaction_daily_stats and deletes them: delete after 365d by created_at where created_at is not null roll up into transaction_daily_stats by guild_id, transaction_type, day = day(created_at) add transactions = count, amount = sum(amount)
-- SG101 [safe] table transaction_daily_stats added

SET lock_timeout = '5s';

-- Applied migrations (schemagen migrate): per schema, the version, its folder, the SHA-256 of its schema, when.
CREATE TABLE IF NOT EXISTS "schemagen_migrations" (
  "schema_name" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "name" TEXT NOT NULL,
  "checksum" CHAR(64) NOT NULL,
  "applied_at" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY ("schema_name", "version")
);

BEGIN;
CREATE TYPE "transaction_daily_stats_transaction_type" AS ENUM ('daily', 'work', 'gamble', 'transfer', 'purchase');
-- Economy totals per guild, day and transaction type: what is left of transactions after a year.
CREATE TABLE "transaction_daily_stats" (
  "guild_id" bigint NOT NULL,
  "transaction_type" "transaction_daily_stats_transaction_type" NOT NULL,
  "day" date NOT NULL,
  "transactions" bigint NOT NULL DEFAULT 0,
  "amount" bigint NOT NULL DEFAULT 0,
  PRIMARY KEY ("guild_id", "day", "transaction_type")
);
COMMENT ON TABLE "transaction_daily_stats" IS 'Economy totals per guild, day and transaction type: what is left of transactions after a year.';
COMMENT ON COLUMN "transaction_daily_stats"."transaction_type" IS 'daily, work, gamble, transfer, purchase';
COMMENT ON COLUMN "transaction_daily_stats"."day" IS 'The UTC day of the transactions'' created_at.';
COMMENT ON COLUMN "transaction_daily_stats"."transactions" IS 'How many transactions of that day and type.';
COMMENT ON COLUMN "transaction_daily_stats"."amount" IS 'Their amounts added up.';
REVOKE ALL ON "users" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "guild_members" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "guild_members_archive" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "guild_config" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "warnings" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "mod_actions" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "temp_punishments" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "transactions" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "transactions_archive" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "custom_commands" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "reminders" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "command_stats" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "schema_version" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
DO $$
DECLARE
  role_name text;
  marker constant text := 'schemagen role of schema discord_bot';
  existing pg_catalog.pg_roles%ROWTYPE;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['discord_bot.activity', 'discord_bot.admin', 'discord_bot.aggregation', 'discord_bot.analytics', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp', 'discord_bot:retention'] LOOP
    SELECT * INTO existing FROM pg_catalog.pg_roles WHERE rolname = role_name;
    IF NOT FOUND THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXECUTE format('COMMENT ON ROLE %I IS %L', role_name, marker);
    ELSIF pg_catalog.shobj_description(existing.oid, 'pg_authid') IS DISTINCT FROM marker
        OR existing.rolcanlogin OR existing.rolsuper OR existing.rolcreaterole OR existing.rolcreatedb
        OR existing.rolreplication OR existing.rolbypassrls THEN
      RAISE EXCEPTION 'role % exists but is not a role this schema created', role_name
        USING HINT = format('drop it, or adopt it as a NOLOGIN role with COMMENT ON ROLE %I IS %L', role_name, marker);
    END IF;
  END LOOP;
END
$$;

GRANT SELECT, UPDATE ON "users" TO "discord_bot.activity", "discord_bot.global_xp";
GRANT SELECT ON "users" TO "discord_bot.admin", "discord_bot.economy", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, DELETE ON "users" TO "discord_bot.gdpr";
GRANT SELECT, INSERT ON "users" TO "discord_bot.registration";

GRANT SELECT ON "guild_members" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup";
GRANT SELECT, UPDATE ON "guild_members" TO "discord_bot.economy", "discord_bot.xp";
GRANT SELECT, DELETE ON "guild_members" TO "discord_bot.gdpr";
GRANT SELECT, INSERT, DELETE ON "guild_members" TO "discord_bot.member_events";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"guild_members"', 'id'), 'discord_bot.member_events');
END
$$;

GRANT SELECT ON "guild_members_archive" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, DELETE ON "guild_members_archive" TO "discord_bot.gdpr";
GRANT SELECT, INSERT ON "guild_members_archive" TO "discord_bot.maintenance";

GRANT SELECT ON "guild_config" TO "discord_bot.activity", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.xp";
GRANT SELECT, UPDATE ON "guild_config" TO "discord_bot.admin";
GRANT SELECT, DELETE ON "guild_config" TO "discord_bot.guild_events";
GRANT SELECT, INSERT, UPDATE ON "guild_config" TO "discord_bot.setup";

GRANT SELECT ON "warnings" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation.mute", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, UPDATE, DELETE ON "warnings" TO "discord_bot.maintenance";
GRANT SELECT, INSERT ON "warnings" TO "discord_bot.moderation";
GRANT SELECT, UPDATE ON "warnings" TO "discord_bot.moderation.pardon";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"warnings"', 'id'), 'discord_bot.moderation');
END
$$;

GRANT SELECT ON "mod_actions" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.analytics", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT ON "mod_actions" TO "discord_bot.moderation";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"mod_actions"', 'id'), 'discord_bot.moderation');
END
$$;

GRANT SELECT ON "temp_punishments" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.pardon", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT ON "temp_punishments" TO "discord_bot.moderation.mute", "discord_bot.moderation.tempban";
GRANT SELECT, DELETE ON "temp_punishments" TO "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I, %I',
    pg_get_serial_sequence('"temp_punishments"', 'id'), 'discord_bot.moderation.mute', 'discord_bot.moderation.tempban');
END
$$;

GRANT SELECT ON "transactions" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT ON "transactions" TO "discord_bot.economy";
GRANT SELECT, DELETE ON "transactions" TO "discord_bot.maintenance";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"transactions"', 'id'), 'discord_bot.economy');
END
$$;

GRANT SELECT ON "transactions_archive" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT, UPDATE, DELETE ON "transactions_archive" TO "discord_bot.maintenance";

GRANT SELECT ON "transaction_daily_stats" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.aggregation", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT, UPDATE, DELETE ON "transaction_daily_stats" TO "discord_bot.maintenance";

GRANT SELECT, INSERT, UPDATE, DELETE ON "custom_commands" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I',
    pg_get_serial_sequence('"custom_commands"', 'id'), 'discord_bot.activity', 'discord_bot.admin', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp');
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON "reminders" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I',
    pg_get_serial_sequence('"reminders"', 'id'), 'discord_bot.activity', 'discord_bot.admin', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp');
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON "command_stats" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I',
    pg_get_serial_sequence('"command_stats"', 'id'), 'discord_bot.activity', 'discord_bot.admin', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp');
END
$$;

GRANT SELECT ON "schema_version" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT, UPDATE, DELETE ON "schema_version" TO "discord_bot.migrations";

-- The retention job's role.
GRANT SELECT ON "users" TO "discord_bot:retention";
GRANT SELECT, DELETE ON "guild_members" TO "discord_bot:retention";
GRANT SELECT, INSERT ON "guild_members_archive" TO "discord_bot:retention";
GRANT SELECT, DELETE ON "warnings" TO "discord_bot:retention";
GRANT UPDATE ("active") ON "warnings" TO "discord_bot:retention";
GRANT SELECT, DELETE ON "transactions" TO "discord_bot:retention";
GRANT SELECT, INSERT, DELETE ON "transactions_archive" TO "discord_bot:retention";
GRANT SELECT, INSERT ON "transaction_daily_stats" TO "discord_bot:retention";
GRANT UPDATE ("transactions", "amount") ON "transaction_daily_stats" TO "discord_bot:retention";

DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I', current_database(), 'discord_bot.activity', 'discord_bot.admin', 'discord_bot.aggregation', 'discord_bot.analytics', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp', 'discord_bot:retention');
END
$$;
COMMIT;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 8, '0008_transaction_daily_stats', 'b7ab18676b8e9dbe65314ad33c91f6c6789d8cd1db5f6f7206efef923e8ccce3');
