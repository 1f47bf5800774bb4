-- SG601 [safe] guild_members: rule added, rows move by users.last_seen: archive after 180d by user_id -> users.last_seen into guild_members_archive
-- SG101 [safe] table guild_members_archive added

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
-- Memberships of users inactive for more than 6 months, moved by the daily maintenance task.
CREATE TABLE "guild_members_archive" (
  "id" INTEGER NOT NULL PRIMARY KEY,
  "user_id" INTEGER NOT NULL,
  "guild_id" INTEGER NOT NULL,
  "xp" INTEGER DEFAULT 0,
  "level" INTEGER DEFAULT 1,
  "coins" INTEGER DEFAULT 0,
  "joined_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_guild_members_archive_joined_at" CHECK ("joined_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "joined_at") IS substr("joined_at", 1, 19) AND (length("joined_at") = 19 OR (substr("joined_at", 20, 1) = '.' AND length("joined_at") > 20 AND substr("joined_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_guild_members_archive_user_id" ON "guild_members_archive" ("user_id");
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 7, '0007_inactive_member_archive', '1b95697106a0f769cab3d7eb2c97ae9c73b827a679a9c6d2d0db20ab0dc604b0');
