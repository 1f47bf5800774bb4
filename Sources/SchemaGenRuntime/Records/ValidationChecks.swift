import Foundation

/// One reason a value is invalid: where (a field path such as `preferences.response_length` or
/// `history[3].content`, in physical names) and why.
public struct ValidationFailure: Sendable, Hashable, CustomStringConvertible {
    /// The path of the offending field.
    public let path: String
    /// A readable explanation.
    public let message: String

    /// A failure at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// A write was rejected because the record is invalid; lists every failure. Nothing was written.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The entity or type validated.
    public let entity: String
    /// Every failure found.
    public let failures: [ValidationFailure]

    /// An error for `failures` of `entity`.
    public init(entity: String, failures: [ValidationFailure]) {
        self.entity = entity
        self.failures = failures
    }

    /// The paths of the failures.
    public var paths: [String] { failures.map(\.path) }

    /// A sentence listing every failure.
    public var description: String {
        "invalid \(entity): " + failures.map(\.description).joined(separator: "; ")
    }
}

/// A model or nested type that can check itself against the schema's rules.
public protocol Validatable {
    /// Appends every failure of this value to `failures`, with paths below `path`.
    func collectFailures(at path: String, into failures: inout [ValidationFailure])
}

extension Validatable {
    /// Nothing to collect: the value's type has no schema checks (generated validators replace this).
    public func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}

    /// Every failure of this value (empty when valid).
    public func validate() -> [ValidationFailure] {
        var failures: [ValidationFailure] = []
        collectFailures(at: "", into: &failures)
        return failures
    }

    /// Whether the value passes every check.
    public var isValid: Bool { validate().isEmpty }

    /// Throws a ``ValidationError`` naming every failure, if there is any.
    public func validated(as entity: String) throws -> Self {
        let failures = validate()
        guard failures.isEmpty else { throw ValidationError(entity: entity, failures: failures) }
        return self
    }
}

extension Validatable where Self: Decodable {
    /// Decodes JSON (physical key names) and validates the result. Every check failure is
    /// reported; a decoding failure (a missing field, a wrong type, a value that is no case
    /// of its enum) is reported with its path.
    public static func decodeValidated(fromJSON data: Data) throws -> Self {
        let value: Self
        do {
            value = try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw ValidationError(entity: "\(Self.self)", failures: [Check.failure(decoding: error)])
        }
        return try value.validated(as: "\(Self.self)")
    }
}

extension Optional: Validatable where Wrapped: Validatable {
    /// Validates the value when present.
    public func collectFailures(at path: String, into failures: inout [ValidationFailure]) {
        self?.collectFailures(at: path, into: &failures)
    }
}

extension Array: Validatable where Element: Validatable {
    /// Validates every element, with `[index]` paths.
    public func collectFailures(at path: String, into failures: inout [ValidationFailure]) {
        for (index, element) in enumerated() { element.collectFailures(at: "\(path)[\(index)]", into: &failures) }
    }
}

/// The checks generated validators run.
public enum Check {
    /// `base.field`, or `field` at the top.
    public static func path(_ base: String, _ field: String) -> String { base.isEmpty ? field : "\(base).\(field)" }

    /// Length in characters between `min` and `max`.
    public static func length(_ value: String, min: Int?, max: Int?, at path: String, into failures: inout [ValidationFailure]) {
        let count = value.count
        if let min, count < min {
            failures.append(.init(path: path, message: "must be at least \(min) characters long, is \(count)"))
        }
        if let max, count > max {
            failures.append(.init(path: path, message: "must be at most \(max) characters long, is \(count)"))
        }
    }

    /// The whole value matches `pattern`: `\A` and `\z` are ICU's absolute ends (`$` also
    /// matches before a final newline), and the group keeps an alternation `a|b` inside them.
    public static func pattern(_ value: String, _ pattern: String, at path: String, into failures: inout [ValidationFailure]) {
        guard let expression = try? NSRegularExpression(pattern: "\\A(?:\(pattern))\\z") else {
            failures.append(.init(path: path, message: "cannot be checked: invalid pattern \(pattern)"))
            return
        }
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        if expression.firstMatch(in: value, range: range) == nil {
            failures.append(.init(path: path, message: "must match the pattern \(pattern)"))
        }
    }

    /// A number between `min` and `max` (inclusive).
    public static func range(_ value: Double, min: Double?, max: Double?, text: (min: String?, max: String?),
                             at path: String, into failures: inout [ValidationFailure]) {
        if let min, value < min { failures.append(.init(path: path, message: "must be at least \(text.min ?? "\(min)"), is \(value.shortText)")) }
        if let max, value > max { failures.append(.init(path: path, message: "must be at most \(text.max ?? "\(max)"), is \(value.shortText)")) }
    }

    /// At most `max` elements (a `keep newest` array).
    public static func count(_ count: Int, max: Int, at path: String, into failures: inout [ValidationFailure]) {
        if count > max { failures.append(.init(path: path, message: "must hold at most \(max) elements, holds \(count)")) }
    }

    /// At most `precision` digits, `scale` of them after the point.
    public static func decimal(_ value: Decimal, precision: Int, scale: Int, at path: String, into failures: inout [ValidationFailure]) {
        var scaled = value * pow(Decimal(10), scale)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        if rounded != scaled {
            failures.append(.init(path: path, message: "must have at most \(scale) digits after the point"))
        }
        let limit = pow(Decimal(10), precision)
        if rounded >= limit || rounded <= -limit {
            failures.append(.init(path: path, message: "must have at most \(precision - scale) digits before the point"))
        }
    }

    /// A failure for a JSON decoding error, at the path it happened.
    static func failure(decoding error: DecodingError) -> ValidationFailure {
        func render(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("") { path, key in
                if let index = key.intValue { return "\(path)[\(index)]" }
                return Check.path(path, key.stringValue)
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(path: Check.path(render(context.codingPath), key.stringValue), message: "is required")
        case .valueNotFound(_, let context):
            return .init(path: render(context.codingPath), message: "must not be null")
        case .typeMismatch(let type, let context):
            return .init(path: render(context.codingPath), message: "must be a \(type)")
        case .dataCorrupted(let context):
            return .init(path: render(context.codingPath), message: context.debugDescription)
        @unknown default:
            return .init(path: "", message: "\(error)")
        }
    }
}

extension Double {
    /// `3` rather than `3.0` for whole numbers.
    var shortText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
