import Foundation
import Testing
@testable import SchemaGenRuntime

/// `StoreValue.isIdentical` (grouping and scoped scans) agrees with the index key: two values are
/// identical exactly when their encoded keys are equal.
@Suite struct StoreValueIdentityTests {
    static let first = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    static let second = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!

    static let values: [StoreValue] = [
        .null, .int(0), .int(-1), .timestamp(0), .bool(false), .bool(true),
        .double(0), .double(-0.0), .double(1.5), .double(-1.5), .double(.nan), .double(-.nan), .double(.infinity),
        .string("é"), .string("e\u{301}"), .string(""), .bytes([]), .bytes([0]), .bytes([0, 1]),
        .uuid(first), .uuid(second),
    ]

    @Test func identicalExactlyWhenTheKeysAreEqual() {
        for a in Self.values {
            for b in Self.values {
                let keysEqual = IndexKeyEncoder.encode([a], orders: [.ascending]) == IndexKeyEncoder.encode([b], orders: [.ascending])
                #expect(a.isIdentical(to: b) == keysEqual, "\(a) vs \(b)")
            }
        }
    }

    @Test func composedAndPrecomposedStringsDiffer() {
        #expect(!StoreValue.string("é").isIdentical(to: .string("e\u{301}")))
        #expect(StoreValue.double(-0.0).isIdentical(to: .double(0)))
        #expect(!StoreValue.int(1).isIdentical(to: .double(1)))
    }
}
