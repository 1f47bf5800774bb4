import Foundation
@testable import SchemaGenRuntime
import SeededRandomness

/// The simple in-memory model the randomized evolution test compares the store with: one table
/// `items(id, …)`, its columns' kinds, its indexes, and every row's values by column name.
struct EvolutionModel {
    enum Kind: Equatable {
        case integer(bits: Int)
        case text(max: Int?)
        case enumeration(String, cases: [String])
        /// Named int64 fields, in storage order.
        case document(String, fields: [String])
    }

    enum Value: Equatable {
        case null
        case int(Int64)
        case text(String)
        case doc([String: Int64])
    }

    struct Column: Equatable {
        var name: String
        var kind: Kind
        var nullable: Bool
    }

    struct Index: Equatable {
        var name: String
        var column: String
        var unique: Bool
    }

    var columns: [Column] = []
    var indexes: [Index] = []
    var rows: [Int64: [String: Value]] = [:]
    /// Names handed out so far (columns, enums, documents, cases, fields, indexes never reuse one).
    var counter = 0

    mutating func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    static func shape(_ kind: Kind) -> (ColumnType, ValueShape) {
        switch kind {
        case .integer(let bits): return (.int, .integer(bits: bits))
        case .text(let max): return (.string, .string(maxLength: max))
        case .enumeration(let name, let cases): return (.string, .enumeration(name, cases: cases))
        case .document(let name, let fields): return (.bytes, .document(name, fields: fields.map { DocumentField($0, .integer(bits: 64)) }))
        }
    }

    var schema: StoreSchema {
        let defs = [ColumnDefinition("id", .int)] + columns.map { c in
            let (type, shape) = Self.shape(c.kind)
            return ColumnDefinition(c.name, type, nullable: c.nullable, shape: shape)
        }
        return StoreSchema(tables: [TableDefinition("items", columns: defs, primaryKey: ["id"],
                                                    indexes: indexes.map { IndexDefinition($0.name, on: [IndexColumn($0.column)], unique: $0.unique) })])
    }

    static func store(_ value: Value, _ kind: Kind) -> StoreValue {
        switch (value, kind) {
        case (.null, _): return .null
        case (.int(let v), _): return .int(v)
        case (.text(let s), _): return .string(s)
        case (.doc(let fields), .document(_, let order)):
            return document { w in order.forEach { w.writeSigned(fields[$0]!) } }
        case (.doc, _): preconditionFailure("a document value in a column of another kind")
        }
    }

    /// The rows the store must hold, in primary-key order.
    var storeRows: [Row] {
        rows.keys.sorted().map { id in [.int(id)] + columns.map { Self.store(rows[id]![$0.name]!, $0.kind) } }
    }

    /// A random value of `kind` (null sometimes when `nullable`); integers of 64 bits are now
    /// and then too large for 32, and texts longer than a later, narrower limit.
    static func random(_ kind: Kind, nullable: Bool, using rng: inout SeededRandom) -> Value {
        if nullable, Int.random(in: 0..<5, using: &rng) == 0 { return .null }
        switch kind {
        case .integer(let bits):
            if bits == 64, Int.random(in: 0..<8, using: &rng) == 0 { return .int(Int64.random(in: Int64(Int32.max)...Int64.max, using: &rng)) }
            return .int(Int64.random(in: -1000...1000, using: &rng))
        case .text(let max):
            let length = Int.random(in: 0...min(max ?? 12, 12), using: &rng)
            return .text(String((0..<length).map { _ in "abcxyz".randomElement(using: &rng)! }))
        case .enumeration(_, let cases): return .text(cases.randomElement(using: &rng)!)
        case .document(_, let fields):
            return .doc(Dictionary(uniqueKeysWithValues: fields.map { ($0, Int64.random(in: -99...99, using: &rng)) }))
        }
    }

    func randomRow(using rng: inout SeededRandom) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: columns.map { ($0.name, Self.random($0.kind, nullable: $0.nullable, using: &rng)) })
    }

    /// Whether the non-null values of `column` have a duplicate (a unique index over it fails).
    func hasDuplicates(_ column: String) -> Bool {
        let values = rows.values.map { $0[column]! }.filter { $0 != .null }
        return values.count != Set(values.map { "\($0)" }).count
    }
}
