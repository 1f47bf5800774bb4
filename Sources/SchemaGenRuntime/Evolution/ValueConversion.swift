import Foundation

/// Converts values from a shape of the old version to the shape of the new one, as one step's
/// rules say: widening always succeeds; narrowing, optional → required and enum cases that no
/// longer exist are checked value by value and throw ``ShapeMismatch`` naming the path.
struct ValueConversion {
    let step: StoreVersionStep

    /// Whether values of `shape` are unchanged by the step: no enum inside it renames cases and
    /// no document inside it maps its fields other than by their own names.
    func keepsValues(of shape: ValueShape) -> Bool {
        switch shape {
        case .enumeration(let name, _):
            return (step.enumCaseRenames[name] ?? [:]).allSatisfy { $0.key == $0.value }
        case .document(let name, let fields):
            if let source = step.documentSources[name] {
                guard source.oldName == name else { return false }
                for field in fields {
                    switch source.fields[field.name] {
                    case nil: continue
                    case .column(let old, _)? where old == field.name: continue
                    default: return false
                    }
                }
            }
            return fields.allSatisfy { keepsValues(of: $0.shape) }
        case .array(let element, _): return keepsValues(of: element)
        default: return true
        }
    }

    /// `value` (of `old`) as a value of `new`.
    func convert(_ value: ShapedValue, from old: ValueShape, to new: ValueShape, at path: String = "") throws -> ShapedValue {
        switch (old, new, value) {
        case (.integer(let a), .integer(let b), .integer(let v)):
            if b < a, b < 64, v < -(Int64(1) << (b - 1)) || v >= Int64(1) << (b - 1) {
                throw ShapeMismatch("value \(v) does not fit in \(b) bits", at: path)
            }
            return value
        case (.double, .double, _), (.bool, .bool, _), (.uuid, .uuid, _), (.bytes, .bytes, _), (.json, .json, _),
             (.objectID, .objectID, _), (.timestamp, .timestamp, _), (.date, .date, _), (.date, .timestamp, _):
            return value
        case (.timestamp, .date, .instant(let v)):
            guard v % 86_400_000_000 == 0 else { throw ShapeMismatch("timestamp \(v) is not a whole day", at: path) }
            return value
        case (.decimal, .decimal(let precision, let scale), .decimal(let v)):
            var rounded = Decimal(), copy = v
            NSDecimalRound(&rounded, &copy, scale, .plain)
            guard rounded == v else { throw ShapeMismatch("\(v) has more than \(scale) fraction digits", at: path) }
            guard abs(v) < pow(Decimal(10), precision - scale) else {
                throw ShapeMismatch("\(v) has more than \(precision - scale) integer digits", at: path)
            }
            return value
        case (.string, .string(let limit), .string(let s)), (.enumeration, .string(let limit), .enumCase(let s)):
            if let limit, s.count > limit {
                throw ShapeMismatch("\(s.count) characters exceed the new limit of \(limit)", at: path)
            }
            return .string(s)
        case (.enumeration, .enumeration(let name, let cases), .enumCase(let raw)),
             (.string, .enumeration(let name, let cases), .string(let raw)):
            let renamed = step.enumCaseRenames[name]?[raw] ?? raw
            guard cases.contains(renamed) else {
                throw ShapeMismatch("case '\(raw)' of enum \(name) no longer exists", at: path)
            }
            return .enumCase(renamed)
        case (.array(let oldElement, _), .array(let newElement, let limit), .array(let elements)):
            if let limit, elements.count > limit {
                throw ShapeMismatch("\(elements.count) elements exceed the new limit of \(limit)", at: path)
            }
            return .array(try elements.enumerated().map { i, e in
                try convert(e, from: oldElement, to: newElement, at: path + "[\(i)]")
            })
        case (.document(_, let oldFields), .document(let name, let newFields), .document(let values)):
            return .document(try convertFields(values, from: oldFields, to: newFields, source: step.documentSources[name], at: path))
        default:
            throw ShapeMismatch("a \(old.label) value cannot become \(new.label)", at: path)
        }
    }

    /// The new document's fields, each from its source: an old field (converted), or a fill.
    private func convertFields(_ values: [ShapedValue?], from oldFields: [DocumentField], to newFields: [DocumentField],
                               source: DocumentSource?, at path: String) throws -> [ShapedValue?] {
        var oldIndex: [String: Int] = [:]
        for (i, f) in oldFields.enumerated() { oldIndex[f.name] = i }
        return try newFields.map { field -> ShapedValue? in
            let fieldPath = path + "." + field.name
            // Without a planned source a field keeps the value of the old field of its name.
            let rule = source?.fields[field.name] ?? (oldIndex[field.name] != nil ? .column(field.name, whenNull: nil) : .fill(.null))
            switch rule {
            case .column(let oldName, let whenNull):
                guard let i = oldIndex[oldName] else {
                    throw ShapeMismatch("the old document has no field '\(oldName)'", at: fieldPath)
                }
                if let v = values[i] { return try convert(v, from: oldFields[i].shape, to: field.shape, at: fieldPath) }
                return try fill(whenNull ?? .null, field: field, at: fieldPath)
            case .fill(let v):
                return try fill(v, field: field, at: fieldPath)
            case .transform:
                throw ShapeMismatch("a document field cannot be computed by a transform", at: fieldPath)
            }
        }
    }

    private func fill(_ value: StoreValue, field: DocumentField, at path: String) throws -> ShapedValue? {
        guard !value.isNull else {
            guard field.isOptional else { throw ShapeMismatch("is null, and the field is now required", at: path) }
            return nil
        }
        do { return try DocumentCodec.decodeColumn(value, shape: field.shape) } catch let m as ShapeMismatch {
            throw ShapeMismatch(m.reason, at: path)
        }
    }
}
