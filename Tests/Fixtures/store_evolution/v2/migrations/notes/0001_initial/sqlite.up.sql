-- SG401 [safe] enum Mood added
-- SG501 [safe] type QuietHours added
-- SG101 [safe] table notes added

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
CREATE TABLE "notes" (
  "id" INTEGER NOT NULL PRIMARY KEY,
  "title" TEXT NOT NULL,
  "mood" TEXT NOT NULL,
  "quiet" TEXT NOT NULL,
  "created_at" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_notes_mood" CHECK ("mood" IN ('happy', 'grumpy')),
  CONSTRAINT "ck_notes_quiet" CHECK (json_valid("quiet") AND json_type("quiet") = 'object'),
  CONSTRAINT "ck_notes_created_at" CHECK (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))
);
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('notes', 1, '0001_initial', 'f2f90c7052eb8278fb28bf2fb891f1727e9ac5c06b5d56f755d8a49680a51daa');
