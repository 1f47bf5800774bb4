-- SG801 [safe] targets: postgres, sqlite → postgres
-- SG219 [incompatible, locking] chats.chat_type: stored in SQL as varchar(20) instead of the default
-- SG219 [incompatible, locking] chats.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] chats.updated_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] users.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] users.updated_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] messages.id: stored in SQL as serial instead of the default
-- SG219 [incompatible, locking] messages.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] summaries.id: stored in SQL as serial instead of the default
-- SG219 [incompatible, locking] summaries.summary_type: stored in SQL as varchar(20) instead of the default
-- SG219 [incompatible, locking] summaries.period_start: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] summaries.period_end: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] summaries.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] user_memories.id: stored in SQL as serial instead of the default
-- SG219 [incompatible, locking] user_memories.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] user_restrictions.id: stored in SQL as serial instead of the default
-- SG219 [incompatible, locking] user_restrictions.restriction_type: stored in SQL as varchar(20) instead of the default
-- SG219 [incompatible, locking] user_restrictions.expires_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] user_restrictions.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] access_list.id: stored in SQL as serial instead of the default
-- SG219 [incompatible, locking] access_list.entity_type: stored in SQL as varchar(20) instead of the default
-- SG219 [incompatible, locking] access_list.list_type: stored in SQL as varchar(20) instead of the default
-- SG219 [incompatible, locking] access_list.created_at: stored in SQL as naive instead of the default
-- SG219 [incompatible, locking] rate_limits.id: stored in SQL as serial instead of the default
-- SG219 [incompatible, locking] rate_limits.window_start: stored in SQL as naive instead of the default

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
DROP TRIGGER IF EXISTS "trg_chats_touch" ON "chats";
DROP FUNCTION IF EXISTS public."touch_chats"();
DROP TRIGGER IF EXISTS "trg_users_touch" ON "users";
DROP FUNCTION IF EXISTS public."touch_users"();
ALTER TABLE "chats" ALTER COLUMN "chat_type" TYPE varchar(20) USING "chat_type"::text::varchar(20);
ALTER TABLE "chats" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "chats" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "chats" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "chats" ALTER COLUMN "updated_at" DROP DEFAULT;
ALTER TABLE "chats" ALTER COLUMN "updated_at" TYPE timestamp USING "updated_at" AT TIME ZONE 'UTC';
ALTER TABLE "chats" ALTER COLUMN "updated_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "users" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "users" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "users" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "users" ALTER COLUMN "updated_at" DROP DEFAULT;
ALTER TABLE "users" ALTER COLUMN "updated_at" TYPE timestamp USING "updated_at" AT TIME ZONE 'UTC';
ALTER TABLE "users" ALTER COLUMN "updated_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "messages" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;
CREATE SEQUENCE "messages_id_seq" AS integer OWNED BY "messages"."id";
SELECT setval('"messages_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "messages";
ALTER TABLE "messages" ALTER COLUMN "id" SET DEFAULT nextval('"messages_id_seq"');
ALTER TABLE "messages" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "messages" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "messages" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "summaries" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;
CREATE SEQUENCE "summaries_id_seq" AS integer OWNED BY "summaries"."id";
SELECT setval('"summaries_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "summaries";
ALTER TABLE "summaries" ALTER COLUMN "id" SET DEFAULT nextval('"summaries_id_seq"');
ALTER TABLE "summaries" ALTER COLUMN "summary_type" TYPE varchar(20) USING "summary_type"::text::varchar(20);
ALTER TABLE "summaries" ALTER COLUMN "period_start" TYPE timestamp USING "period_start" AT TIME ZONE 'UTC';
ALTER TABLE "summaries" ALTER COLUMN "period_end" TYPE timestamp USING "period_end" AT TIME ZONE 'UTC';
ALTER TABLE "summaries" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "summaries" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "summaries" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "user_memories" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;
CREATE SEQUENCE "user_memories_id_seq" AS integer OWNED BY "user_memories"."id";
SELECT setval('"user_memories_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "user_memories";
ALTER TABLE "user_memories" ALTER COLUMN "id" SET DEFAULT nextval('"user_memories_id_seq"');
ALTER TABLE "user_memories" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "user_memories" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "user_memories" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "user_restrictions" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;
CREATE SEQUENCE "user_restrictions_id_seq" AS integer OWNED BY "user_restrictions"."id";
SELECT setval('"user_restrictions_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "user_restrictions";
ALTER TABLE "user_restrictions" ALTER COLUMN "id" SET DEFAULT nextval('"user_restrictions_id_seq"');
ALTER TABLE "user_restrictions" ALTER COLUMN "restriction_type" TYPE varchar(20) USING "restriction_type"::text::varchar(20);
ALTER TABLE "user_restrictions" ALTER COLUMN "expires_at" TYPE timestamp USING "expires_at" AT TIME ZONE 'UTC';
ALTER TABLE "user_restrictions" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "user_restrictions" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "user_restrictions" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "access_list" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;
CREATE SEQUENCE "access_list_id_seq" AS integer OWNED BY "access_list"."id";
SELECT setval('"access_list_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "access_list";
ALTER TABLE "access_list" ALTER COLUMN "id" SET DEFAULT nextval('"access_list_id_seq"');
ALTER TABLE "access_list" ALTER COLUMN "entity_type" TYPE varchar(20) USING "entity_type"::text::varchar(20);
ALTER TABLE "access_list" ALTER COLUMN "list_type" TYPE varchar(20) USING "list_type"::text::varchar(20);
ALTER TABLE "access_list" ALTER COLUMN "created_at" DROP DEFAULT;
ALTER TABLE "access_list" ALTER COLUMN "created_at" TYPE timestamp USING "created_at" AT TIME ZONE 'UTC';
ALTER TABLE "access_list" ALTER COLUMN "created_at" SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE "rate_limits" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;
CREATE SEQUENCE "rate_limits_id_seq" AS integer OWNED BY "rate_limits"."id";
SELECT setval('"rate_limits_id_seq"', coalesce(max("id"), 0) + 1, false) FROM "rate_limits";
ALTER TABLE "rate_limits" ALTER COLUMN "id" SET DEFAULT nextval('"rate_limits_id_seq"');
ALTER TABLE "rate_limits" ALTER COLUMN "window_start" TYPE timestamp USING "window_start" AT TIME ZONE 'UTC';
ALTER TABLE "chats" ADD CONSTRAINT "ck_chats_chat_type" CHECK ("chat_type" IN ('private', 'group', 'supergroup', 'channel')) NOT VALID;
CREATE FUNCTION public."touch_chats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."updated_at" IS NOT DISTINCT FROM OLD."updated_at" THEN
    NEW."updated_at" := (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "trg_chats_touch" BEFORE UPDATE ON "chats"
FOR EACH ROW EXECUTE FUNCTION public."touch_chats"();
ALTER FUNCTION public."touch_chats"() SET search_path = pg_catalog, pg_temp;
CREATE FUNCTION public."touch_users"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."updated_at" IS NOT DISTINCT FROM OLD."updated_at" THEN
    NEW."updated_at" := (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "trg_users_touch" BEFORE UPDATE ON "users"
FOR EACH ROW EXECUTE FUNCTION public."touch_users"();
ALTER FUNCTION public."touch_users"() SET search_path = pg_catalog, pg_temp;
ALTER TABLE "summaries" ADD CONSTRAINT "ck_summaries_summary_type" CHECK ("summary_type" IN ('7day', '30day')) NOT VALID;
ALTER TABLE "user_restrictions" ADD CONSTRAINT "ck_user_restrictions_restriction_type" CHECK ("restriction_type" IN ('ban', 'restrict')) NOT VALID;
ALTER TABLE "access_list" ADD CONSTRAINT "ck_access_list_entity_type" CHECK ("entity_type" IN ('user', 'chat')) NOT VALID;
ALTER TABLE "access_list" ADD CONSTRAINT "ck_access_list_list_type" CHECK ("list_type" IN ('whitelist', 'blacklist')) NOT VALID;
DROP TYPE "SummaryType";
DROP TYPE "chats_chat_type";
DROP TYPE "user_restrictions_restriction_type";
DROP TYPE "access_list_entity_type";
DROP TYPE "access_list_list_type";
COMMIT;

-- Outside the transaction: built without blocking writers.
ALTER TABLE "chats" VALIDATE CONSTRAINT "ck_chats_chat_type";
ALTER TABLE "summaries" VALIDATE CONSTRAINT "ck_summaries_summary_type";
ALTER TABLE "user_restrictions" VALIDATE CONSTRAINT "ck_user_restrictions_restriction_type";
ALTER TABLE "access_list" VALIDATE CONSTRAINT "ck_access_list_entity_type";
ALTER TABLE "access_list" VALIDATE CONSTRAINT "ck_access_list_list_type";

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('gryag_bot', 2, '0002_seed_003_storage', 'f017345483ac489c28a5f8f09d704b2445fbf18835d97e807e708d3b378f661d');
