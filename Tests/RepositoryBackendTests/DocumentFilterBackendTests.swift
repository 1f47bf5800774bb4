import Foundation
import NamesData
import SchemaGenRuntime
import Testing

/// Conditions inside documents on both backends (hostile-names `every_types`): PostgreSQL does
/// not push them down but checks them in Swift on the rows it fetches, with the store's answers.
@Suite struct DocumentFilterBackendTests {
    typealias Values = EveryValueTypeBackendTests

    @Test(arguments: Backend.allCases) func documentConditionsAnswerAsOnTheStore(_ backend: Backend) throws {
        try EveryValueTypeBackendTests().withDatabase(backend) { db in try documentConditions(db) }
    }

    func documentConditions(_ db: some NamesBackendDatabase) throws {
        #expect(try db.everyTypes.insert(Values.full).id == 1 && db.everyTypes.insert(Values.sparse).id == 2)
        func ids(_ condition: (EveryType.QueryFields) -> QueryFilter<EveryType>) throws -> [Int64] {
            try db.everyTypes.filter(condition).all().map(\.id).sorted()
        }
        // Members of a nested document; a member of a null document is null (sparse's nestedOpt).
        #expect(try ids { $0.nested.mode == .selfValue } == [1])
        #expect(try ids { $0.nested.at.isNull } == [2])
        #expect(try ids { $0.nested.day < Values.day(1970, 1, 1) && $0.nested.token.isIn([Values.uuidD]) } == [1])
        #expect(try ids { $0.nested.blob.hasPrefix(Data([0, 255])) } == [1])
        #expect(try ids { $0.nestedOpt.day >= Values.day(2000, 1, 1) } == [1])
        #expect(try ids { !($0.nestedOpt.day >= Values.day(2000, 1, 1)) } == [])
        #expect(try ids { $0.nestedOpt.amount.isNull } == [2])
        #expect(try ids { $0.nested == Values.innerSparse || $0.nestedOpt == Values.innerSparse } == [1, 2])
        // JSON as canonical text; JSON null is a value, an absent one is unknown.
        #expect(try ids { $0.doc == Values.document } == [1])
        #expect(try ids { $0.doc == .null } == [2])
        #expect(try ids { $0.docOpt == .null } == [1])
        #expect(try ids { $0.docOpt != .null } == [])
        // Arrays: counts and elements beyond scalars.
        #expect(try ids { $0.tags.count == 3 && $0.numbers.count > 3 } == [1])
        #expect(try ids { $0.nesteds.count == 0 } == [2])
        #expect(try ids { $0.nesteds.contains(Values.innerSparse) } == [1])
        #expect(try ids { $0.docs.contains([1, [2, [3]]]) || $0.docs.contains(1.5) } == [1])
        #expect(try ids { $0.docs.contains(2) } == [])
    }
}
