-- SG403 [safe] channels_type: case stage ("stage") added
-- SG403 [safe] channels_type: case forum ("forum") added
-- SG507 [data-dependent] ChannelConfig.name: attributes changed
-- SG501 [safe] type AuditMetadata added
-- SG201 [safe] users.preferences UserPreferences? added
-- SG201 [safe] user_servers.server_specific_settings ServerSpecificSettings? added
-- SG201 [safe] server_configurations.moderation ModerationSettings? added
-- SG201 [safe] templates.version string? added
-- SG201 [safe] templates.metadata TemplateMetadata? added
-- SG201 [safe] templates.usage_stats json? added
-- SG201 [safe] command_history.ai_interpretation AIInterpretation? added
-- SG201 [safe] audit_logs.metadata AuditMetadata? added
-- SG209 [data-dependent] channels.name is now required: fails while any row has no value
-- SG211 [data-dependent] channels.name: value checks changed
-- SG218 [safe] channels.type: documentation changed

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
ALTER TABLE `users` ADD COLUMN `preferences` JSON COMMENT 'UserProfile.preferences (no ER column; stored so that it outlives the profile cache)';
ALTER TABLE `user_servers` ADD COLUMN `server_specific_settings` JSON COMMENT 'UserServer.server_specific_settings (no ER column)';
ALTER TABLE `server_configurations` ADD COLUMN `moderation` JSON COMMENT 'ServerSettings.moderation (no ER column)';
ALTER TABLE `templates` ADD COLUMN `version` VARCHAR(255) COMMENT 'Semantic versioning (ConfigurationTemplate.version; no ER column)';
ALTER TABLE `templates` ADD COLUMN `metadata` JSON COMMENT 'ConfigurationTemplate.metadata (no ER column)';
ALTER TABLE `templates` ADD COLUMN `usage_stats` JSON COMMENT 'ConfigurationTemplate.usage_stats (TemplateUsageStats is not defined by the seed; no ER column)';
ALTER TABLE `command_history` ADD COLUMN `ai_interpretation` JSON COMMENT 'CommandExecution.ai_interpretation (no ER column)';
ALTER TABLE `audit_logs` ADD COLUMN `metadata` JSON COMMENT 'AuditLogEntry.metadata: api_version, execution_source, correlation_id (no ER column)';
ALTER TABLE `channels` MODIFY COLUMN `name` VARCHAR(255) NOT NULL,
  MODIFY COLUMN `type` ENUM('text', 'voice', 'category', 'stage', 'forum') COMMENT 'text, voice, category, stage, forum (the ER diagram lists three; ChannelConfig.type five)';
ALTER TABLE `users` ADD CONSTRAINT `ck_users_preferences` CHECK (`preferences` IS NULL OR (JSON_TYPE(`preferences`) = 'OBJECT'));
ALTER TABLE `user_servers` ADD CONSTRAINT `ck_user_servers_server_specific_settings` CHECK (`server_specific_settings` IS NULL OR (JSON_TYPE(`server_specific_settings`) = 'OBJECT'));
ALTER TABLE `server_configurations` ADD CONSTRAINT `ck_server_configurations_moderation` CHECK (`moderation` IS NULL OR (JSON_TYPE(`moderation`) = 'OBJECT'));
ALTER TABLE `templates` ADD CONSTRAINT `ck_templates_metadata` CHECK (`metadata` IS NULL OR (JSON_TYPE(`metadata`) = 'OBJECT'));
ALTER TABLE `command_history` ADD CONSTRAINT `ck_command_history_ai_interpretation` CHECK (`ai_interpretation` IS NULL OR (JSON_TYPE(`ai_interpretation`) = 'OBJECT'));
ALTER TABLE `audit_logs` ADD CONSTRAINT `ck_audit_logs_metadata` CHECK (`metadata` IS NULL OR (JSON_TYPE(`metadata`) = 'OBJECT'));
ALTER TABLE `channels` ADD CONSTRAINT `ck_channels_name` CHECK (CHAR_LENGTH(`name`) >= 1 AND CHAR_LENGTH(`name`) <= 100 AND `name` COLLATE utf8mb4_bin REGEXP '\\A(?:[a-z0-9_-]+)\\z');

INSERT INTO `schemagen_migrations` (`schema_name`, `version`, `name`, `checksum`) VALUES ('setai_bot', 2, '0002_seed_audit', '18900ac1dad7999d1716446575fbc6a9b8df610a7c7dbbe543299c55a11f2b11');
