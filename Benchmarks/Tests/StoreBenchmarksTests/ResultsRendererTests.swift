import Foundation
import Testing
@testable import StoreBenchmarks

/// The README's labels come from these rules, so they are pinned here.
@Suite struct ResultsRendererTests {
    func results(store: [Double], sqlite: [Double], rows: Int = 1_000_000) -> BenchmarkResults {
        var r = BenchmarkResults(started: "t0", rows: rows, rounds: store.count, cores: 2, memoryBytes: 1 << 30, system: "test",
                                 sqliteVersion: "3", sqlitePragmas: [:], loadAtStart: "1 1 1")
        for (round, v) in store.enumerated() { r.add(round: round, engine: "SchemaGenRuntime", .pointReads, v) }
        for (round, v) in sqlite.enumerated() { r.add(round: round, engine: "SQLite WAL", .pointReads, v) }
        return r
    }

    func pointReadsRow(_ r: BenchmarkResults) -> String {
        ResultsRenderer(results: r).render().split(separator: "\n").first { $0.hasPrefix("| point reads") }.map(String.init) ?? ""
    }

    @Test func medianOfOddAndEvenCounts() {
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
    }

    @Test func targetMetInEveryRound() {
        let row = pointReadsRow(results(store: [600, 500, 700], sqlite: [100, 100, 100]))
        #expect(row == "| point reads by key (reads/s) | 600 (500–700) | 100 (100–100) | 6.00x (5.00–7.00) | ≥ 3x | **met** |")
    }

    @Test func targetMetAtTheMedianOnly() {
        let row = pointReadsRow(results(store: [600, 200, 700], sqlite: [100, 100, 100]))
        #expect(row.hasSuffix("| 6.00x (2.00–7.00) | ≥ 3x | median only |"))
    }

    @Test func ratiosArePerRoundNotOfMedians() {
        // Medians 200 and 100 would give 2x; the per-round ratios are 1x, 4x, 1x.
        let row = pointReadsRow(results(store: [100, 400, 200], sqlite: [100, 100, 200]))
        #expect(row.hasSuffix("| 1.00x (1.00–4.00) | ≥ 3x | **not met** |"))
    }

    @Test func theStoreFormatIsNamedAndOldFilesWereSnapshotFiles() throws {
        var r = results(store: [600], sqlite: [100])
        #expect(ResultsRenderer(results: r).render().contains("; store checkpoints: snapshot file; "))
        r.storeFormat = StoreFormatChoice.pageFile.rawValue
        #expect(ResultsRenderer(results: r).render().contains("; store checkpoints: page file; "))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-format-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try r.write(to: path)
        #expect(try BenchmarkResults.read(from: path).storeFormat == "page-file")
    }

    @Test func postgresIsAColumnBesideSQLiteWithARatioButNoTargetStatus() {
        var r = results(store: [600, 500, 700], sqlite: [100, 100, 100])
        // Recorded first, as in a round where PostgreSQL took the first turn: still shown last.
        var withPostgres = BenchmarkResults(started: r.started, rows: r.rows, rounds: r.rounds, cores: r.cores, memoryBytes: r.memoryBytes,
                                            system: r.system, sqliteVersion: r.sqliteVersion, sqlitePragmas: [:], loadAtStart: r.loadAtStart)
        withPostgres.postgresVersion = "15.8"
        for (round, v) in [50.0, 40, 60].enumerated() { withPostgres.add(round: round, engine: "PostgreSQL", .pointReads, v) }
        for m in r.measurements { withPostgres.measurements.append(m) }
        r = withPostgres
        let lines = ResultsRenderer(results: r).render().split(separator: "\n").map(String.init)
        #expect(lines[0].contains("SQLite 3, PostgreSQL 15.8 (own server over a Unix socket, durable commits); store checkpoints: snapshot file; load average"))
        #expect(lines.contains("| workload | store | SQLite WAL | PostgreSQL | store ÷ SQLite WAL | store ÷ PostgreSQL | target | vs SQLite WAL |"))
        #expect(pointReadsRow(r) == "| point reads by key (reads/s) | 600 (500–700) | 100 (100–100) | 50.00 (40.00–60.00) | 6.00x (5.00–7.00) "
            + "| 12.00x (11.67–12.50) | ≥ 3x | **met** |")
    }

    @Test func resultsSurviveTheFile() throws {
        let r = results(store: [600, 500, 700], sqlite: [100, 100, 100])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try r.write(to: path)
        #expect(pointReadsRow(try BenchmarkResults.read(from: path)) == pointReadsRow(r))
    }
}
