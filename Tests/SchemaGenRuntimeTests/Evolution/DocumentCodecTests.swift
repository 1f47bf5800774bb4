import Foundation
import Testing
@testable import SchemaGenRuntime

/// The generic shape codec reads exactly what the generated record coding writes (``BinaryWriter``
/// and the runtime's ``BinaryCodable`` types), for every kind of value, and writes it back unchanged.
@Suite struct DocumentCodecTests {
    /// Every kind a document field can have, optional and array ones included.
    static let shape = ValueShape.document("Everything", fields: [
        DocumentField("i32", .integer(bits: 32)), DocumentField("i64", .integer(bits: 64)), DocumentField("d", .double),
        DocumentField("dec", .decimal(precision: 10, scale: 2)), DocumentField("b", .bool), DocumentField("s", .string(maxLength: 8)),
        DocumentField("ts", .timestamp), DocumentField("day", .date), DocumentField("u", .uuid), DocumentField("raw", .bytes),
        DocumentField("j", .json), DocumentField("oid", .objectID), DocumentField("e", .enumeration("Mood", cases: ["ok", "meh"])),
        DocumentField("opt", .string(maxLength: nil), optional: true), DocumentField("none", .integer(bits: 64), optional: true),
        DocumentField("list", .array(.document("Pair", fields: [DocumentField("a", .integer(bits: 32)), DocumentField("b", .bool)]), maxCount: 4)),
    ])

    static let uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
    static let objectID = ObjectID(bytes: Array(1...12))!

    /// The document as generated code would write it, field by field.
    static var encoded: [UInt8] {
        var w = BinaryWriter()
        Int32(-7).encode(to: &w); Int64.max.encode(to: &w); (-0.5).encode(to: &w)
        Decimal(string: "1234.56", locale: Locale(identifier: "en_US_POSIX"))!.encode(to: &w)
        true.encode(to: &w); "héllo".encode(to: &w)
        Date(timeIntervalSince1970: 1_700_000_000.123456).encode(to: &w); Date(timeIntervalSince1970: 86_400 * 3).encode(to: &w)
        uuid.encode(to: &w); Data([0, 255, 7]).encode(to: &w)
        JSONValue.object(["k": [1, "x", .null, true], "z": ["n": 2.5]]).encode(to: &w)
        objectID.encode(to: &w); "meh".encode(to: &w)
        Optional("present").encode(to: &w); Optional<Int64>.none.encode(to: &w)
        w.writeUnsigned(2)
        Int32(1).encode(to: &w); false.encode(to: &w)
        Int32(-2).encode(to: &w); true.encode(to: &w)
        return w.bytes
    }

    @Test func everyKindRoundTripsByteForByte() throws {
        let value = try DocumentCodec.decodeColumn(.bytes(Self.encoded), shape: Self.shape)
        #expect(try DocumentCodec.encodeColumn(value, shape: Self.shape) == .bytes(Self.encoded))
        guard case .document(let fields) = value else { Issue.record("not a document"); return }
        #expect(fields.count == 16)
        guard case .uuid(let u)? = fields[8], case .objectID(let o)? = fields[11], case .enumCase(let e)? = fields[12] else {
            Issue.record("fields decoded as the wrong kinds: \(fields)")
            return
        }
        #expect(u == Self.uuid && o == Array(1...12) && e == "meh")
        #expect(fields[14] == nil)
    }

    @Test func trailingOrMissingBytesAreShapeMismatches() {
        #expect(throws: ShapeMismatch.self) { try DocumentCodec.decodeColumn(.bytes(Self.encoded + [0]), shape: Self.shape) }
        #expect(throws: ShapeMismatch.self) { try DocumentCodec.decodeColumn(.bytes(Array(Self.encoded.dropLast())), shape: Self.shape) }
        #expect(throws: ShapeMismatch.self) { try DocumentCodec.decodeColumn(.string("x"), shape: Self.shape) }
    }

    /// Reversing the field order (a migration) and reversing it back gives the original bytes.
    @Test func reversedFieldsMigrateBothWays() throws {
        guard case .document(let name, let fields) = Self.shape else { return }
        let reversed = ValueShape.document(name, fields: fields.reversed())
        let conversion = ValueConversion(step: StoreVersionStep(tableSources: [:], columnSources: [:], changes: []))
        let there = try conversion.convert(try DocumentCodec.decodeColumn(.bytes(Self.encoded), shape: Self.shape), from: Self.shape, to: reversed)
        let reversedBytes = try DocumentCodec.encodeColumn(there, shape: reversed)
        #expect(reversedBytes != .bytes(Self.encoded))
        let back = try conversion.convert(try DocumentCodec.decodeColumn(reversedBytes, shape: reversed), from: reversed, to: Self.shape)
        #expect(try DocumentCodec.encodeColumn(back, shape: Self.shape) == .bytes(Self.encoded))
    }

    @Test func decimalColumnsRescaleAndCheckDigits() throws {
        let conversion = ValueConversion(step: StoreVersionStep(tableSources: [:], columnSources: [:], changes: []))
        let old = ValueShape.decimal(precision: 6, scale: 2)
        let value = try DocumentCodec.decodeColumn(.int(123_456), shape: old)
        let wider = ValueShape.decimal(precision: 9, scale: 4)
        #expect(try DocumentCodec.encodeColumn(try conversion.convert(value, from: old, to: wider), shape: wider) == .int(12_345_600))
        #expect(throws: ShapeMismatch.self) { try conversion.convert(value, from: old, to: .decimal(precision: 6, scale: 1)) }
        #expect(throws: ShapeMismatch.self) { try conversion.convert(value, from: old, to: .decimal(precision: 5, scale: 2)) }
    }
}

extension DocumentCodecTests {
    /// An array of documents without fields takes one byte whatever its count.
    @Test func arraysOfEmptyDocumentsDecode() throws {
        let shape = ValueShape.array(.document("Marker", fields: []), maxCount: nil)
        let value = try DocumentCodec.decodeColumn(.bytes([5]), shape: shape)
        guard case .array(let elements) = value else { Issue.record("not an array"); return }
        #expect(elements.count == 5)
        #expect(throws: ShapeMismatch.self) { try DocumentCodec.decodeColumn(.bytes([5]), shape: .array(.integer(bits: 64), maxCount: nil)) }
    }
}
