-- SG404 [data-dependent, incompatible] channels_type: case stage ("stage") removed
-- SG404 [data-dependent, incompatible] channels_type: case forum ("forum") removed
-- SG507 [safe] ChannelConfig.name: attributes changed
-- SG502 [destructive, incompatible, irreversible] type AuditMetadata dropped
-- SG203 [destructive, incompatible, irreversible] users.preferences dropped with its data
-- SG203 [destructive, incompatible, irreversible] user_servers.server_specific_settings dropped with its data
-- SG203 [destructive, incompatible, irreversible] server_configurations.moderation dropped with its data
-- SG203 [destructive, incompatible, irreversible] templates.version dropped with its data
-- SG203 [destructive, incompatible, irreversible] templates.metadata dropped with its data
-- SG203 [destructive, incompatible, irreversible] templates.usage_stats dropped with its data
-- SG203 [destructive, incompatible, irreversible] command_history.ai_interpretation dropped with its data
-- SG203 [destructive, incompatible, irreversible] audit_logs.metadata dropped with its data
-- SG208 [safe] channels.name may now be null
-- SG211 [safe] channels.name: value checks changed
-- SG218 [safe] channels.type: documentation changed

SET time_zone = '+00:00';

ALTER TABLE `users` DROP CONSTRAINT `ck_users_preferences`;
ALTER TABLE `user_servers` DROP CONSTRAINT `ck_user_servers_server_specific_settings`;
ALTER TABLE `server_configurations` DROP CONSTRAINT `ck_server_configurations_moderation`;
ALTER TABLE `templates` DROP CONSTRAINT `ck_templates_metadata`;
ALTER TABLE `command_history` DROP CONSTRAINT `ck_command_history_ai_interpretation`;
ALTER TABLE `audit_logs` DROP CONSTRAINT `ck_audit_logs_metadata`;
ALTER TABLE `channels` DROP CONSTRAINT `ck_channels_name`;
ALTER TABLE `users` DROP COLUMN `preferences`;
ALTER TABLE `user_servers` DROP COLUMN `server_specific_settings`;
ALTER TABLE `server_configurations` DROP COLUMN `moderation`;
ALTER TABLE `templates` DROP COLUMN `version`;
ALTER TABLE `templates` DROP COLUMN `metadata`;
ALTER TABLE `templates` DROP COLUMN `usage_stats`;
ALTER TABLE `command_history` DROP COLUMN `ai_interpretation`;
ALTER TABLE `audit_logs` DROP COLUMN `metadata`;
ALTER TABLE `channels` MODIFY COLUMN `name` VARCHAR(255),
  MODIFY COLUMN `type` ENUM('text', 'voice', 'category') COMMENT 'text, voice, category';

DELETE FROM `schemagen_migrations` WHERE `schema_name` = 'setai_bot' AND `version` = 2;
