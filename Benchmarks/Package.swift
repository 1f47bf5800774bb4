// swift-tools-version:6.0
// Benchmarks of the SchemaGenRuntime store against SQLite on the same workloads.
// Run with: swift run -c release StoreBenchmarks [--rows N] [--rounds R]; --render FILE prints the tables of a run.
import Foundation
import PackageDescription

// A path dependency's identity is the name of its directory, which differs between checkouts
// (a clone, a worktree), so derive it rather than spell it.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "StoreBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        // The system SQLite (libsqlite3-dev): header /usr/include/sqlite3.h, library libsqlite3.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // The benchmark's tables as a schema (Schemas/chat_bench.schema), generated with
        // `swift run schemagen build --out Benchmarks/Generated Benchmarks/Schemas/chat_bench.schema`
        // from the repository root: the repositories, and their PostgreSQL facade.
        .target(name: "ChatBenchData", dependencies: [.product(name: "SchemaGenRuntime", package: rootIdentity)],
                path: "Generated/chat_bench/Swift"),
        .target(name: "ChatBenchPostgres", dependencies: [
            "ChatBenchData",
            .product(name: "SchemaGenPostgres", package: rootIdentity),
            .product(name: "SchemaGenPostgresAccess", package: rootIdentity),
        ], path: "Generated/chat_bench/SwiftPostgres"),
        .executableTarget(name: "StoreBenchmarks", dependencies: [
            "CSQLite",
            // The PostgreSQL workloads through the generated repositories.
            "ChatBenchPostgres",
            .product(name: "SchemaGenRuntime", package: rootIdentity),
            // The PostgreSQL engine's client (libpq, libpq-dev).
            .product(name: "SchemaGenPostgres", package: rootIdentity),
            // The access the generated repositories run on PostgreSQL.
            .product(name: "SchemaGenPostgresAccess", package: rootIdentity),
        ]),
        .testTarget(name: "StoreBenchmarksTests", dependencies: ["StoreBenchmarks"]),
    ]
)
