import Foundation
import SchemaGenRuntime
import Testing

/// A decimal sub-field compares exactly on its integer scaled by the member's scale, as a
/// decimal column does; a stored decimal that integer cannot hold (more fraction digits, beyond
/// 64 bits) is unknown, and so is a member of a null document or a nil optional member.
@Suite struct DecimalMemberTests {
    /// A nested document with an optional `decimal(20, 2)` member.
    struct Price: FilterableDocument, Equatable {
        var amount: Decimal?

        func encode(to writer: inout BinaryWriter) { amount.encode(to: &writer) }
        init(from reader: inout BinaryReader) throws { amount = try Optional<Decimal>(from: &reader) }
        init(_ amount: Decimal?) { self.amount = amount }

        struct QueryFields: Sendable {
            let amount = DocumentMember<Price, Decimal?>(name: "amount", scale: 2, read: { $0.amount })
        }
        static var queryFields: QueryFields { QueryFields() }
    }

    /// A row holding one such document.
    struct Priced: StoredRecord {
        static let tableName = "priced"
        static let entityName = "priced"
        static let primaryKeyPositions = [0]
        let price: Price?
        init(row: Row) throws { price = try row[0].isNull ? nil : Price(storeValue: row[0]) }
        var row: Row { [price?.storeValue ?? .null] }
    }

    static let price = DocumentQueryField<Priced, Price>(position: 0, name: "price")

    static let rows: [(String, Price?)] = [
        ("1.5", Price(Decimal(string: "1.5")!)), ("-0.01", Price(Decimal(string: "-0.01")!)), ("nil", Price(nil)),
        ("null document", nil), ("1.555", Price(Decimal(string: "1.555")!)), ("10^17", Price(Decimal(string: "1e17")!)),
    ]

    func matching(_ filter: QueryFilter<Priced>) -> [String] {
        Self.rows.filter { filter.matches(Priced(price: $0.1).row) }.map(\.0)
    }

    @Test func optionalDecimalMembersCompareExactlyAtTheirScale() {
        let amount = Self.price.amount
        #expect(matching(amount == Decimal(string: "1.50")!) == ["1.5"])
        #expect(matching(amount == Decimal(string: "1.555")!) == [])
        #expect(matching(amount > Decimal(string: "-0.015")!) == ["1.5", "-0.01"])
        #expect(matching(amount <= Decimal(string: "-0.005")!) == ["-0.01"])
        #expect(matching(amount.isIn([Decimal(string: "-0.01")!, Decimal(string: "1.501")!])) == ["-0.01"])
        // Unknown for a nil member, a null document and values the scaled integer cannot hold.
        #expect(matching(amount != 7) == ["1.5", "-0.01"])
        #expect(matching(!(amount < 7)) == [])
        #expect(matching(amount.isNull) == ["nil", "null document"])
        // Plans print the decimals, with the exact bound on the scaled integers (`< 2` is `<= 1.99`).
        #expect(QueryFilter<Priced>.and(amount >= 0, amount < 2).text == "(price.amount >= 0 and price.amount <= 1.99)")
    }
}

extension DecimalMemberTests.Priced {
    init(price: DecimalMemberTests.Price?) { self.price = price }
}
