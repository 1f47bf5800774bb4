-- SG402 [incompatible] enum SummaryType dropped
-- SG102 [destructive, incompatible, irreversible] table chats dropped with its data
-- SG102 [destructive, incompatible, irreversible] table users dropped with its data
-- SG102 [destructive, incompatible, irreversible] table messages dropped with its data
-- SG102 [destructive, incompatible, irreversible] table summaries dropped with its data
-- SG102 [destructive, incompatible, irreversible] table user_memories dropped with its data
-- SG102 [destructive, incompatible, irreversible] table user_restrictions dropped with its data
-- SG102 [destructive, incompatible, irreversible] table access_list dropped with its data
-- SG102 [destructive, incompatible, irreversible] table rate_limits dropped with its data

PRAGMA foreign_keys = OFF;

BEGIN;
DROP TABLE "rate_limits";
DROP TABLE "access_list";
DROP TABLE "user_restrictions";
DROP TABLE "user_memories";
DROP TABLE "summaries";
DROP TABLE "messages";
DROP TRIGGER IF EXISTS "trg_users_updated_at_on_update";
DROP TABLE "users";
DROP TRIGGER IF EXISTS "trg_chats_updated_at_on_update";
DROP TABLE "chats";
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'gryag_bot' AND "version" = 1;
