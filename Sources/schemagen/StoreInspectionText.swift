import Foundation
import SchemaGenRuntime

/// The text `schemagen store inspect` prints for a ``StoreInspection``.
enum StoreInspectionText {
    static func render(_ inspection: StoreInspection, path: String) -> String {
        var lines = ["store \(path)"]
        if let backup = inspection.backup {
            let time = ISO8601DateFormatter.withFractions.string(from: Date(timeIntervalSince1970: Double(backup.createdAt) / 1_000_000))
            lines.append("backup taken \(time), next sequence \(backup.nextSequence)")
        }
        lines.append("tables:")
        for table in inspection.tables {
            let columns = table.columns.map { "\($0.name) \($0.type.rawValue)\($0.isNullable ? "?" : "")" }.joined(separator: ", ")
            lines.append("  \(table.name): \(table.rows) rows; columns \(columns); primary key (\(table.primaryKey.joined(separator: ", ")))"
                         + (table.indexes.isEmpty ? "" : "; indexes \(table.indexes.joined(separator: ", "))"))
        }
        lines.append("files:")
        // snapshot.dat, or pages.meta plus the page file for a page-file store.
        lines.append("  checkpoint: \(inspection.snapshotBytes) bytes")
        if let freeBytes = inspection.freePageBytes, let freeRuns = inspection.freePageRuns {
            lines.append("    free page runs: \(freeBytes) bytes in \(freeRuns) runs, \(inspection.freePageBytesFreedByLastCheckpoint ?? 0) of them "
                         + "freed by the last checkpoint")
        }
        for log in inspection.logs {
            lines.append("  \(log.name): \(log.bytes) bytes, \(log.transactions) transactions from sequence \(log.firstSequence)"
                         + (log.hasCommitTimes ? "" : " (format 002, no commit times)"))
        }
        lines.append("next sequence \(inspection.nextSequence)" + (inspection.hasTornTail ? "; the newest log ends in a torn record" : ""))
        return lines.joined(separator: "\n")
    }
}
