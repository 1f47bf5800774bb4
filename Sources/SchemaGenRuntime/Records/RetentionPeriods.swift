import Foundation

/// Why a sweep refused a named retention period (see the generated `…RetentionPeriods` type).
public enum RetentionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The period is negative, not finite, or longer than the store's time can express; a sweep
    /// with it would remove rows that are not due, so nothing runs.
    case invalidPeriod(name: String, seconds: TimeInterval)

    /// `retention period 'warning_expiry' of -1.0 seconds is not a usable age …`.
    public var description: String {
        switch self {
        case .invalidPeriod(let name, let seconds):
            "retention period '\(name)' of \(seconds) seconds is not a usable age: give zero or more seconds"
        }
    }
}

extension Retention {
    /// The largest period a sweep accepts: ten thousand years, far beyond any row's age and well
    /// inside the store's microsecond timestamps.
    public static let longestPeriod: TimeInterval = 10_000 * 365 * 86_400

    /// `seconds` as the age of rules naming the period `name`, or ``RetentionError/invalidPeriod(name:seconds:)``
    /// when it is negative, not finite or longer than ``longestPeriod``.
    public static func period(_ seconds: TimeInterval, named name: String) throws -> TimeInterval {
        guard seconds.isFinite, seconds >= 0, seconds <= longestPeriod else {
            throw RetentionError.invalidPeriod(name: name, seconds: seconds)
        }
        return seconds
    }
}
