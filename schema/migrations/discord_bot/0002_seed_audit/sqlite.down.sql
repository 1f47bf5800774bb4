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

PRAGMA foreign_keys = OFF;

BEGIN;
DROP INDEX "idx_warnings_guild_active";
DROP INDEX "idx_warnings_created_at";
DROP INDEX "idx_mod_actions_target";
DROP INDEX "idx_transactions_guild_time";
DROP INDEX "idx_transactions_type_time";
-- Rebuild guild_members: SQLite cannot alter these columns in place.
-- User data specific to each guild: per-server progression and currency.
CREATE TABLE "new_guild_members" (
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
INSERT INTO "new_guild_members" ("id", "user_id", "guild_id", "xp", "level", "coins", "joined_at")
  SELECT "id", "user_id", "guild_id", "xp", "level", "coins", "joined_at" FROM "guild_members";
DROP TABLE "guild_members";
ALTER TABLE "new_guild_members" RENAME TO "guild_members";
CREATE UNIQUE INDEX "uq_guild_members_user_id_guild_id" ON "guild_members" ("user_id", "guild_id");
CREATE INDEX "idx_guild_members_guild" ON "guild_members" ("guild_id");
CREATE INDEX "idx_guild_members_user" ON "guild_members" ("user_id");
CREATE INDEX "idx_guild_members_leaderboard" ON "guild_members" ("guild_id", "xp" DESC);
CREATE INDEX "idx_guild_members_richest" ON "guild_members" ("guild_id", "coins" DESC);
-- Rebuild schema_version: SQLite cannot alter these columns in place.
-- Schema version of the database, read and written by the migration runner.
CREATE TABLE "new_schema_version" (
  "version" INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO "new_schema_version" ("version")
  SELECT "version" FROM "schema_version";
DROP TABLE "schema_version";
ALTER TABLE "new_schema_version" RENAME TO "schema_version";
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
-- For the retention job: deactivate after 90d by created_at set active = false; archive after 365d by created_at into warnings_archive
CREATE INDEX "idx_warnings_created_at" ON "warnings" ("created_at");
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 2;
