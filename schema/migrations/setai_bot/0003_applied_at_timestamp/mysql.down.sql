-- SG219 [incompatible, locking] schema_migrations.applied_at: stored in SQL as the default instead of zoned

SET time_zone = '+00:00';

ALTER TABLE `schema_migrations` MODIFY COLUMN `applied_at` DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6);

DELETE FROM `schemagen_migrations` WHERE `schema_name` = 'setai_bot' AND `version` = 3;
