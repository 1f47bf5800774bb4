-- SG106 [safe] chats: query 'get_or_create' added (documentation only)
-- SG106 [safe] users: query 'get_or_create' added (documentation only)
-- SG605 [incompatible] messages: writers changed
-- SG106 [safe] messages: query 'recent' added (documentation only)
-- SG106 [safe] messages: query 'since' added (documentation only)
-- SG106 [safe] messages: query 'lookup' added (documentation only)
-- SG605 [incompatible] summaries: writers changed
-- SG106 [safe] summaries: query 'latest' added (documentation only)
-- SG605 [incompatible] user_memories: writers changed
-- SG106 [safe] user_memories: query 'memories' added (documentation only)
-- SG602 [safe] user_restrictions: rule removed: deactivate at expires_at set is_active = false
-- SG601 [safe] user_restrictions: rule added: deactivate at expires_at set is_active = false where expires_at is not null
-- SG605 [incompatible] user_restrictions: writers changed
-- SG106 [safe] user_restrictions: query 'active' added (documentation only)
-- SG106 [safe] access_list: query 'listed' added (documentation only)
-- SG106 [safe] rate_limits: query 'window' added (documentation only)

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
REVOKE ALL ON "chats" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "users" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "messages" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "summaries" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "user_memories" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "user_restrictions" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "access_list" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
REVOKE ALL ON "rate_limits" FROM "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user", "gryag_bot:retention";
DO $$
DECLARE
  role_name text;
  marker constant text := 'schemagen role of schema gryag_bot';
  existing pg_catalog.pg_roles%ROWTYPE;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['gryag_bot.admin', 'gryag_bot.rate_limiter', 'gryag_bot.repositories.chat', 'gryag_bot.repositories.memory', 'gryag_bot.repositories.message', 'gryag_bot.repositories.summary', 'gryag_bot.repositories.user', 'gryag_bot:retention'] LOOP
    SELECT * INTO existing FROM pg_catalog.pg_roles WHERE rolname = role_name;
    IF NOT FOUND THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXECUTE format('COMMENT ON ROLE %I IS %L', role_name, marker);
    ELSIF pg_catalog.shobj_description(existing.oid, 'pg_authid') IS DISTINCT FROM marker
        OR existing.rolcanlogin OR existing.rolsuper OR existing.rolcreaterole OR existing.rolcreatedb
        OR existing.rolreplication OR existing.rolbypassrls THEN
      RAISE EXCEPTION 'role % exists but is not a role this schema created', role_name
        USING HINT = format('drop it, or adopt it as a NOLOGIN role with COMMENT ON ROLE %I IS %L', role_name, marker);
    END IF;
  END LOOP;
END
$$;

GRANT SELECT ON "chats" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user";
GRANT SELECT, INSERT, UPDATE, DELETE ON "chats" TO "gryag_bot.repositories.chat";

GRANT SELECT ON "users" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary";
GRANT SELECT, INSERT, UPDATE, DELETE ON "users" TO "gryag_bot.repositories.user";

GRANT SELECT ON "messages" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.memory", "gryag_bot.repositories.summary";
GRANT SELECT, DELETE ON "messages" TO "gryag_bot.repositories.chat";
GRANT SELECT, INSERT, UPDATE, DELETE ON "messages" TO "gryag_bot.repositories.message";
GRANT SELECT, UPDATE ON "messages" TO "gryag_bot.repositories.user";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"messages"', 'id'), 'gryag_bot.repositories.message');
END
$$;

GRANT SELECT ON "summaries" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.user";
GRANT SELECT, DELETE ON "summaries" TO "gryag_bot.repositories.chat";
GRANT SELECT, INSERT, UPDATE, DELETE ON "summaries" TO "gryag_bot.repositories.summary";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"summaries"', 'id'), 'gryag_bot.repositories.summary');
END
$$;

GRANT SELECT ON "user_memories" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.message", "gryag_bot.repositories.summary";
GRANT SELECT, INSERT, UPDATE, DELETE ON "user_memories" TO "gryag_bot.repositories.memory";
GRANT SELECT, DELETE ON "user_memories" TO "gryag_bot.repositories.user";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"user_memories"', 'id'), 'gryag_bot.repositories.memory');
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON "user_restrictions" TO "gryag_bot.admin";
GRANT SELECT ON "user_restrictions" TO "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary";
GRANT SELECT, DELETE ON "user_restrictions" TO "gryag_bot.repositories.user";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"user_restrictions"', 'id'), 'gryag_bot.admin');
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON "access_list" TO "gryag_bot.admin";
GRANT SELECT ON "access_list" TO "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"access_list"', 'id'), 'gryag_bot.admin');
END
$$;

GRANT SELECT ON "rate_limits" TO "gryag_bot.admin", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user";
GRANT SELECT, INSERT, UPDATE, DELETE ON "rate_limits" TO "gryag_bot.rate_limiter";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"rate_limits"', 'id'), 'gryag_bot.rate_limiter');
END
$$;

-- The retention job's role.
GRANT SELECT, DELETE ON "user_memories" TO "gryag_bot:retention";
GRANT SELECT ON "user_restrictions" TO "gryag_bot:retention";
GRANT UPDATE ("is_active") ON "user_restrictions" TO "gryag_bot:retention";

DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I, %I, %I, %I, %I, %I', current_database(), 'gryag_bot.admin', 'gryag_bot.rate_limiter', 'gryag_bot.repositories.chat', 'gryag_bot.repositories.memory', 'gryag_bot.repositories.message', 'gryag_bot.repositories.summary', 'gryag_bot.repositories.user', 'gryag_bot:retention');
END
$$;
COMMIT;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('gryag_bot', 3, '0003_cascade_rights_and_null_retention', '21f108748c0dcef94788885a62fa2c1fc3d0b55be6f14f04c4a1992cfe4664f2');
