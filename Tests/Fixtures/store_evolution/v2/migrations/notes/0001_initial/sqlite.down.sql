-- SG402 [incompatible] enum Mood dropped
-- SG502 [destructive, incompatible, irreversible] type QuietHours dropped
-- SG102 [destructive, incompatible, irreversible] table notes dropped with its data

PRAGMA foreign_keys = OFF;

BEGIN;
DROP TABLE "notes";
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'notes' AND "version" = 1;
