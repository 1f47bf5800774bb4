import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// Store values to and from PostgreSQL values, column by column: a value keeps its meaning
/// (integers, text, timestamps to the microsecond) and its server type.
enum PostgresValueMapping {
    /// `value` as a parameter written to (or compared with) a column of server type `type`.
    /// Enums compare as text (``ServerTable/comparable(_:)``), so `comparing` sends their text.
    /// A value the column cannot hold throws `StoreError.invalidRow` naming the column and why.
    static func parameter(_ value: StoreValue, type: ServerColumnType, table: String, column: String,
                          comparing: Bool = false) throws -> PostgresValue {
        func unfit(_ why: String? = nil) -> StoreError {
            // A document's packed bytes say nothing to a reader: the reason names the place inside it.
            let shown = if case .document = type { "the value" } else { "\(value)" }
            return .invalidRow(table: table, reason: "column '\(column)' cannot hold \(shown) on PostgreSQL (\(type.label))"
                + (why.map { ": " + $0 } ?? ""))
        }
        switch (value, type) {
        case (.null, _): return .null
        case (.int(let v), .int16):
            guard let n = Int16(exactly: v) else { throw unfit() }
            return .int16(n)
        case (.int(let v), .int32):
            guard let n = Int32(exactly: v) else { throw unfit() }
            return .int32(n)
        case (.int(let v), .int64): return .int64(v)
        case (.int(let v), .numeric): return .numeric(PostgresNumeric(Decimal(v)))
        case (.int(let v), .decimal(let precision, let scale)):
            // A bound may be any decimal; a stored value must fit the column's digits.
            guard comparing || ScaledDecimal.fits(v, precision: precision) else {
                throw unfit("more than \(precision) digits")
            }
            return .numeric(ScaledDecimal.numeric(v, scale: scale))
        case (.int(let v), .double), (.int(let v), .real): return .double(Double(v))
        case (.double(let v), .double), (.double(let v), .real): return .double(v)
        case (.double(let v), .numeric): return .numeric(PostgresNumeric(Decimal(v)))
        case (.string(let v), _) where v.unicodeScalars.contains("\0"):
            throw unfit("PostgreSQL text cannot hold the NUL character")
        case (.string(let v), .numeric):
            guard let n = PostgresNumeric(v) else { throw unfit() }
            return .numeric(n)
        case (.string(let v), .enumeration(let name)): return comparing ? .text(v) : .enumeration(v, type: name)
        case (.string(let v), .json): return .json(v)
        case (.string(let v), .jsonb): return .jsonb(v)
        case (.string(let v), .text), (.string(let v), .other): return .text(v)
        case (.bool(let v), .bool): return .bool(v)
        case (.timestamp(let micros), .timestamptz): return .timestamptz(try instant(micros, comparing: comparing, unfit))
        case (.timestamp(let micros), .timestamp): return .timestamp(try instant(micros, comparing: comparing, unfit))
        case (.timestamp(let micros), .date):
            if let day = day(micros) { return .date(day) }
            // The store compares the day's midnight with the instant; so does `date < timestamp`.
            if comparing { return .timestamp(try instant(micros, comparing: true, unfit)) }
            throw unfit("a date column holds a day, and this instant is not a midnight UTC")
        case (.uuid(let v), .uuid): return .uuid(v)
        case (.bytes(let v), .bytea): return .bytea(Data(v))
        case (.bytes, .document(let shape, let binary)):
            let definition = ColumnDefinition(column, .bytes, shape: shape)
            do {
                let text = try definition.portableValue(value).jsonText()
                return binary ? .jsonb(text) : .json(text)
            } catch let error as PortableJSONError {
                throw unfit(error.description)
            } catch let error as PortableValueError {
                throw unfit(error.description)
            }
        case (.bytes(let v), .objectIDText) where v.count == 12:
            return .text(v.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
        default: throw unfit()
        }
    }

    /// The day whose midnight UTC is `micros` microseconds after 1970, or nil for another instant
    /// (or one outside PostgreSQL's `date` range).
    static func day(_ micros: Int64) -> PostgresDate? {
        let (days, rest) = micros.quotientAndRemainder(dividingBy: microsPerDay)
        guard rest == 0, let since2000 = Int32(exactly: days - daysFrom1970To2000) else { return nil }
        return PostgresDate(daysSince2000: since2000)
    }

    private static let microsPerDay: Int64 = 86_400_000_000
    private static let daysFrom1970To2000: Int64 = 10_957

    /// A result field as the store value of a column of store type `type`.
    static func storeValue(_ value: PostgresValue, type: ColumnType, table: String, column: String) throws -> StoreValue {
        switch (value, type) {
        case (.null, _): return .null
        case (.int16(let v), .int): return .int(Int64(v))
        case (.int32(let v), .int): return .int(Int64(v))
        case (.int64(let v), .int): return .int(v)
        case (.double(let v), .double): return .double(v)
        case (.numeric(let v), .double): return .double(Double(v.text) ?? .nan)
        case (.numeric(let v), .string): return .string(v.text)
        case (.text(let v), .string), (.json(let v), .string), (.jsonb(let v), .string): return .string(v)
        case (.enumeration(let v, _), .string): return .string(v)
        case (.bool(let v), .bool): return .bool(v)
        case (.timestamptz(let v), .timestamp), (.timestamp(let v), .timestamp):
            // The store has no infinities; the server's `infinity` has no store value to become.
            guard let micros = v.microsecondsSince1970 else {
                throw StoreError.invalidRow(table: table, reason: "column '\(column)' read \(v) from PostgreSQL, which the store's timestamps cannot hold")
            }
            return .timestamp(micros)
        case (.date(let v), .timestamp): return .timestamp((Int64(v.daysSince2000) + daysFrom1970To2000) * microsPerDay)
        case (.uuid(let v), .uuid): return .uuid(v)
        case (.bytea(let v), .bytes): return .bytes([UInt8](v))
        default:
            throw StoreError.invalidRow(table: table, reason: "column '\(column)' read \(value) from PostgreSQL where the store holds \(type)")
        }
    }

    /// A result field as the store value of `column`, whose server type is `type`: decimals,
    /// documents and object ids back to the store's encoding of them.
    static func storeValue(_ value: PostgresValue, column: ColumnDefinition, type: ServerColumnType, table: String) throws -> StoreValue {
        func unreadable(_ why: String) -> StoreError {
            .invalidRow(table: table, reason: "column '\(column.name)' read \(value) from PostgreSQL: \(why)")
        }
        switch (value, type) {
        case (.null, _): return .null
        case (.numeric(let v), .decimal(_, let scale)):
            guard let scaled = ScaledDecimal.scaled(v, scale: scale) else {
                throw unreadable("not a decimal with \(scale) fraction digits within 64 bits")
            }
            return .int(scaled)
        case (.json(let text), .document), (.jsonb(let text), .document):
            do {
                return try column.storeValue(try column.portableValue(jsonText: text))
            } catch let error as PortableJSONError {
                throw unreadable(error.description)
            } catch let error as PortableValueError {
                throw unreadable(error.description)
            }
        case (.text(let hex), .objectIDText):
            let digits = Array(hex.utf8)
            guard digits.count == 24 else { throw unreadable("not an object id") }
            var bytes: [UInt8] = []
            for i in stride(from: 0, to: 24, by: 2) {
                guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else {
                    throw unreadable("not an object id")
                }
                bytes.append(byte)
            }
            return .bytes(bytes)
        default: return try storeValue(value, type: column.type, table: table, column: column.name)
        }
    }

    /// Microseconds since 1970 as the server's timestamp, exactly (no `Date` in between). A
    /// stored value the server cannot hold is refused (`unfit`); a comparison bound past the
    /// server's range becomes the infinity on its side, which orders as it would.
    static func instant(_ micros: Int64, comparing: Bool, _ unfit: (String?) -> StoreError) throws -> PostgresTimestamp {
        if let instant = PostgresTimestamp(microsecondsSince1970: micros) { return instant }
        if comparing { return micros < 0 ? .negativeInfinity : .infinity }
        throw unfit("outside PostgreSQL's timestamp range (4713 BC to 294276 AD)")
    }
}
