-- SG106 [safe] chats: query 'get_or_create' removed (documentation only)
-- SG106 [safe] users: query 'get_or_create' removed (documentation only)
-- SG605 [incompatible] messages: writers changed
-- SG106 [safe] messages: query 'recent' removed (documentation only)
-- SG106 [safe] messages: query 'since' removed (documentation only)
-- SG106 [safe] messages: query 'lookup' removed (documentation only)
-- SG605 [incompatible] summaries: writers changed
-- SG106 [safe] summaries: query 'latest' removed (documentation only)
-- SG605 [incompatible] user_memories: writers changed
-- SG106 [safe] user_memories: query 'memories' removed (documentation only)
-- SG602 [safe] user_restrictions: rule removed: deactivate at expires_at set is_active = false where expires_at is not null
-- SG601 [safe] user_restrictions: rule added: deactivate at expires_at set is_active = false
-- SG605 [incompatible] user_restrictions: writers changed
-- SG106 [safe] user_restrictions: query 'active' removed (documentation only)
-- SG106 [safe] access_list: query 'listed' removed (documentation only)
-- SG106 [safe] rate_limits: query 'window' removed (documentation only)

SET lock_timeout = '5s';

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

GRANT SELECT ON "messages" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.summary", "gryag_bot.repositories.user";
GRANT SELECT, INSERT, UPDATE, DELETE ON "messages" TO "gryag_bot.repositories.message";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"messages"', 'id'), 'gryag_bot.repositories.message');
END
$$;

GRANT SELECT ON "summaries" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.user";
GRANT SELECT, INSERT, UPDATE, DELETE ON "summaries" TO "gryag_bot.repositories.summary";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"summaries"', 'id'), 'gryag_bot.repositories.summary');
END
$$;

GRANT SELECT ON "user_memories" TO "gryag_bot.admin", "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user";
GRANT SELECT, INSERT, UPDATE, DELETE ON "user_memories" TO "gryag_bot.repositories.memory";
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
    pg_get_serial_sequence('"user_memories"', 'id'), 'gryag_bot.repositories.memory');
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON "user_restrictions" TO "gryag_bot.admin";
GRANT SELECT ON "user_restrictions" TO "gryag_bot.rate_limiter", "gryag_bot.repositories.chat", "gryag_bot.repositories.memory", "gryag_bot.repositories.message", "gryag_bot.repositories.summary", "gryag_bot.repositories.user";
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

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'gryag_bot' AND "version" = 3;
