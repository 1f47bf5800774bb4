import Foundation
import HostileNamesData
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
}
