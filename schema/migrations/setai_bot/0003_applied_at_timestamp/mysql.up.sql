-- SG219 [incompatible, locking] schema_migrations.applied_at: stored in SQL as zoned instead of the default

SET time_zone = '+00:00';

-- Applied migrations (schemagen migrate): per schema, the version, its folder, the SHA-256 of its schema, when.
CREATE TABLE IF NOT EXISTS `schemagen_migrations` (
  `schema_name` VARCHAR(255) NOT NULL,
  `version` INTEGER NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  `checksum` CHAR(64) NOT NULL,
  `applied_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`schema_name`, `version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
ALTER TABLE `schema_migrations` MODIFY COLUMN `applied_at` TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6);

INSERT INTO `schemagen_migrations` (`schema_name`, `version`, `name`, `checksum`) VALUES ('setai_bot', 3, '0003_applied_at_timestamp', '5d309c5e250b7f7ae8e06ab915e9b035810625bbbe0829aa4cc67e76dad89ddf');
