-- SG401 [safe] enum DiscordPermission added
-- SG401 [safe] enum UserStatus added
-- SG401 [safe] enum ServerStatus added
-- SG401 [safe] enum ServerRole added
-- SG401 [safe] enum TemplateStatus added
-- SG401 [safe] enum CommandStatus added
-- SG401 [safe] enum CommandType added
-- SG401 [safe] enum TemplateCategory added
-- SG401 [safe] enum AuditActionType added
-- SG501 [safe] type UserProfile added
-- SG501 [safe] type UserPreferences added
-- SG501 [safe] type NotificationSettings added
-- SG501 [safe] type AISettings added
-- SG501 [safe] type CachedUserServer added
-- SG501 [safe] type ServerSpecificSettings added
-- SG501 [safe] type CachedServerConfiguration added
-- SG501 [safe] type ServerSettings added
-- SG501 [safe] type FeatureFlags added
-- SG501 [safe] type RateLimits added
-- SG501 [safe] type ModerationSettings added
-- SG501 [safe] type CommandExecution added
-- SG501 [safe] type ExecutionResult added
-- SG501 [safe] type AIInterpretation added
-- SG501 [safe] type ExtractedEntity added
-- SG501 [safe] type TextPosition added
-- SG501 [safe] type StructuredCommand added
-- SG501 [safe] type ConfigurationTemplate added
-- SG501 [safe] type TemplateConfiguration added
-- SG501 [safe] type TemplateVariable added
-- SG501 [safe] type VariableValidation added
-- SG501 [safe] type TemplateMetadata added
-- SG501 [safe] type ChannelConfig added
-- SG501 [safe] type ChannelSettings added
-- SG501 [safe] type PermissionOverride added
-- SG501 [safe] type RoleConfig added
-- SG501 [safe] type ActionDetails added
-- SG101 [safe] table users added
-- SG101 [safe] table servers added
-- SG101 [safe] table user_servers added
-- SG101 [safe] table server_configurations added
-- SG101 [safe] table templates added
-- SG101 [safe] table command_history added
-- SG101 [safe] table template_usage added
-- SG101 [safe] table audit_logs added
-- SG101 [safe] table channels added
-- SG101 [safe] table roles added
-- SG101 [safe] table schema_migrations added
-- SG701 [safe] cache server_info added
-- SG701 [safe] cache server_channels added
-- SG701 [safe] cache server_roles added
-- SG701 [safe] cache server_permissions added
-- SG701 [safe] cache user_profile added
-- SG701 [safe] cache user_server_list added
-- SG701 [safe] cache user_server_permissions added
-- SG701 [safe] cache ai_response added
-- SG701 [safe] cache ai_context added
-- SG701 [safe] cache ratelimit_user added
-- SG701 [safe] cache ratelimit_server added
-- SG701 [safe] cache ratelimit_global added
-- SG701 [safe] cache session added
-- SG701 [safe] cache command_execution added
-- SG701 [safe] cache config_server added
-- SG701 [safe] cache config_global added
-- SG701 [safe] cache template added

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
-- Discord users known to the bot.
CREATE TABLE `users` (
  `user_id` BIGINT NOT NULL PRIMARY KEY COMMENT 'Discord User ID',
  `username` VARCHAR(255) NOT NULL COMMENT 'Discord username',
  `discriminator` VARCHAR(255) NOT NULL COMMENT 'Discord discriminator',
  `avatar_hash` VARCHAR(255) COMMENT 'Avatar image hash',
  `status` ENUM('active', 'suspended', 'deleted') NOT NULL COMMENT 'active, suspended, deleted',
  `created_at` DATETIME(6) NOT NULL,
  `updated_at` DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Discord users known to the bot.';
-- Discord servers the bot is in.
CREATE TABLE `servers` (
  `server_id` BIGINT NOT NULL PRIMARY KEY COMMENT 'Discord Server ID',
  `name` VARCHAR(255) NOT NULL COMMENT 'Server name',
  `icon_hash` VARCHAR(255) COMMENT 'Server icon hash',
  `owner_id` BIGINT NOT NULL COMMENT 'Server owner user ID',
  `bot_permissions` JSON NOT NULL COMMENT 'Bot permissions array',
  `status` ENUM('active', 'inactive', 'removed') NOT NULL COMMENT 'active, inactive, removed',
  `joined_at` DATETIME(6) NOT NULL COMMENT 'When bot joined',
  `updated_at` DATETIME(6) NOT NULL,
  CONSTRAINT `fk_servers_owner_id` FOREIGN KEY (`owner_id`) REFERENCES `users` (`user_id`) ON DELETE RESTRICT,
  CONSTRAINT `ck_servers_bot_permissions` CHECK (JSON_TYPE(`bot_permissions`) = 'ARRAY')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Discord servers the bot is in.';
CREATE INDEX `idx_servers_owner_id` ON `servers` (`owner_id`);
-- Membership of users in servers, with their permissions and role there.
CREATE TABLE `user_servers` (
  `user_id` BIGINT NOT NULL,
  `server_id` BIGINT NOT NULL,
  `user_permissions` JSON NOT NULL COMMENT 'User permissions in server',
  `role` ENUM('member', 'admin', 'owner') NOT NULL COMMENT 'member, admin, owner',
  `is_active` BOOLEAN NOT NULL,
  `joined_at` DATETIME(6) NOT NULL,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`user_id`, `server_id`),
  CONSTRAINT `fk_user_servers_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`user_id`) ON DELETE CASCADE,
  CONSTRAINT `fk_user_servers_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE CASCADE,
  CONSTRAINT `ck_user_servers_user_permissions` CHECK (JSON_TYPE(`user_permissions`) = 'ARRAY')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Membership of users in servers, with their permissions and role there.';
CREATE INDEX `idx_user_servers_server_id` ON `user_servers` (`server_id`);
-- Per-server bot configuration.
CREATE TABLE `server_configurations` (
  `server_id` BIGINT NOT NULL PRIMARY KEY,
  `command_prefix` VARCHAR(255) NOT NULL DEFAULT '!setai',
  `response_language` VARCHAR(255) NOT NULL COMMENT 'ISO language code',
  `feature_flags` JSON NOT NULL COMMENT 'Enabled features',
  `rate_limits` JSON NOT NULL COMMENT 'Custom rate limits',
  `custom_settings` JSON COMMENT 'Server-specific settings',
  `created_at` DATETIME(6),
  `updated_at` DATETIME(6),
  CONSTRAINT `fk_server_configurations_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE CASCADE,
  CONSTRAINT `ck_server_configurations_feature_flags` CHECK (JSON_TYPE(`feature_flags`) = 'OBJECT'),
  CONSTRAINT `ck_server_configurations_rate_limits` CHECK (JSON_TYPE(`rate_limits`) = 'OBJECT')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Per-server bot configuration.';
-- Configuration templates users create and apply to servers.
CREATE TABLE `templates` (
  `template_id` CHAR(36) NOT NULL DEFAULT (UUID()) PRIMARY KEY COMMENT 'UUID',
  `name` VARCHAR(255) NOT NULL,
  `description` TEXT NOT NULL,
  `category` ENUM('gaming', 'education', 'business', 'community', 'moderation', 'events', 'custom') NOT NULL,
  `created_by` BIGINT NOT NULL COMMENT 'User ID',
  `is_public` BOOLEAN NOT NULL,
  `configuration` JSON NOT NULL COMMENT 'Template structure',
  `variables` JSON NOT NULL COMMENT 'Template variables',
  `usage_count` INT,
  `rating` DECIMAL(3, 2),
  `status` ENUM('active', 'deprecated', 'deleted') NOT NULL COMMENT 'active, deprecated, deleted',
  `created_at` DATETIME(6) NOT NULL,
  `updated_at` DATETIME(6) NOT NULL,
  CONSTRAINT `fk_templates_created_by` FOREIGN KEY (`created_by`) REFERENCES `users` (`user_id`) ON DELETE RESTRICT,
  CONSTRAINT `ck_templates_configuration` CHECK (JSON_TYPE(`configuration`) = 'OBJECT'),
  CONSTRAINT `ck_templates_variables` CHECK (JSON_TYPE(`variables`) = 'ARRAY')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Configuration templates users create and apply to servers.';
CREATE INDEX `idx_templates_created_by` ON `templates` (`created_by`);
-- History of command executions.
CREATE TABLE `command_history` (
  `execution_id` CHAR(36) NOT NULL DEFAULT (UUID()) PRIMARY KEY COMMENT 'UUID',
  `server_id` BIGINT NOT NULL,
  `user_id` BIGINT NOT NULL,
  `command_type` ENUM('channel_management', 'role_management', 'permission_configuration', 'server_configuration', 'template_application', 'bulk_operations') NOT NULL,
  `command_text` TEXT NOT NULL COMMENT 'Original user input',
  `parameters` JSON NOT NULL COMMENT 'Command parameters',
  `results` JSON NOT NULL COMMENT 'Execution results',
  `status` ENUM('pending', 'in_progress', 'completed', 'failed', 'cancelled') NOT NULL COMMENT 'pending, completed, failed, cancelled',
  `execution_time` DECIMAL(10, 3) COMMENT 'Seconds',
  `error_message` TEXT,
  `executed_at` DATETIME(6) NOT NULL,
  `completed_at` DATETIME(6),
  CONSTRAINT `fk_command_history_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE RESTRICT,
  CONSTRAINT `fk_command_history_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`user_id`) ON DELETE RESTRICT,
  CONSTRAINT `ck_command_history_results` CHECK (JSON_TYPE(`results`) = 'ARRAY')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='History of command executions.';
CREATE INDEX `idx_command_history_server_id` ON `command_history` (`server_id`);
CREATE INDEX `idx_command_history_user_id` ON `command_history` (`user_id`);
-- Applications of templates to servers.
CREATE TABLE `template_usage` (
  `usage_id` CHAR(36) NOT NULL DEFAULT (UUID()) PRIMARY KEY COMMENT 'UUID',
  `template_id` CHAR(36),
  `server_id` BIGINT,
  `user_id` BIGINT,
  `applied_variables` JSON COMMENT 'Variables used',
  `execution_results` JSON COMMENT 'Results of application',
  `status` ENUM('successful', 'failed', 'partial') COMMENT 'successful, failed, partial',
  `applied_at` DATETIME(6),
  CONSTRAINT `fk_template_usage_template_id` FOREIGN KEY (`template_id`) REFERENCES `templates` (`template_id`) ON DELETE RESTRICT,
  CONSTRAINT `fk_template_usage_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE RESTRICT,
  CONSTRAINT `fk_template_usage_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`user_id`) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Applications of templates to servers.';
CREATE INDEX `idx_template_usage_template_id` ON `template_usage` (`template_id`);
CREATE INDEX `idx_template_usage_server_id` ON `template_usage` (`server_id`);
CREATE INDEX `idx_template_usage_user_id` ON `template_usage` (`user_id`);
-- Audit log of the actions command executions perform.
CREATE TABLE `audit_logs` (
  `log_id` CHAR(36) NOT NULL DEFAULT (UUID()) PRIMARY KEY COMMENT 'UUID',
  `execution_id` CHAR(36) COMMENT 'Related command execution',
  `server_id` BIGINT NOT NULL,
  `user_id` BIGINT NOT NULL,
  `action_type` ENUM('channel_created', 'channel_modified', 'channel_deleted', 'role_created', 'role_modified', 'role_deleted', 'permission_granted', 'permission_revoked', 'template_applied', 'configuration_changed', 'command_executed', 'error_occurred') NOT NULL,
  `action_details` JSON NOT NULL COMMENT 'Detailed action information',
  `before_state` JSON COMMENT 'State before action',
  `after_state` JSON COMMENT 'State after action',
  `ip_address` VARCHAR(255),
  `user_agent` VARCHAR(255),
  `logged_at` DATETIME(6) NOT NULL,
  CONSTRAINT `fk_audit_logs_execution_id` FOREIGN KEY (`execution_id`) REFERENCES `command_history` (`execution_id`) ON DELETE RESTRICT,
  CONSTRAINT `fk_audit_logs_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE RESTRICT,
  CONSTRAINT `fk_audit_logs_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`user_id`) ON DELETE RESTRICT,
  CONSTRAINT `ck_audit_logs_action_details` CHECK (JSON_TYPE(`action_details`) = 'OBJECT')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Audit log of the actions command executions perform.';
CREATE INDEX `idx_audit_logs_execution_id` ON `audit_logs` (`execution_id`);
CREATE INDEX `idx_audit_logs_server_id` ON `audit_logs` (`server_id`);
CREATE INDEX `idx_audit_logs_user_id` ON `audit_logs` (`user_id`);
CREATE TRIGGER `trg_audit_logs_no_update` BEFORE UPDATE ON `audit_logs`
FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs is append-only: UPDATE is not allowed';
CREATE TRIGGER `trg_audit_logs_no_delete` BEFORE DELETE ON `audit_logs`
FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs is append-only: DELETE is not allowed';
-- Channels of the servers the bot is in.
CREATE TABLE `channels` (
  `channel_id` BIGINT NOT NULL PRIMARY KEY COMMENT 'Discord Channel ID',
  `server_id` BIGINT,
  `name` VARCHAR(255),
  `type` ENUM('text', 'voice', 'category') COMMENT 'text, voice, category',
  `category_id` BIGINT COMMENT 'Parent category',
  `permissions` JSON COMMENT 'Channel-specific permissions',
  `is_managed` BOOLEAN COMMENT 'Created by bot',
  `created_at` DATETIME(6),
  `updated_at` DATETIME(6),
  CONSTRAINT `fk_channels_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Channels of the servers the bot is in.';
CREATE INDEX `idx_channels_server_id` ON `channels` (`server_id`);
-- Roles of the servers the bot is in.
CREATE TABLE `roles` (
  `role_id` BIGINT NOT NULL PRIMARY KEY COMMENT 'Discord Role ID',
  `server_id` BIGINT,
  `name` VARCHAR(255),
  `color` VARCHAR(255) COMMENT 'Hex color code',
  `permissions` JSON COMMENT 'Role permissions',
  `position` INT,
  `is_managed` BOOLEAN COMMENT 'Created by bot',
  `created_at` DATETIME(6),
  `updated_at` DATETIME(6),
  CONSTRAINT `fk_roles_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`server_id`) ON DELETE CASCADE,
  CONSTRAINT `ck_roles_permissions` CHECK (`permissions` IS NULL OR (JSON_TYPE(`permissions`) = 'ARRAY'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Roles of the servers the bot is in.';
CREATE INDEX `idx_roles_server_id` ON `roles` (`server_id`);
-- Migration tracking table.
CREATE TABLE `schema_migrations` (
  `version` VARCHAR(50) NOT NULL PRIMARY KEY,
  `description` TEXT,
  `applied_at` DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
  `checksum` VARCHAR(64)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Migration tracking table.';

INSERT INTO `schemagen_migrations` (`schema_name`, `version`, `name`, `checksum`) VALUES ('setai_bot', 1, '0001_initial', 'e6f9437c36dd3f7f20ce9cbc4634596b022ec7547994ba8919526da1ea5a5089');
