// swift-tools-version:6.0
// An example bot whose data layer comes from Sources/BotData/telegram_bot.schema at build time,
// through schemagen's build-tool plugin: no generated file is checked in, no manual step.
import PackageDescription

let package = Package(
    name: "TelegramBot",
    platforms: [.macOS(.v13)],
    dependencies: [
        // A path dependency's identity is its folder name; `name:` lets `package: "schemagen"` find it.
        // From another repository: .package(url: "https://github.com/<owner>/schemagen.git", branch: "main")
        .package(name: "schemagen", path: "../.."),
    ],
    targets: [
        // telegram_bot.schema → TelegramBotDatabase, models and repositories, generated on every build that needs it.
        .target(name: "BotData",
                dependencies: [.product(name: "SchemaGenRuntime", package: "schemagen")],
                plugins: [.plugin(name: "SchemaGenPlugin", package: "schemagen")]),
        // What the bot does with an update; no network code, so tests drive it directly.
        .target(name: "BotLogic", dependencies: ["BotData"]),
        // Reads updates as lines from standard input: `<chat> <user> <name> <text>`.
        .executableTarget(name: "telegram-bot", dependencies: ["BotLogic"]),
        .testTarget(name: "BotLogicTests", dependencies: ["BotLogic"]),
    ]
)
