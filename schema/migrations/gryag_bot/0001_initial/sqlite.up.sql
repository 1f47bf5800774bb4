-- SG401 [safe] enum SummaryType added
-- SG101 [safe] table chats added
-- SG101 [safe] table users added
-- SG101 [safe] table messages added
-- SG101 [safe] table summaries added
-- SG101 [safe] table user_memories added
-- SG101 [safe] table user_restrictions added
-- SG101 [safe] table access_list added
-- SG101 [safe] table rate_limits added

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
-- Chat: stores Telegram chat metadata and settings.
CREATE TABLE "chats" (
  -- Telegram chat ID
  "id" INTEGER NOT NULL PRIMARY KEY,
  -- Chat title
  "title" TEXT,
  -- Chat type (private, group, supergroup, channel)
  "chat_type" TEXT NOT NULL,
  -- Number of members
  "member_count" INTEGER,
  -- Whether chat is active
  "is_active" INTEGER DEFAULT 1,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  -- Last update timestamp
  "updated_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_chats_title" CHECK ("title" IS NULL OR (length("title") <= 255)),
  CONSTRAINT "ck_chats_chat_type" CHECK ("chat_type" IN ('private', 'group', 'supergroup', 'channel')),
  CONSTRAINT "ck_chats_is_active" CHECK ("is_active" IS NULL OR ("is_active" IN (0, 1))),
  CONSTRAINT "ck_chats_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_chats_updated_at" CHECK ("updated_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "updated_at") IS substr("updated_at", 1, 19) AND (length("updated_at") = 19 OR (substr("updated_at", 20, 1) = '.' AND length("updated_at") > 20 AND substr("updated_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE TRIGGER "trg_chats_updated_at_on_update" AFTER UPDATE ON "chats"
FOR EACH ROW WHEN NEW."updated_at" IS OLD."updated_at"
BEGIN
  UPDATE "chats" SET "updated_at" = CURRENT_TIMESTAMP WHERE "id" = NEW."id";
END;
-- User: stores Telegram user information and settings.
CREATE TABLE "users" (
  -- Telegram user ID
  "id" INTEGER NOT NULL PRIMARY KEY,
  -- Telegram username
  "username" TEXT,
  -- User's full name
  "full_name" TEXT NOT NULL,
  -- User's pronouns
  "pronouns" TEXT,
  -- Whether user is admin
  "is_admin" INTEGER DEFAULT 0,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  -- Last update timestamp
  "updated_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_users_username" CHECK ("username" IS NULL OR (length("username") <= 255)),
  CONSTRAINT "ck_users_full_name" CHECK (length("full_name") <= 255),
  CONSTRAINT "ck_users_pronouns" CHECK ("pronouns" IS NULL OR (length("pronouns") <= 50)),
  CONSTRAINT "ck_users_is_admin" CHECK ("is_admin" IS NULL OR ("is_admin" IN (0, 1))),
  CONSTRAINT "ck_users_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_users_updated_at" CHECK ("updated_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "updated_at") IS substr("updated_at", 1, 19) AND (length("updated_at") = 19 OR (substr("updated_at", 20, 1) = '.' AND length("updated_at") > 20 AND substr("updated_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE TRIGGER "trg_users_updated_at_on_update" AFTER UPDATE ON "users"
FOR EACH ROW WHEN NEW."updated_at" IS OLD."updated_at"
BEGIN
  UPDATE "users" SET "updated_at" = CURRENT_TIMESTAMP WHERE "id" = NEW."id";
END;
-- Message: stores all messages for context management.
CREATE TABLE "messages" (
  -- Internal message ID
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  -- Telegram message ID
  "telegram_message_id" INTEGER NOT NULL,
  -- Chat ID
  "chat_id" INTEGER NOT NULL,
  -- User ID
  "user_id" INTEGER,
  -- Message content
  "content" TEXT NOT NULL,
  -- Content type (text, photo, etc.)
  "content_type" TEXT DEFAULT 'text',
  -- Telegram ID of replied message
  "reply_to_message_id" INTEGER,
  -- Whether message is from bot
  "is_bot_message" INTEGER DEFAULT 0,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fk_messages_chat_id" FOREIGN KEY ("chat_id") REFERENCES "chats" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_messages_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE SET NULL,
  CONSTRAINT "ck_messages_content_type" CHECK ("content_type" IS NULL OR (length("content_type") <= 50)),
  CONSTRAINT "ck_messages_is_bot_message" CHECK ("is_bot_message" IS NULL OR ("is_bot_message" IN (0, 1))),
  CONSTRAINT "ck_messages_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_messages_chat_id_created_at" ON "messages" ("chat_id", "created_at");
CREATE INDEX "idx_messages_chat_id_telegram_message_id" ON "messages" ("chat_id", "telegram_message_id");
CREATE INDEX "idx_messages_user_id" ON "messages" ("user_id");
-- Summary: stores generated context summaries.
CREATE TABLE "summaries" (
  -- Summary ID
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  -- Chat ID
  "chat_id" INTEGER NOT NULL,
  -- Summary type (7day, 30day)
  "summary_type" TEXT NOT NULL,
  -- Summary content
  "content" TEXT NOT NULL,
  -- Estimated token count
  "token_count" INTEGER NOT NULL,
  -- Period start
  "period_start" TEXT NOT NULL,
  -- Period end
  "period_end" TEXT NOT NULL,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fk_summaries_chat_id" FOREIGN KEY ("chat_id") REFERENCES "chats" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_summaries_summary_type" CHECK ("summary_type" IN ('7day', '30day')),
  CONSTRAINT "ck_summaries_period_start" CHECK (strftime('%Y-%m-%d %H:%M:%S', "period_start") IS substr("period_start", 1, 19) AND (length("period_start") = 19 OR (substr("period_start", 20, 1) = '.' AND length("period_start") > 20 AND substr("period_start", 21) NOT GLOB '*[^0-9]*'))),
  CONSTRAINT "ck_summaries_period_end" CHECK (strftime('%Y-%m-%d %H:%M:%S', "period_end") IS substr("period_end", 1, 19) AND (length("period_end") = 19 OR (substr("period_end", 20, 1) = '.' AND length("period_end") > 20 AND substr("period_end", 21) NOT GLOB '*[^0-9]*'))),
  CONSTRAINT "ck_summaries_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_summaries_chat_id_summary_type" ON "summaries" ("chat_id", "summary_type");
-- UserMemory: stores persistent facts about users.
CREATE TABLE "user_memories" (
  -- Memory ID
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  -- User ID
  "user_id" INTEGER NOT NULL,
  -- The fact to remember
  "fact" TEXT NOT NULL,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fk_user_memories_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_user_memories_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_user_memories_user_id" ON "user_memories" ("user_id");
-- For the retention job: keep newest 50 per user_id by created_at
CREATE INDEX "idx_user_memories_user_id_created_at" ON "user_memories" ("user_id", "created_at");
-- UserRestriction: stores bot-level bans and restrictions.
CREATE TABLE "user_restrictions" (
  -- Restriction ID
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  -- User ID
  "user_id" INTEGER NOT NULL,
  -- Type (ban, restrict)
  "restriction_type" TEXT NOT NULL,
  -- Reason for restriction
  "reason" TEXT,
  -- Expiration time (NULL = permanent)
  "expires_at" TEXT,
  -- Admin who created
  "created_by" INTEGER NOT NULL,
  -- Whether restriction is active
  "is_active" INTEGER DEFAULT 1,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fk_user_restrictions_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_user_restrictions_restriction_type" CHECK ("restriction_type" IN ('ban', 'restrict')),
  CONSTRAINT "ck_user_restrictions_expires_at" CHECK ("expires_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "expires_at") IS substr("expires_at", 1, 19) AND (length("expires_at") = 19 OR (substr("expires_at", 20, 1) = '.' AND length("expires_at") > 20 AND substr("expires_at", 21) NOT GLOB '*[^0-9]*')))),
  CONSTRAINT "ck_user_restrictions_is_active" CHECK ("is_active" IS NULL OR ("is_active" IN (0, 1))),
  CONSTRAINT "ck_user_restrictions_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE INDEX "idx_user_restrictions_user_id_is_active" ON "user_restrictions" ("user_id", "is_active");
-- For the retention job: deactivate at expires_at set is_active = false
CREATE INDEX "idx_user_restrictions_expires_at" ON "user_restrictions" ("expires_at");
-- AccessList: stores whitelist and blacklist entries.
CREATE TABLE "access_list" (
  -- Entry ID
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  -- User or chat ID
  "entity_id" INTEGER NOT NULL,
  -- Type (user, chat)
  "entity_type" TEXT NOT NULL,
  -- List type (whitelist, blacklist)
  "list_type" TEXT NOT NULL,
  -- Reason for listing
  "reason" TEXT,
  -- Admin who added
  "created_by" INTEGER,
  -- Creation timestamp
  "created_at" TEXT DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ck_access_list_entity_type" CHECK ("entity_type" IN ('user', 'chat')),
  CONSTRAINT "ck_access_list_list_type" CHECK ("list_type" IN ('whitelist', 'blacklist')),
  CONSTRAINT "ck_access_list_created_at" CHECK ("created_at" IS NULL OR (strftime('%Y-%m-%d %H:%M:%S', "created_at") IS substr("created_at", 1, 19) AND (length("created_at") = 19 OR (substr("created_at", 20, 1) = '.' AND length("created_at") > 20 AND substr("created_at", 21) NOT GLOB '*[^0-9]*'))))
);
CREATE UNIQUE INDEX "uq_access_list_entity_id_entity_type_list_type" ON "access_list" ("entity_id", "entity_type", "list_type");
-- RateLimit: tracks rate limiting for users (optional, can use in-memory).
CREATE TABLE "rate_limits" (
  -- Entry ID
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  -- User ID
  "user_id" INTEGER NOT NULL,
  -- Window start time
  "window_start" TEXT NOT NULL,
  -- Number of requests
  "request_count" INTEGER DEFAULT 0,
  CONSTRAINT "ck_rate_limits_window_start" CHECK (strftime('%Y-%m-%d %H:%M:%S', "window_start") IS substr("window_start", 1, 19) AND (length("window_start") = 19 OR (substr("window_start", 20, 1) = '.' AND length("window_start") > 20 AND substr("window_start", 21) NOT GLOB '*[^0-9]*')))
);
CREATE INDEX "idx_rate_limits_user_id" ON "rate_limits" ("user_id");
CREATE INDEX "idx_rate_limits_user_id_window_start" ON "rate_limits" ("user_id", "window_start");
-- Fails (and rolls back) if any row now breaks a foreign key.
CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));
INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE schemagen_foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('gryag_bot', 1, '0001_initial', 'b0550758f697a84f0209dd4432f9fc28edb7d3749318d6bed1f782b31494038a');
