-- SG609 [incompatible] warnings: rule takes its age from period warning_expiry instead of a fixed age: deactivate after warning_expiry = 90d by created_at set active = false

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
COMMIT;

INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('discord_bot', 4, '0004_named_retention_periods', 'a395b9bd5844736b2efebbfe9dbb5c7b9ac0de96776f8f5663c69c083685eff4');
