-- SG212 [data-dependent] guild_members.guild_id now references guild_config.guild_id on delete cascade
-- SG304 [safe] warnings: index idx_warnings_guild_active dropped
-- SG602 [safe] warnings: rule removed: delete after 365d by created_at
-- SG601 [safe] warnings: rule added: archive after 365d by created_at into warnings_archive
-- SG105 [safe] warnings: documentation changed
-- SG101 [safe] table warnings_archive added
-- SG304 [safe] mod_actions: index idx_mod_actions_target dropped
-- SG304 [safe] transactions: index idx_transactions_guild_time dropped
-- SG304 [safe] transactions: index idx_transactions_type_time dropped
-- SG203 [destructive, incompatible, irreversible] schema_version.id dropped with its data
-- SG301 [data-dependent, incompatible, locking] schema_version: primary key (id) → (version)
-- SG105 [safe] schema_version: documentation changed

SET lock_timeout = '5s';

BEGIN;
DROP INDEX "idx_warnings_guild_active";
DROP INDEX "idx_warnings_created_at";
DROP INDEX "idx_mod_actions_target";
DROP INDEX "idx_transactions_guild_time";
DROP INDEX "idx_transactions_type_time";
DO $$
BEGIN
  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', '"schema_version"',
    (SELECT conname FROM pg_catalog.pg_constraint
     WHERE conrelid = '"schema_version"'::regclass AND contype = 'p'));
END
$$;
ALTER TABLE "schema_version" DROP COLUMN "id";
ALTER TABLE "schema_version" ADD PRIMARY KEY ("version");
-- Archived warnings (older than 1 year), kept until day 730 of the warning lifecycle.
CREATE TABLE "warnings_archive" (
  "id" bigint NOT NULL PRIMARY KEY,
  "user_id" bigint NOT NULL,
  "guild_id" bigint NOT NULL,
  "moderator_id" bigint NOT NULL,
  "reason" text,
  "created_at" timestamptz DEFAULT CURRENT_TIMESTAMP,
  "expires_at" timestamptz,
  "active" boolean DEFAULT true
);
COMMENT ON TABLE "warnings_archive" IS 'Archived warnings (older than 1 year), kept until day 730 of the warning lifecycle.';
-- For the retention job: delete after 730d by created_at
CREATE INDEX "idx_warnings_archive_created_at" ON "warnings_archive" ("created_at");
ALTER TABLE "guild_members" ADD CONSTRAINT "fk_guild_members_guild_id" FOREIGN KEY ("guild_id") REFERENCES "guild_config" ("guild_id") ON DELETE CASCADE NOT VALID;
REVOKE ALL ON "users" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "guild_members" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "guild_config" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "warnings" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "mod_actions" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "temp_punishments" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "transactions" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "transactions_archive" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "custom_commands" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "reminders" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "command_stats" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
REVOKE ALL ON "schema_version" FROM "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp", "discord_bot:retention";
DO $$
DECLARE
  role_name text;
  marker constant text := 'schemagen role of schema discord_bot';
  existing pg_catalog.pg_roles%ROWTYPE;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['discord_bot.activity', 'discord_bot.admin', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp', 'discord_bot:retention'] LOOP
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

GRANT SELECT ON "guild_members" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup";
GRANT SELECT, UPDATE ON "guild_members" TO "discord_bot.economy", "discord_bot.xp";
GRANT SELECT, INSERT, DELETE ON "guild_members" TO "discord_bot.member_events";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"guild_members"', 'id'), 'discord_bot.member_events');
END
$$;

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

GRANT SELECT ON "warnings_archive" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
GRANT SELECT, INSERT, UPDATE, DELETE ON "warnings_archive" TO "discord_bot.maintenance";

GRANT SELECT ON "mod_actions" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.economy", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.maintenance", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
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

GRANT SELECT ON "transactions" TO "discord_bot.activity", "discord_bot.admin", "discord_bot.gdpr", "discord_bot.global_xp", "discord_bot.guild_events", "discord_bot.member_events", "discord_bot.migrations", "discord_bot.moderation", "discord_bot.moderation.mute", "discord_bot.moderation.pardon", "discord_bot.moderation.tempban", "discord_bot.moderation.unban", "discord_bot.moderation.unmute", "discord_bot.punishment_expiry", "discord_bot.registration", "discord_bot.setup", "discord_bot.xp";
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
GRANT SELECT, DELETE ON "warnings" TO "discord_bot:retention";
GRANT UPDATE ("active") ON "warnings" TO "discord_bot:retention";
GRANT SELECT, INSERT, DELETE ON "warnings_archive" TO "discord_bot:retention";
GRANT SELECT, DELETE ON "temp_punishments" TO "discord_bot:retention";
GRANT SELECT, DELETE ON "transactions" TO "discord_bot:retention";
GRANT SELECT, INSERT, DELETE ON "transactions_archive" TO "discord_bot:retention";

DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I, %I', current_database(), 'discord_bot.activity', 'discord_bot.admin', 'discord_bot.economy', 'discord_bot.gdpr', 'discord_bot.global_xp', 'discord_bot.guild_events', 'discord_bot.maintenance', 'discord_bot.member_events', 'discord_bot.migrations', 'discord_bot.moderation', 'discord_bot.moderation.mute', 'discord_bot.moderation.pardon', 'discord_bot.moderation.tempban', 'discord_bot.moderation.unban', 'discord_bot.moderation.unmute', 'discord_bot.punishment_expiry', 'discord_bot.registration', 'discord_bot.setup', 'discord_bot.xp', 'discord_bot:retention');
END
$$;
DROP TYPE "schema_version_id";
COMMIT;

-- Outside the transaction: built without blocking writers.
ALTER TABLE "guild_members" VALIDATE CONSTRAINT "fk_guild_members_guild_id";
-- For the retention job: deactivate after 90d by created_at set active = false; archive after 365d by created_at into warnings_archive
CREATE INDEX CONCURRENTLY "idx_warnings_created_at" ON "warnings" ("created_at");

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 2;
