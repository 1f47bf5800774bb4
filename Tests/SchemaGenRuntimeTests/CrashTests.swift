import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Runs the StoreCrashWorker executable built next to this test bundle.
enum CrashWorker {
    /// The worker's path: `SCHEMAGEN_CRASH_WORKER` when set (e.g. a release build of the worker,
    /// `swift build -c release --product StoreCrashWorker`, so kills land in optimised code without
    /// building every test target in release), else the build products directory beside the test binary.
    static var executable: String {
        if let worker = ProcessInfo.processInfo.environment["SCHEMAGEN_CRASH_WORKER"], !worker.isEmpty {
            return URL(fileURLWithPath: worker).standardizedFileURL.path
        }
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                             ?? CommandLine.arguments[0])
        var dir = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside an .xctest bundle; climb out of it.
        while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("StoreCrashWorker").path
    }

    /// The schema the worker uses (kept in step with Sources/StoreCrashWorker/main.swift).
    static let schema = StoreSchema(tables: [
        TableDefinition("orders", columns: [.init("id", .int), .init("note", .string)], primaryKey: ["id"]),
        TableDefinition("items", columns: [.init("id", .int), .init("order", .int), .init("qty", .int)], primaryKey: ["id"],
                        indexes: [IndexDefinition("byOrder", on: ["order"])],
                        foreignKeys: [ForeignKeyDefinition("order", columns: ["order"], references: "orders", ["id"], onDelete: .cascade)]),
    ])

    /// Starts `StoreCrashWorker probe dir` and returns its one-line answer.
    static func probe(_ dir: String) throws -> String {
        let (child, output) = try start("probe", dir)
        child.wait()
        while !output.isEnded { usleep(1000) }
        return output.lines().first ?? ""
    }

    /// Collects a child's stdout on a background thread.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private var ended = false
        func append(_ d: Data) { lock.withLock { if d.isEmpty { ended = true } else { data.append(d) } } }
        var isEnded: Bool { lock.withLock { ended } }
        /// Complete lines only: a line cut by the kill was never fully reported.
        func lines() -> [String] {
            let text = lock.withLock { String(decoding: data, as: UTF8.self) }
            var parts = text.components(separatedBy: "\n")
            parts.removeLast()
            return parts
        }
    }

    /// A running worker: its pid, and its stdout as it arrives.
    struct Child {
        let pid: pid_t
        /// Sends SIGKILL.
        func kill() { _ = Glibc.kill(pid, SIGKILL) }
        /// Waits for the child to exit.
        func wait() {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
    }

    /// Spawns the worker with its stdout on a pipe read by a background thread. posix_spawn
    /// keeps this independent of Foundation's Process, whose run loop adds latency to every exit.
    static func start(_ mode: String, _ dir: String, _ extra: String...) throws -> (Child, Output) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw StoreError.io(operation: "pipe", path: "", errno: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let strings: [String] = [executable, mode, dir] + extra
        let argv: [UnsafeMutablePointer<CChar>?] = strings.map { s -> UnsafeMutablePointer<CChar>? in strdup(s) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw StoreError.io(operation: "posix_spawn", path: executable, errno: rc)
        }
        let output = Output()
        let fd = fds[0]
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    close(fd)
                    output.append(Data())
                    return
                }
                output.append(Data(buffer[0..<n]))
            }
        }
        return (Child(pid: pid), output)
    }
}

@Suite struct CrashTests {
    /// A child commits as fast as it can and prints each acknowledged commit; it is SIGKILLed at
    /// random moments. After every kill, each acknowledged commit must be present, the committed
    /// transactions must form a gap-free prefix, and no transaction may be half applied.
    ///
    /// A SIGKILL leaves the page cache to the kernel, so this cannot catch a missing fsync (the
    /// power-loss tests do); it catches torn process state: half-written records, a checkpoint
    /// killed at any step, recovery of what a dead process left.
    @Test func killedWriterLosesNoAcknowledgedCommit() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        var acknowledged: Int64 = 0
        let kills = heavyTests ? 1000 : 40
        for round in 0..<kills {
            let started = Date()
            let (child, output) = try CrashWorker.start("commit", dir.store())
            let deadline = Date().addingTimeInterval(20)
            while !output.lines().contains("ready"), !output.isEnded, Date() < deadline { usleep(1000) }
            let ready = Date().timeIntervalSince(started)
            // Mostly kill within a few commits; every tenth round live long enough for the
            // worker's automatic checkpoints to finish, or the logs would only ever grow.
            usleep(round % 10 == 9 ? UInt32.random(in: 400_000...1_500_000, using: &rng) : UInt32.random(in: 5_000...120_000, using: &rng))
            child.kill()
            child.wait()
            while !output.isEnded { usleep(1000) }
            let lines = output.lines()
            #expect(!lines.contains { $0.hasPrefix("error") }, "seed \(seed) round \(round): \(lines.filter { $0.hasPrefix("error") })")
            for line in lines { if let n = Int64(line) { acknowledged = max(acknowledged, n) } }

            let t0 = Date()
            // Every fifth round: what the open will find, read by verify without changing anything
            // (the open must report the same), and a full check of every tree.
            let found = round % 5 == 4 ? try Store.verify(at: dir.store(), schema: CrashWorker.schema) : nil
            let store = try Store.open(at: dir.store(), schema: CrashWorker.schema)
            if let found {
                #expect(store.recoveryReport == (found.replayedTransactions, found.hasTornTail), "seed \(seed) round \(round)")
            }
            let s = store.snapshot
            if ProcessInfo.processInfo.environment["CRASH_DEBUG"] != nil { print("round \(round) lines \(lines.count) ready \(ready) open \(Date().timeIntervalSince(t0)) logs \(((try? FileManager.default.contentsOfDirectory(atPath: dir.store())) ?? []).filter { $0.hasPrefix("wal-") }.count)") }
            let orders = try s.scan("orders").map { $0[0].intValue! }
            let items = try s.scan("items")
            let committed = max(orders.max() ?? 0, acknowledged)
            #expect((orders.max() ?? 0) >= acknowledged, "seed \(seed) round \(round): acknowledged commit \(acknowledged) lost")
            // Order n is deleted by the commit n + 10 when that is a multiple of 7.
            let expectedOrders = (1...max(1, committed)).filter { n in
                committed >= 1 && !((n + 10) % 7 == 0 && n + 10 <= committed)
            }
            #expect(orders == (committed == 0 ? [] : expectedOrders), "seed \(seed) round \(round)")
            #expect(items.count == 2 * orders.count, "seed \(seed) round \(round): half-applied transaction")
            let orderSet = Set(orders)
            let orphans = items.filter { !orderSet.contains($0[1].intValue!) }
            #expect(orphans.isEmpty, "seed \(seed) round \(round): orphan items \(orphans.prefix(3))")
            if let found { #expect(found.rowCounts == ["orders": orders.count, "items": items.count], "seed \(seed) round \(round)") }
            if round % 5 == 4 { try s.checkInvariants() }
            store.close()
            // The open cut off any torn tail: the newest log now parses without one.
            let log = try newestLog(dir.store())
            #expect(try RecordFraming.parse(StoreFiles.bytes(log), file: log, allowTornTail: false).discardedTornTail == false)
        }
        #expect(acknowledged > 0)
        _ = try Store.verify(at: dir.store(), schema: CrashWorker.schema)
    }
}
