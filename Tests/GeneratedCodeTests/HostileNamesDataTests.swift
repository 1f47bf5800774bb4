import Foundation
import NamesData
import SchemaGenRuntime
import Testing

/// The hostile-names library (a package target) is usable, not only compilable: models named
/// like runtime types store and load, and the runtime's own types keep their meaning beside them.
@Suite struct HostileNamesDataTests {
    @Test func modelsNamedLikeRuntimeTypesRoundTrip() throws {
        let directory = TemporaryDirectory()
        let db = try NamesDatabase.open(at: directory.path)
        defer { db.close() }
        let stored = try db.write { tx in
            try tx.sweepReports.insert(SweepReportRecord(selfValue: "s", type: "t", initValue: 7, history: []))
        }
        #expect(stored.id == 1 && stored.mode == .selfValue)
        #expect(try db.sweepReports.get(id: stored.id) == stored)
        let row = try db.write { tx in try tx.rows.insert(RowRecord()) }
        #expect(try db.read { try $0.rows.count() } == 1 && row.id == 1)
        // `SweepReport` is still the runtime's.
        let report: DatabaseSweepReport = try db.sweep()
        #expect(report.reports.allSatisfy { (($0 as SchemaGenRuntime.SweepReport).total) == 0 })
    }

    /// `pages at most 2`: a page never holds more than two records, whatever limit is asked for
    /// (the runtime's default of 100 would return all five), and the cursor goes on from there.
    /// A field named like the generated constant keeps its own meaning.
    @Test func pagesAreClampedToTheEntitysLimit() throws {
        let directory = TemporaryDirectory()
        let db = try NamesDatabase.open(at: directory.path)
        defer { db.close() }
        for size in 1...5 { try db.pagedEntries.insert(PagedEntry(maximumPageSize: Int32(size))) }
        #expect(PagedEntry.maximumPageSize == 2)
        let first = try db.pagedEntries.all().fetch(limit: 50)
        #expect(first.items.map(\.maximumPageSize) == [1, 2] && first.hasMore)
        let second = try db.pagedEntries.all().fetch(limit: 50, after: first.next)
        #expect(second.items.map(\.maximumPageSize) == [3, 4])
        let last = try db.pagedEntries.all().fetch(limit: 1, after: second.next)
        #expect(last.items.map(\.maximumPageSize) == [5] && !last.hasMore)
    }

    /// Retention periods named `default` and `in` (Swift keywords) are usable periods: the
    /// defaults (30 and 7 days) keep a 10-day-old record seen 10 days ago from the one period and
    /// not the other; periods given to one sweep replace them.
    @Test func keywordNamedPeriodsDriveTheSweep() throws {
        let directory = TemporaryDirectory()
        let db = try NamesDatabase.open(at: directory.path)
        defer { db.close() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let tenDaysAgo = now.addingTimeInterval(-10 * 86_400)
        try db.retentions.insert(RetentionRecord(createdAt: tenDaysAgo))
        try db.retentions.insert(RetentionRecord(createdAt: tenDaysAgo, seenAt: tenDaysAgo))
        let defaults = NamesRetentionPeriods()
        #expect(defaults.default == 30 * 86_400 && defaults.in == 7 * 86_400)
        #expect(try db.sweep(now: now).total == 1)  // `in` = 7d reaches the record seen 10 days ago
        #expect(try db.read { try $0.retentions.count() } == 1)
        #expect(try db.sweep(now: now, periods: NamesRetentionPeriods(default: 20 * 86_400)).total == 0)
        #expect(try db.sweep(now: now, periods: NamesRetentionPeriods(default: 5 * 86_400)).total == 1)
        #expect(try db.read { try $0.retentions.count() } == 0)
    }
}
