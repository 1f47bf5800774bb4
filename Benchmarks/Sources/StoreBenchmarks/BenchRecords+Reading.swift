import Foundation
import SchemaGenRuntime

// The stored-byte decoders of the benchmark's records, as schemagen generates them
// (`init(reading:)`): the store's typed reads decode through them with no row of values.
// Kept apart so the same workloads build against a runtime without the seam (a "before" run).

extension BenchMessage {
    init(reading reader: inout RowReader) throws {
        try reader.expectColumns(5)
        id = try Int64(reading: &reader)
        chat = try Int64(reading: &reader)
        time = try Date(reading: &reader)
        author = try Int64(reading: &reader)
        text = try String(reading: &reader)
    }
}

extension BenchMember {
    init(reading reader: inout RowReader) throws {
        try reader.expectColumns(3)
        id = try Int64(reading: &reader)
        guild = try Int64(reading: &reader)
        xp = try Int64(reading: &reader)
    }
}
