import Foundation
import Testing

/// Caches (`cache` entities: TTL spaces of the embedded store) are store-only: the PostgreSQL
/// facade offers no `caches`, so code that uses a cache does not compile against it rather than
/// failing at run time (docs/postgres.md, "Caches"). Each snippet is type-checked by `swiftc`
/// against the hostile-names corpus, which has two caches.
@Suite struct PostgresCachesCompileTests {
    static let swiftc: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (path + ["/usr/bin", "/opt/swift/usr/bin", "/usr/local/bin"]).map { $0 + "/swiftc" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func theStoreFacadeOffersCaches() throws {
        let output = try Self.typecheck("""
            import NamesData
            func allowed(_ db: NamesDatabase) throws {
                _ = db.caches.values
            }
            """)
        #expect(output.status == 0 && !output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: swiftc != nil, "no swiftc found on PATH or in /usr/bin: compile-fail tests skipped"))
    func thePostgresFacadeHasNoCaches() throws {
        let output = try Self.typecheck("""
            import HostileNamesPostgres
            func forbidden(_ db: NamesPostgresDatabase) throws {
                _ = db.caches.values
            }
            """)
        #expect(output.status != 0)
        #expect(output.text.contains("snippet.swift:3:") && output.text.contains("value of type 'NamesPostgresDatabase' has no member 'caches'"),
                "\(output.text)")
    }

    /// The build's `Modules` folder: next to the test bundle, else the package's debug build.
    static func modulesDirectory() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent(), PostgresDatabase.repository.appendingPathComponent(".build/debug")]
            .map { $0.appendingPathComponent("Modules") }
        return try #require(candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("HostileNamesPostgres.swiftmodule").path)
        }, "no HostileNamesPostgres.swiftmodule in \(candidates.map(\.path))")
    }

    /// `swiftc -typecheck` of `source`, with the module map of libpq's system-library target
    /// (the facade's client layer imports it) and libpq's headers.
    static func typecheck(_ source: String) throws -> (status: Int32, text: String) {
        let swiftc = try #require(swiftc)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snippet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("snippet.swift")
        try Data(source.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swiftc)
        process.arguments = ["-typecheck", "-swift-version", "6", "-I", try modulesDirectory().path,
                             "-I", PostgresDatabase.repository.appendingPathComponent("Sources/CLibPQ").path,
                             "-I", PostgresDatabase.repository.appendingPathComponent("Sources/CCRC32C/include").path,
                             "-I", PostgresDatabase.repository.appendingPathComponent("Sources/CMemoryPrefetch/include").path,
                             "-Xcc", "-I/usr/include/postgresql", "-Xcc", "-I/usr/local/include", "-Xcc", "-I/opt/homebrew/opt/libpq/include",
                             file.path]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
