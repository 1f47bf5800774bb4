// The data layer of the bot: everything else in this module is generated from
// telegram_bot.schema by schemagen's build-tool plugin when the package builds.
@_exported import SchemaGenRuntime
