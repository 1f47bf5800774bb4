import Foundation

extension ColumnDefinition {
    /// The stored value of `value`, a value of this column read as its meaning (the inverse of
    /// ``portableValue(_:)``): a decimal scaled to the column's integer, a date or timestamp to
    /// microseconds, a document or array packed into the store's compact binary. What an engine
    /// that holds the value in its own types (PostgreSQL `numeric`, `date`, `jsonb`) gives back.
    /// - Throws: ``PortableValueError`` when `value` is not of the column's shape (a decimal with
    ///   more fraction digits than the column keeps, a missing required document field, a string
    ///   where a number belongs).
    public func storeValue(_ value: PortableValue) throws -> StoreValue {
        if case .null = value { return .null }
        let shape = effectiveShape
        do {
            return try DocumentCodec.encodeColumn(try Self.shaped(value, shape: shape, path: ""), shape: shape)
        } catch let mismatch as ShapeMismatch {
            throw PortableValueError(column: name, path: mismatch.path, reason: mismatch.reason)
        }
    }

    private static func shaped(_ value: PortableValue, shape: ValueShape, path: String) throws -> ShapedValue {
        switch (value, shape) {
        case (.integer(let v), .integer): return .integer(v)
        case (.double(let v), .double): return .double(v)
        case (.decimal(let text), .decimal): return .decimal(try decimal(text, path: path))
        // A whole number is a decimal too (JSON writes `5`, not `5.0`).
        case (.integer(let v), .decimal): return .decimal(Decimal(v))
        case (.bool(let v), .bool): return .bool(v)
        case (.string(let v), .string): return .string(v)
        case (.enumCase(let v), .enumeration), (.string(let v), .enumeration): return .enumCase(v)
        case (.timestamp(let v), .timestamp), (.date(let v), .date): return .instant(v)
        case (.uuid(let v), .uuid): return .uuid(v)
        case (.bytes(let v), .bytes): return .bytes(v)
        case (.objectID(let v), .objectID) where v.count == 12: return .objectID(v)
        case (.json(let v), .json): return .json(v)
        case (.document(let present), .document(_, let fields)):
            var byName: [String: PortableValue] = [:]
            for field in present {
                guard fields.contains(where: { $0.name == field.name }) else {
                    throw ShapeMismatch("the document has no field '\(field.name)'", at: path)
                }
                byName[field.name] = field.value
            }
            return .document(try fields.map { field -> ShapedValue? in
                let fieldPath = path + "." + field.name
                guard let value = byName[field.name], value != .null else {
                    if field.isOptional { return nil }
                    throw ShapeMismatch("required field is absent", at: fieldPath)
                }
                return try shaped(value, shape: field.shape, path: fieldPath)
            })
        case (.array(let elements), .array(let element, _)):
            return .array(try elements.enumerated().map { i, e in try shaped(e, shape: element, path: path + "[\(i)]") })
        default:
            throw ShapeMismatch("\(value) is not a \(shape.label)", at: path)
        }
    }

    /// `text` as a decimal: `-`, digits, optionally `.` and digits (`Decimal(string:)` alone would
    /// read a prefix of `12abc`).
    private static func decimal(_ text: String, path: String) throws -> Decimal {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { throw ShapeMismatch("'\(text)' is not a decimal", at: path) }
        return value
    }
}
