-- SG609 [incompatible] warnings: rule takes its age from a fixed age instead of period warning_expiry: deactivate after 90d by created_at set active = false

SET lock_timeout = '5s';

BEGIN;
COMMIT;

DELETE FROM "schemagen_migrations" WHERE "schema_name" = 'discord_bot' AND "version" = 4;
