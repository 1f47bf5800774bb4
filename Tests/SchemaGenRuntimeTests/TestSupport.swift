import Foundation
import Testing
@testable import SchemaGenRuntime

/// Whether the long variants of the randomized and crash tests should run.
let heavyTests = ProcessInfo.processInfo.environment["SCHEMAGEN_HEAVY"] == "1"

/// A fresh seed, or the one given in SCHEMAGEN_SEED to replay a failure. The seed is printed
/// with the calling test's name, so a test that ends in a thrown error (whose message cannot
/// carry the seed) can be replayed too.
func testSeed(_ test: String = #function) -> UInt64 {
    let seed: UInt64
    if let s = ProcessInfo.processInfo.environment["SCHEMAGEN_SEED"] {
        // A mistyped seed must not quietly become a fresh one: the "replay" would test another case.
        guard let v = UInt64(s) else { preconditionFailure("SCHEMAGEN_SEED=\(s) is not an unsigned 64-bit integer") }
        seed = v
    } else {
        seed = UInt64.random(in: 1...UInt64.max)
    }
    print("\(test) draws SCHEMAGEN_SEED=\(seed)")
    return seed
}

/// A new empty directory under the system temporary directory, removed by `cleanup`.
final class TemporaryDirectory {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-store-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    /// A path for a store inside this directory (not yet created).
    func store(_ name: String = "store") -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The ``StoreError`` `body` throws, or nil if it returns. Any other error is recorded as a
/// test failure (and gives nil), so comparing the result with an expected case is exact.
func storeError<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> StoreError? {
    do {
        _ = try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The checkpoint format the store tests run on. A test parameterized by format runs its body in
/// `StoreFormat.$pages.withValue(pages) { … }`; every store it opens with ``fastOptions`` or
/// ``StoreFormat/options(_:)`` then keeps its checkpoints in that format. Outside such a body it
/// is the store's own default, so an unparameterized test runs on the format users get.
enum StoreFormat {
    @TaskLocal static var pages = StoreOptions().usesPageFile

    /// `options` with the format under test.
    static func options(_ options: StoreOptions) -> StoreOptions {
        var options = options
        options.usesPageFile = pages
        return options
    }

    /// The file a checkpoint writes and renames into place: `pages.meta.tmp` or `snapshot.dat.tmp`.
    static var temporaryCheckpoint: String { pages ? FileFormat.Pages.temporaryMeta : FileFormat.Directory.temporarySnapshot }
}

/// Options for tests that don't need real fsyncs (in the format under test, see ``StoreFormat``).
var fastOptions: StoreOptions { StoreFormat.options(StoreOptions(durability: .unsynced)) }

/// Copies every file of store `from` into a new store directory `to`.
func copyStore(_ from: String, to: String) throws {
    try? FileManager.default.removeItem(atPath: to)
    try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: from) where name != "LOCK" {
        try FileManager.default.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
    }
}

/// The newest log file of a store.
func newestLog(_ store: String) throws -> String {
    let names = try FileManager.default.contentsOfDirectory(atPath: store).filter { $0.hasPrefix("wal-") }.sorted()
    return store + "/" + names.last!
}

/// All rows of every table, for whole-store comparisons.
func dump(_ snapshot: Snapshot, tables: [String]) throws -> [String: [Row]] {
    var out: [String: [Row]] = [:]
    for t in tables { out[t] = try snapshot.scan(t) }
    return out
}
