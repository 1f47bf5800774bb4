// swift-tools-version:6.0
// schemagen: declarative bot-data schemas → SQL, MongoDB setup, docs, Swift models,
// and an embedded durable store. Depends on the Swift toolchain alone.
import PackageDescription

let package = Package(
    name: "schemagen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "schemagen", targets: ["schemagen"]),
        .library(name: "SchemaLanguage", targets: ["SchemaLanguage"]),
        .library(name: "SchemaEmitters", targets: ["SchemaEmitters"]),
        .library(name: "SchemaGenRuntime", targets: ["SchemaGenRuntime"]),
        .library(name: "SchemaGenPostgres", targets: ["SchemaGenPostgres"]),
        .library(name: "SchemaGenPostgresAccess", targets: ["SchemaGenPostgresAccess"]),
        .plugin(name: "SchemaGenPlugin", targets: ["SchemaGenPlugin"]),
        .plugin(name: "SchemaGenCommand", targets: ["SchemaGenCommand"]),
    ],
    targets: [
        // Stage 1+2: syntax (lexer, parser, syntax tree) → checker → resolved model; formatter.
        .target(name: "SchemaLanguage"),
        // Stage 3: one emitter per target, each a pure function of the resolved model.
        .target(name: "SchemaEmitters", dependencies: ["SchemaLanguage"]),
        // The CPU's CRC-32C instruction (SSE4.2 on x86_64, ARMv8 CRC on arm64) in C, detected at run
        // time: Swift cannot reach it. Compiled by the toolchain's clang; no package dependency.
        .target(name: "CCRC32C"),
        // Prefetch hints (the compiler's builtin) for reading cold page records: Swift has none.
        .target(name: "CMemoryPrefetch"),
        // The embedded durable B-tree store generated repositories run on (Foundation, CCRC32C and CMemoryPrefetch only).
        .target(name: "SchemaGenRuntime", dependencies: ["CCRC32C", "CMemoryPrefetch"]),
        // libpq (PostgreSQL's C client) as a system library; only SchemaGenPostgres links it, so
        // `schemagen` and store-only users build without libpq installed.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        // PostgreSQL client layer: connections, pool, typed values, transactions, typed errors.
        .target(name: "SchemaGenPostgres", dependencies: ["CLibPQ"]),
        // Generated repositories on PostgreSQL: the runtime's table surface (TableReader/Writer)
        // over the client. A separate target, so store-only users link neither it nor libpq.
        .target(name: "SchemaGenPostgresAccess", dependencies: ["SchemaGenPostgres", "SchemaGenRuntime"]),
        // The command-line tool: check, fmt, build, … and `store` (operations on a store directory).
        .executableTarget(name: "schemagen", dependencies: ["SchemaLanguage", "SchemaEmitters", "SchemaGenRuntime"]),
        // Build-tool plugin: a target's `.schema` files become its Swift data layer at build time.
        .plugin(name: "SchemaGenPlugin", capability: .buildTool(), dependencies: ["schemagen"]),
        // Command plugin: `swift package schemagen build|check|fmt|diff|migrate …` in the package directory.
        .plugin(name: "SchemaGenCommand",
                capability: .command(intent: .custom(verb: "schemagen", description: "Run schemagen in this package"),
                                     permissions: [.writeToPackageDirectory(reason: "schemagen writes generated/ and schema/migrations/")]),
                dependencies: ["schemagen"]),
        // Times `schemagen diff` and migration planning on a 1,000-table schema (release build).
        .executableTarget(name: "DiffBenchmark", dependencies: ["SchemaLanguage", "SchemaEmitters"]),
        // A child process for the store's crash tests: commits until killed, reporting each acknowledged commit.
        .executableTarget(name: "StoreCrashWorker", dependencies: ["SchemaGenRuntime"]),

        // Generated Swift of the seed schemas (`schemagen build` writes generated/<schema>/Swift).
        .target(name: "DiscordBotData", dependencies: ["SchemaGenRuntime"], path: "generated/discord_bot/Swift"),
        .target(name: "GryagBotData", dependencies: ["SchemaGenRuntime"], path: "generated/gryag_bot/Swift"),
        .target(name: "MozaiksCoreData", dependencies: ["SchemaGenRuntime"], path: "generated/mozaiks_core/Swift"),
        .target(name: "SetaiBotData", dependencies: ["SchemaGenRuntime"], path: "generated/setai_bot/Swift"),
        .target(name: "SyncaraBotData", dependencies: ["SchemaGenRuntime"], path: "generated/syncara_bot/Swift"),
        // The PostgreSQL facades of the seeds that target PostgreSQL (generated/<schema>/SwiftPostgres).
        .target(name: "DiscordBotPostgres", dependencies: ["DiscordBotData", "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                path: "generated/discord_bot/SwiftPostgres"),
        .target(name: "GryagBotPostgres", dependencies: ["GryagBotData", "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                path: "generated/gryag_bot/SwiftPostgres"),
        // The PostgreSQL facade of setai_bot, a MySQL seed, built for the tests with `--also-target postgres`
        // (Tests/Fixtures/setai_postgres holds only what the added target adds, so it uses SetaiBotData).
        .target(name: "SetaiBotPostgres", dependencies: ["SetaiBotData", "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                path: "Tests/Fixtures/setai_postgres/setai_bot/SwiftPostgres"),
        // Generated Swift of the hostile-names corpus (Tests/Fixtures/hostile_names/names.schema):
        // names that collide with runtime, facade, keyword and standard-library names must compile.
        // Named `<Prefix>Data` as every generated library is, so its PostgreSQL facade imports it.
        .target(name: "NamesData", dependencies: ["SchemaGenRuntime"], path: "Tests/Fixtures/hostile_names/names/Swift"),
        // Its PostgreSQL facade: entity types named like the PostgreSQL libraries' types must not make it ambiguous.
        .target(name: "HostileNamesPostgres", dependencies: ["NamesData", "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                path: "Tests/Fixtures/hostile_names/names/SwiftPostgres"),
        // Generated Swift of the PostgreSQL sweep fixture (Tests/Fixtures/postgres_sweeps/sweeps.schema):
        // held-back rows, an owner-scoped table and a MongoDB collection, and its PostgreSQL facade.
        .target(name: "SweepsData", dependencies: ["SchemaGenRuntime"], path: "Tests/Fixtures/postgres_sweeps/sweeps/Swift"),
        .target(name: "SweepsPostgres", dependencies: ["SweepsData", "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                path: "Tests/Fixtures/postgres_sweeps/sweeps/SwiftPostgres"),
        // Generated Swift of two versions of one schema (Tests/Fixtures/store_evolution): a store
        // the v1 code writes must open under the v2 code with every value intact.
        .target(name: "StoreEvolutionV1Data", dependencies: ["SchemaGenRuntime"], path: "Tests/Fixtures/store_evolution/v1/notes/Swift"),
        .target(name: "StoreEvolutionV2Data", dependencies: ["SchemaGenRuntime"], path: "Tests/Fixtures/store_evolution/v2/notes/Swift"),

        // Throwaway PostgreSQL / MariaDB servers, sqlite3 and node for the tests (not a product).
        .target(name: "ServerHarness", path: "Tests/ServerHarness"),
        // The comparison of a seed query step's rows, shared by its SQL side and its store side.
        .target(name: "SeedQueryRows", path: "Tests/SeedQueryRows"),
        // The randomized tests' seeded generator.
        .target(name: "SeededRandomness", path: "Tests/SeededRandomness"),

        .testTarget(name: "SchemaLanguageTests", dependencies: ["SchemaLanguage", "SeededRandomness"]),
        // Golden/ holds expected emitter output, read from disk by the tests (not a resource).
        // SchemaGenRuntime: generated Swift of test schemas is compiled against it, and its validators tested.
        .testTarget(name: "SchemaEmittersTests", dependencies: ["SchemaLanguage", "SchemaEmitters", "SchemaGenRuntime", "ServerHarness",
                                                               "SeedQueryRows"],
                    exclude: ["Golden"]),
        .testTarget(name: "GeneratedCodeTests",
                    dependencies: ["DiscordBotData", "GryagBotData", "MozaiksCoreData", "SetaiBotData", "SyncaraBotData",
                                   "NamesData", "StoreEvolutionV1Data", "StoreEvolutionV2Data", "SchemaGenRuntime",
                                   "SeedQueryRows", "SeededRandomness"]),
        .testTarget(name: "SchemaGenRuntimeTests", dependencies: ["SchemaGenRuntime", "StoreCrashWorker", "SeededRandomness"]),
        // The PostgreSQL client layer, against the harness's PostgreSQL server.
        .testTarget(name: "SchemaGenPostgresTests", dependencies: ["SchemaGenPostgres", "ServerHarness"]),
        // The generated repositories of the relational seeds, one test body on both backends: the
        // store and a PostgreSQL server the harness starts. schemagen: `store export` is run as a user would.
        .testTarget(name: "RepositoryBackendTests",
                    dependencies: ["DiscordBotData", "DiscordBotPostgres", "GryagBotData", "GryagBotPostgres", "SchemaGenPostgresAccess",
                                   "SchemaGenPostgres", "ServerHarness", "schemagen", "HostileNamesPostgres", "SweepsData",
                                   "SweepsPostgres", "SetaiBotData", "SetaiBotPostgres", "SeededRandomness"]),
        // Runs the built `schemagen` executable as a user would.
        // SchemaGenRuntime: the `store` command's tests create the stores it operates on.
        .testTarget(name: "SchemagenCLITests", dependencies: ["schemagen", "SchemaGenRuntime"]),
    ]
)
