-- SG402 [incompatible] enum SummaryType dropped
-- SG102 [destructive, incompatible, irreversible] table chats dropped with its data
-- SG102 [destructive, incompatible, irreversible] table users dropped with its data
-- SG102 [destructive, incompatible, irreversible] table messages dropped with its data
-- SG102 [destructive, incompatible, irreversible] table summaries dropped with its data
-- SG102 [destructive, incompatible, irreversible] table user_memories dropped with its data
-- SG102 [destructive, incompatible, irreversible] table user_restrictions dropped with its data
-- SG102 [destructive, incompatible, irreversible] table access_list dropped with its data
-- SG102 [destructive, incompatible, irreversible] table rate_limits dropped with its data

SET lock_timeout = '5s';

BEGIN;
DROP TABLE "rate_limits";
DROP TABLE "access_list";
DROP TABLE "user_restrictions";
DROP TABLE "user_memories";
DROP TABLE "summaries";
DROP TABLE "messages";
DROP TRIGGER IF EXISTS "trg_users_touch" ON "users";
DROP FUNCTION IF EXISTS public."touch_users"();
DROP TABLE "users";
DROP TRIGGER IF EXISTS "trg_chats_touch" ON "chats";
DROP FUNCTION IF EXISTS public."touch_chats"();
DROP TABLE "chats";
DROP TYPE "SummaryType";
DROP TYPE "chats_chat_type";
DROP TYPE "user_restrictions_restriction_type";
DROP TYPE "access_list_entity_type";
DROP TYPE "access_list_list_type";
COMMIT;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'gryag_bot' AND "version" = 1;
