-- SG213 [safe] guild_members.guild_id no longer references guild_config.guild_id on delete cascade
-- SG302 [locking] warnings: index idx_warnings_guild_active (guild_id, active, user_id) added
-- SG602 [safe] warnings: rule removed: archive after 365d by created_at into warnings_archive
-- SG601 [destructive] warnings: rule added, its job deletes rows: delete after 365d by created_at
-- SG105 [safe] warnings: documentation changed
-- SG302 [locking] mod_actions: index idx_mod_actions_target (target_id, guild_id, created_at) added
-- SG302 [locking] transactions: index idx_transactions_guild_time (guild_id, created_at) added
-- SG302 [locking] transactions: index idx_transactions_type_time (transaction_type, created_at) added
-- SG201 [safe] schema_version.id enum(current) added
-- SG301 [data-dependent, incompatible, locking] schema_version: primary key (version) → (id)
-- SG105 [safe] schema_version: documentation changed
-- SG102 [destructive, incompatible, irreversible] table warnings_archive dropped with its data

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
DROP INDEX "idx_warnings_created_at";
DROP TABLE "warnings_archive";
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
  "id" TEXT NOT NULL DEFAULT 'current' PRIMARY KEY,
  "version" INTEGER NOT NULL,
  CONSTRAINT "ck_schema_version_id" CHECK ("id" IN ('current'))
);
INSERT INTO "new_schema_version" ("version")
  SELECT "version" FROM "schema_version";
DROP TABLE "schema_version";
ALTER TABLE "new_schema_version" RENAME TO "schema_version";
CREATE INDEX "idx_warnings_guild_active" ON "warnings" ("guild_id", "active", "user_id");
-- For the retention job: deactivate after 90d by created_at set active = false; delete after 365d by created_at
CREATE INDEX "idx_warnings_created_at" ON "warnings" ("created_at");
CREATE INDEX "idx_mod_actions_target" ON "mod_actions" ("target_id", "guild_id", "created_at" DESC);
CREATE INDEX "idx_transactions_guild_time" ON "transactions" ("guild_id", "created_at");
CREATE INDEX "idx_transactions_type_time" ON "transactions" ("transaction_type", "created_at");
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 2, '0002_seed_audit', '91c61fb9d90e8939a4187e69613d3520f5cda76453b5bbe9b71648ebedf1326b');
