import Foundation
import Testing

/// Writes without the capability the access rules grant, and writes an append-only entity does not
/// allow, must not compile. Each snippet is type-checked by `swiftc` against the `DiscordBotData`
/// module this test build compiled; README.md and docs/swift-api.md quote the same messages.
@Suite struct CapabilityCompileTests {
    /// The compiler's message for an insert without `access { insert: moderation }`'s capability:
    /// the unavailable twin's message names the module that may insert.
    static let missingCapability =
        "'insert' is unavailable: insert into 'warnings' through its writer module: db.moderation.warnings.insert(…)"
    /// The compiler's message for a delete of append-only `mod_actions`.
    static let appendOnlyDelete = "value of type 'ModActionRepository<ModerationWriter<StoreAccess>>' has no member 'delete'"
    /// The compiler's message for an update of append-only `mod_actions`.
    static let appendOnlyUpdate = "value of type 'ModActionRepository<ModerationWriter<StoreAccess>>' has no member 'update'"
    /// The compiler's message for an upsert of append-only `mod_actions`.
    static let appendOnlyUpsert = "value of type 'ModActionRepository<ModerationWriter<StoreAccess>>' has no member 'upsert'"
    /// The compiler's message for an update by `moderation`, which may insert warnings; only
    /// `maintenance` and `moderation.pardon` may update them.
    static let wrongModule = "'update(id:_:)' is unavailable: update 'warnings' through a writer module that may: "
        + "db.maintenance.warnings.update(…) or db.moderation.pardon.warnings.update(…)"
    /// Inside a transaction without the writer module, the same guidance.
    static let transactionDelete = "'delete(id:)' is unavailable: delete from 'warnings' through its writer module: "
        + "db.maintenance.warnings.delete(…)"

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func writesWithTheCapabilityCompile() throws {
        let output = try SnippetCompiler.typecheck("""
            import DiscordBotData
            func allowed(_ db: DiscordBotDatabase, _ warning: Warning, _ action: ModAction) throws {
                _ = try db.moderation.warnings.insert(warning)
                _ = try db.moderation.modActions.insert(action)
                _ = try db.moderation.pardon.warnings.update(id: 1) { $0.active = false }
            }
            """)
        #expect(output.status == 0, "\(output.text)")
        #expect(!output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"),
          arguments: [
              ("_ = try db.warnings.insert(warning)", missingCapability),
              ("_ = try db.moderation.modActions.delete(id: 1)", appendOnlyDelete),
              ("_ = try db.moderation.modActions.update(action)", appendOnlyUpdate),
              ("_ = try db.moderation.modActions.upsert(action)", appendOnlyUpsert),
              ("_ = try db.moderation.warnings.update(id: 1) { $0.active = false }", wrongModule),
              ("try db.write { tx in _ = try tx.warnings.delete(id: 1) }", transactionDelete),
          ])
    func forbiddenWritesDoNotCompile(_ statement: String, _ message: String) throws {
        let output = try SnippetCompiler.typecheck("""
            import DiscordBotData
            func forbidden(_ db: DiscordBotDatabase, _ warning: Warning, _ action: ModAction) throws {
                \(statement)
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:3:") && output.text.contains("error: " + message), "\(output.text)")
    }

    /// Read-only modules (`access { read: … }`) read the entities that list them.
    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func readsThroughAReaderCompile() throws {
        let output = try SnippetCompiler.typecheck("""
            import DiscordBotData
            func allowed(_ db: DiscordBotDatabase) throws {
                _ = try db.analytics.modActions.get(id: 1)
                _ = try db.analytics.modActions.count()
                _ = try db.aggregation.transactions.all().fetch(limit: 10)
                try db.read { snapshot in _ = try snapshot.analytics.modActions.get(id: 1) }
            }
            """)
        #expect(output.status == 0, "\(output.text)")
        #expect(!output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    /// Writes through a reader, and entities that do not list it, do not compile.
    @Test(.enabled(if: SnippetCompiler.swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"),
          arguments: [
              ("_ = try db.analytics.modActions.insert(action)", "'insert' is unavailable: insert into 'mod_actions' through its writer module: db.moderation.modActions.insert(…)"),
              ("_ = try db.analytics.modActions.delete(id: 1)", "value of type 'ModActionRepository<AnalyticsReader<StoreAccess>>' has no member 'delete'"),
              ("_ = try db.aggregation.transactions.insert(transaction)", "'insert' is unavailable: insert into 'transactions' through its writer module: db.economy.transactions.insert(…)"),
              ("_ = try db.aggregation.transactions.delete(id: 1)", "'delete(id:)' is unavailable: delete from 'transactions' through its writer module: "
               + "db.maintenance.transactions.delete(…)"),
              ("_ = try db.analytics.transactions.count()", "value of type 'AnalyticsReader<StoreAccess>' has no member 'transactions'"),
          ])
    func writesThroughAReaderDoNotCompile(_ statement: String, _ message: String) throws {
        let output = try SnippetCompiler.typecheck("""
            import DiscordBotData
            func forbidden(_ db: DiscordBotDatabase, _ action: ModAction, _ transaction: Transaction) throws {
                \(statement)
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:3:") && output.text.contains("error: " + message), "\(output.text)")
    }

    /// The docs quote what the compiler says, word for word.
    @Test func docsQuoteTheCheckedMessages() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for document in ["README.md", "docs/swift-api.md"] {
            let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
            #expect(text.contains("// error: " + Self.missingCapability), "\(document)")
            #expect(text.contains("// error: " + Self.appendOnlyDelete), "\(document)")
        }
    }
}

/// Type-checks a Swift snippet against the modules of this test build.
enum SnippetCompiler {
    struct Output {
        var status: Int32
        var text: String
    }

    /// `swiftc` from PATH, the toolchain's usual places, or nil when none is installed.
    static let swiftc: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (path + ["/usr/bin", "/opt/swift/usr/bin", "/usr/local/bin"])
            .map { $0 + "/swiftc" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The build's `Modules` folder holding `DiscordBotData.swiftmodule`: next to the test bundle
    /// (whatever `--build-path` was used), else in the package's default debug build.
    static func modulesDirectory() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent(), package.appendingPathComponent(".build/debug")]
            .map { $0.appendingPathComponent("Modules") }
        return try #require(candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("DiscordBotData.swiftmodule").path)
        }, "no DiscordBotData.swiftmodule in \(candidates.map(\.path))")
    }

    static func typecheck(_ source: String) throws -> Output {
        let swiftc = try #require(swiftc)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snippet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("snippet.swift")
        try Data(source.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swiftc)
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // SchemaGenRuntime's C targets (their module maps), which a client of the module loads too.
        process.arguments = ["-typecheck", "-swift-version", "6", "-I", try modulesDirectory().path,
                             "-I", package.appendingPathComponent("Sources/CCRC32C/include").path,
                             "-I", package.appendingPathComponent("Sources/CMemoryPrefetch/include").path, file.path]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }
}
