/// How one field differs between two versions: type (and whether the new type holds every old
/// value), nullability, and a readable description of both.
struct FieldDifference {
    let before: Field
    let after: Field
    let typeChanged: Bool
    let widened: Bool

    init(before: Field, after: Field, comparer: SchemaComparer) {
        self.before = before
        self.after = after
        typeChanged = comparer.typeKey(before.type, oldSide: true) != comparer.typeKey(after.type)
        widened = typeChanged && Self.holdsEveryValue(of: before.type, in: after.type)
    }

    var nullabilityChanged: Bool { before.isOptional != after.isOptional }

    var description: String {
        let from = before.type.spelling + (before.isOptional ? "?" : "")
        let to = after.type.spelling + (after.isOptional ? "?" : "")
        return from == to ? "attributes changed" : "\(from) → \(to)"
    }

    /// The checks written on the field: the length limit `string(n)` implies is part of the type
    /// (a type change), not a check of its own.
    static func declaredChecks(_ field: Field) -> FieldChecks {
        var checks = field.checks
        if case .string(let limit?) = field.type, checks.maxLength == limit { checks.maxLength = nil }
        return checks
    }

    /// Whether every value of `old` is a value of `new` with the same meaning (a widening).
    static func holdsEveryValue(of old: FieldType, in new: FieldType) -> Bool {
        switch (old, new) {
        case (.int32, .int64), (.int32, .double):
            return true
        case (.string(let a), .string(let b)):
            guard let b else { return true }
            return a.map { $0 <= b } ?? false
        case (.string, .text):
            return true
        case (.decimal(let p1, let s1), .decimal(let p2, let s2)):
            return s2 >= s1 && p2 - s2 >= p1 - s1
        case (.int32, .decimal(let p, let s)):
            return p - s >= 10
        case (.int64, .decimal(let p, let s)):
            return p - s >= 19
        case (.array(let a), .array(let b)):
            return holdsEveryValue(of: a, in: b)
        default:
            return false
        }
    }
}
