-- SG402 [incompatible] enum DiscordPermission dropped
-- SG402 [incompatible] enum UserStatus dropped
-- SG402 [incompatible] enum ServerStatus dropped
-- SG402 [incompatible] enum ServerRole dropped
-- SG402 [incompatible] enum TemplateStatus dropped
-- SG402 [incompatible] enum CommandStatus dropped
-- SG402 [incompatible] enum CommandType dropped
-- SG402 [incompatible] enum TemplateCategory dropped
-- SG402 [incompatible] enum AuditActionType dropped
-- SG502 [destructive, incompatible, irreversible] type UserProfile dropped
-- SG502 [destructive, incompatible, irreversible] type UserPreferences dropped
-- SG502 [destructive, incompatible, irreversible] type NotificationSettings dropped
-- SG502 [destructive, incompatible, irreversible] type AISettings dropped
-- SG502 [destructive, incompatible, irreversible] type CachedUserServer dropped
-- SG502 [destructive, incompatible, irreversible] type ServerSpecificSettings dropped
-- SG502 [destructive, incompatible, irreversible] type CachedServerConfiguration dropped
-- SG502 [destructive, incompatible, irreversible] type ServerSettings dropped
-- SG502 [destructive, incompatible, irreversible] type FeatureFlags dropped
-- SG502 [destructive, incompatible, irreversible] type RateLimits dropped
-- SG502 [destructive, incompatible, irreversible] type ModerationSettings dropped
-- SG502 [destructive, incompatible, irreversible] type CommandExecution dropped
-- SG502 [destructive, incompatible, irreversible] type ExecutionResult dropped
-- SG502 [destructive, incompatible, irreversible] type AIInterpretation dropped
-- SG502 [destructive, incompatible, irreversible] type ExtractedEntity dropped
-- SG502 [destructive, incompatible, irreversible] type TextPosition dropped
-- SG502 [destructive, incompatible, irreversible] type StructuredCommand dropped
-- SG502 [destructive, incompatible, irreversible] type ConfigurationTemplate dropped
-- SG502 [destructive, incompatible, irreversible] type TemplateConfiguration dropped
-- SG502 [destructive, incompatible, irreversible] type TemplateVariable dropped
-- SG502 [destructive, incompatible, irreversible] type VariableValidation dropped
-- SG502 [destructive, incompatible, irreversible] type TemplateMetadata dropped
-- SG502 [destructive, incompatible, irreversible] type ChannelConfig dropped
-- SG502 [destructive, incompatible, irreversible] type ChannelSettings dropped
-- SG502 [destructive, incompatible, irreversible] type PermissionOverride dropped
-- SG502 [destructive, incompatible, irreversible] type RoleConfig dropped
-- SG502 [destructive, incompatible, irreversible] type ActionDetails dropped
-- SG102 [destructive, incompatible, irreversible] table users dropped with its data
-- SG102 [destructive, incompatible, irreversible] table servers dropped with its data
-- SG102 [destructive, incompatible, irreversible] table user_servers dropped with its data
-- SG102 [destructive, incompatible, irreversible] table server_configurations dropped with its data
-- SG102 [destructive, incompatible, irreversible] table templates dropped with its data
-- SG102 [destructive, incompatible, irreversible] table command_history dropped with its data
-- SG102 [destructive, incompatible, irreversible] table template_usage dropped with its data
-- SG102 [destructive, incompatible, irreversible] table audit_logs dropped with its data
-- SG102 [destructive, incompatible, irreversible] table channels dropped with its data
-- SG102 [destructive, incompatible, irreversible] table roles dropped with its data
-- SG102 [destructive, incompatible, irreversible] table schema_migrations dropped with its data
-- SG702 [safe] cache server_info dropped
-- SG702 [safe] cache server_channels dropped
-- SG702 [safe] cache server_roles dropped
-- SG702 [safe] cache server_permissions dropped
-- SG702 [safe] cache user_profile dropped
-- SG702 [safe] cache user_server_list dropped
-- SG702 [safe] cache user_server_permissions dropped
-- SG702 [safe] cache ai_response dropped
-- SG702 [safe] cache ai_context dropped
-- SG702 [safe] cache ratelimit_user dropped
-- SG702 [safe] cache ratelimit_server dropped
-- SG702 [safe] cache ratelimit_global dropped
-- SG702 [safe] cache session dropped
-- SG702 [safe] cache command_execution dropped
-- SG702 [safe] cache config_server dropped
-- SG702 [safe] cache config_global dropped
-- SG702 [safe] cache template dropped

SET time_zone = '+00:00';

DROP TABLE `schema_migrations`;
DROP TABLE `roles`;
DROP TABLE `channels`;
DROP TRIGGER IF EXISTS `trg_audit_logs_no_update`;
DROP TRIGGER IF EXISTS `trg_audit_logs_no_delete`;
DROP TABLE `audit_logs`;
DROP TABLE `template_usage`;
DROP TABLE `command_history`;
DROP TABLE `templates`;
DROP TABLE `server_configurations`;
DROP TABLE `user_servers`;
DROP TABLE `servers`;
DROP TABLE `users`;

DELETE FROM `schemagen_migrations` WHERE `schema_name` = 'setai_bot' AND `version` = 1;
