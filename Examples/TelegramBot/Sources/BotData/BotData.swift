// The code of this module is generated from telegram_bot.schema by the SchemaGen plugin at build
// time (and re-exports SchemaGenRuntime); SwiftPM wants one source file in a target before its plugins run.
