-- SG101 [safe] table users added
-- SG101 [safe] table guild_members added
-- SG101 [safe] table guild_config added
-- SG101 [safe] table warnings added
-- SG101 [safe] table warnings_archive added
-- SG101 [safe] table mod_actions added
-- SG101 [safe] table temp_punishments added
-- SG101 [safe] table transactions added
-- SG101 [safe] table transactions_archive added
-- SG101 [safe] table custom_commands added
-- SG101 [safe] table reminders added
-- SG101 [safe] table command_stats added
-- SG101 [safe] table schema_version added

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
-- Core user data across all guilds: the global user registry.
CREATE TABLE "users" (
  "user_id" INTEGER NOT NULL PRIMARY KEY,
  "username" TEXT NOT NULL,
  "global_xp" INTEGER DEFAULT 0,
  "global_level" INTEGER DEFAULT 1,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  "last_seen" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_users_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_users_last_seen" CHECK ("last_seen" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "last_seen") IS substr("last_seen", 1, 19) AND (length("last_seen") = 19 OR (substr("last_seen", 20, 1) = '.' AND length("last_seen") > 20 AND substr("last_seen", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_users_global_xp" ON "users" ("global_xp" DESC);
CREATE INDEX "idx_users_last_seen" ON "users" ("last_seen");
-- Per-server settings: the "personality" of how the bot behaves in that server.
CREATE TABLE "guild_config" (
  "guild_id" INTEGER NOT NULL PRIMARY KEY,
  "prefix" TEXT DEFAULT '!',
  "welcome_channel_id" INTEGER,
  "log_channel_id" INTEGER,
  "mute_role_id" INTEGER,
  "auto_role_id" INTEGER,
  "xp_enabled" INTEGER DEFAULT 1,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_guild_config_xp_enabled" CHECK ("xp_enabled" IS NULL OR ("xp_enabled" IN (0, 1))),
  CONSTRAINT "ck_guild_config_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_guild_config_updated_at" CHECK ("updated_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "updated_at") IS substr("updated_at", 1, 19) AND (length("updated_at") = 19 OR (substr("updated_at", 20, 1) = '.' AND length("updated_at") > 20 AND substr("updated_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE TRIGGER "trg_guild_config_updated_at_on_update" AFTER UPDATE ON "guild_config"
FOR EACH ROW WHEN NEW."updated_at" IS OLD."updated_at"
BEGIN
  UPDATE "guild_config" SET "updated_at" = CURRENT_TIMESTAMP WHERE "guild_id" = NEW."guild_id";
END;
-- User data specific to each guild: per-server progression and currency.
CREATE TABLE "guild_members" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  "xp" INTEGER DEFAULT 0,
  "level" INTEGER DEFAULT 1,
  "coins" INTEGER DEFAULT 0,
  "joined_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fk_guild_members_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id") ON DELETE CASCADE,
  CONSTRAINT "fk_guild_members_guild_id" FOREIGN KEY ("guild_id") REFERENCES "guild_config" ("guild_id") ON DELETE CASCADE,
  CONSTRAINT "ck_guild_members_joined_at" CHECK ("joined_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "joined_at") IS substr("joined_at", 1, 19) AND (length("joined_at") = 19 OR (substr("joined_at", 20, 1) = '.' AND length("joined_at") > 20 AND substr("joined_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE UNIQUE INDEX "uq_guild_members_user_id_guild_id" ON "guild_members" ("user_id", "guild_id");
CREATE INDEX "idx_guild_members_guild" ON "guild_members" ("guild_id");
CREATE INDEX "idx_guild_members_user" ON "guild_members" ("user_id");
CREATE INDEX "idx_guild_members_leaderboard" ON "guild_members" ("guild_id", "xp" DESC);
CREATE INDEX "idx_guild_members_richest" ON "guild_members" ("guild_id", "coins" DESC);
-- Moderation warnings: disciplinary records of rule violations (user infractions).
CREATE TABLE "warnings" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  "moderator_id" INTEGER NOT NULL,
  "reason" TEXT,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TEXT,
  "active" INTEGER DEFAULT 1,
  CONSTRAINT "ck_warnings_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_warnings_expires_at" CHECK ("expires_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "expires_at") IS substr("expires_at", 1, 19) AND (length("expires_at") = 19 OR (substr("expires_at", 20, 1) = '.' AND length("expires_at") > 20 AND substr("expires_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_warnings_active" CHECK ("active" IS NULL OR ("active" IN (0, 1)))
);
CREATE INDEX "idx_warnings_user_guild" ON "warnings" ("user_id", "guild_id", "active");
-- For the retention job: deactivate after 90d by created_at set active = false; archive after 365d by created_at into warnings_archive
CREATE INDEX "idx_warnings_created_at" ON "warnings" ("created_at");
-- Archived warnings (older than 1 year), kept until day 730 of the warning lifecycle.
CREATE TABLE "warnings_archive" (
  "id" INTEGER NOT NULL PRIMARY KEY,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  "moderator_id" INTEGER NOT NULL,
  "reason" TEXT,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TEXT,
  "active" INTEGER DEFAULT 1,
  CONSTRAINT "ck_warnings_archive_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_warnings_archive_expires_at" CHECK ("expires_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "expires_at") IS substr("expires_at", 1, 19) AND (length("expires_at") = 19 OR (substr("expires_at", 20, 1) = '.' AND length("expires_at") > 20 AND substr("expires_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_warnings_archive_active" CHECK ("active" IS NULL OR ("active" IN (0, 1)))
);
-- For the retention job: delete after 730d by created_at
CREATE INDEX "idx_warnings_archive_created_at" ON "warnings_archive" ("created_at");
-- Moderation actions: complete, permanent moderation log.
CREATE TABLE "mod_actions" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "guild_id" INTEGER NOT NULL,
  "moderator_id" INTEGER NOT NULL,
  "target_id" INTEGER NOT NULL,
  -- kick, ban, mute, warn, unmute, unban
  "action_type" TEXT NOT NULL,
  "reason" TEXT,
  -- Duration in seconds for temporary actions
  "duration" INTEGER,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_mod_actions_action_type" CHECK ("action_type" IN ('kick', 'ban', 'mute', 'warn', 'unmute', 'unban')),
  CONSTRAINT "ck_mod_actions_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_mod_actions_guild" ON "mod_actions" ("guild_id", "created_at");
CREATE TRIGGER "trg_mod_actions_no_update" BEFORE UPDATE ON "mod_actions"
BEGIN
  SELECT RAISE(ABORT, 'mod_actions is append-only: UPDATE is not allowed');
END;
CREATE TRIGGER "trg_mod_actions_no_delete" BEFORE DELETE ON "mod_actions"
BEGIN
  SELECT RAISE(ABORT, 'mod_actions is append-only: DELETE is not allowed');
END;
CREATE TRIGGER "trg_mod_actions_no_replace" BEFORE INSERT ON "mod_actions"
FOR EACH ROW WHEN EXISTS (SELECT 1 FROM "mod_actions" WHERE ("id" = NEW."id"))
BEGIN
  SELECT RAISE(ABORT, 'mod_actions is append-only: REPLACE is not allowed');
END;
-- Temporary punishments: active mutes and bans with expiry.
CREATE TABLE "temp_punishments" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  -- mute, ban
  "punishment_type" TEXT NOT NULL,
  "expires_at" TEXT NOT NULL,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_temp_punishments_punishment_type" CHECK ("punishment_type" IN ('mute', 'ban')),
  CONSTRAINT "ck_temp_punishments_expires_at" CHECK (strftime('%Y-%m-%d %H:%M:%S', "expires_at") IS substr("expires_at", 1, 19) AND (length("expires_at") = 19 OR (substr("expires_at", 20, 1) = '.' AND length("expires_at") > 20 AND substr("expires_at", 21) NOT GLOB '*[^0-9]*'))),
  CONSTRAINT "ck_temp_punishments_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE UNIQUE INDEX "uq_temp_punishments_user_id_guild_id_punishment_type" ON "temp_punishments" ("user_id", "guild_id", "punishment_type");
CREATE INDEX "idx_temp_punishments_expires" ON "temp_punishments" ("expires_at");
-- Economy transactions: money movement history.
CREATE TABLE "transactions" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  "amount" INTEGER NOT NULL,
  -- daily, work, gamble, transfer, purchase
  "transaction_type" TEXT NOT NULL,
  "description" TEXT,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_transactions_transaction_type" CHECK ("transaction_type" IN ('daily', 'work', 'gamble', 'transfer', 'purchase')),
  CONSTRAINT "ck_transactions_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_transactions_user" ON "transactions" ("user_id", "guild_id");
-- For the retention job: archive after 90d by created_at into transactions_archive
CREATE INDEX "idx_transactions_created_at" ON "transactions" ("created_at");
-- Archived transactions (older than 90 days), moved by the daily maintenance task.
CREATE TABLE "transactions_archive" (
  "id" INTEGER NOT NULL PRIMARY KEY,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  "amount" INTEGER NOT NULL,
  -- daily, work, gamble, transfer, purchase
  "transaction_type" TEXT NOT NULL,
  "description" TEXT,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_transactions_archive_transaction_type" CHECK ("transaction_type" IN ('daily', 'work', 'gamble', 'transfer', 'purchase')),
  CONSTRAINT "ck_transactions_archive_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
-- For the retention job: delete after 365d by created_at
CREATE INDEX "idx_transactions_archive_created_at" ON "transactions_archive" ("created_at");
-- Custom commands: user-created server commands.
CREATE TABLE "custom_commands" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "guild_id" INTEGER NOT NULL,
  "command_name" TEXT NOT NULL,
  "response" TEXT NOT NULL,
  "creator_id" INTEGER NOT NULL,
  "uses" INTEGER DEFAULT 0,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_custom_commands_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE UNIQUE INDEX "uq_custom_commands_guild_id_command_name" ON "custom_commands" ("guild_id", "command_name");
-- Reminders: user-scheduled reminders.
CREATE TABLE "reminders" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "user_id" INTEGER NOT NULL,
  "channel_id" INTEGER NOT NULL,
  "message" TEXT NOT NULL,
  "remind_at" TEXT NOT NULL,
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  "completed" INTEGER DEFAULT 0,
  CONSTRAINT "ck_reminders_remind_at" CHECK (strftime('%Y-%m-%d %H:%M:%S', "remind_at") IS substr("remind_at", 1, 19) AND (length("remind_at") = 19 OR (substr("remind_at", 20, 1) = '.' AND length("remind_at") > 20 AND substr("remind_at", 21) NOT GLOB '*[^0-9]*'))),
  CONSTRAINT "ck_reminders_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_reminders_completed" CHECK ("completed" IS NULL OR ("completed" IN (0, 1)))
);
CREATE INDEX "idx_reminders_time" ON "reminders" ("remind_at", "completed");
-- Command stats: usage analytics.
CREATE TABLE "command_stats" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "command_name" TEXT NOT NULL,
  "guild_id" INTEGER,
  "user_id" INTEGER NOT NULL,
  "executed_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_command_stats_executed_at" CHECK ("executed_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "executed_at") IS substr("executed_at", 1, 19) AND (length("executed_at") = 19 OR (substr("executed_at", 20, 1) = '.' AND length("executed_at") > 20 AND substr("executed_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_command_stats_time" ON "command_stats" ("executed_at");
-- Schema version of the database, read and written by the migration runner.
CREATE TABLE "schema_version" (
  "version" INTEGER NOT NULL PRIMARY KEY
);
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 1, '0001_initial', '013b1816111fec9502f8f85fd2c3b336c89c03490c1f43f19bc0848ccc821410');
