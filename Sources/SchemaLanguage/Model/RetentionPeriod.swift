/// A named retention period (`delete after days_old = 30d by timestamp`): a rule's age that the
/// application may set per database or per sweep, with the schema's default. Rules that name the
/// same period share it (the checker requires one default).
public struct RetentionPeriod: Sendable, Hashable {
    /// The period's name as written (`days_old`).
    public var name: String
    /// The length used when nobody chooses another.
    public var defaultSpan: TimeSpan

    /// Creates a period.
    public init(name: String, defaultSpan: TimeSpan) {
        self.name = name
        self.defaultSpan = defaultSpan
    }

    /// The unit SQL jobs take the period in: days when the default is whole days, else seconds.
    public var sqlUnit: SQLPeriodUnit { defaultSpan.wholeDays == nil ? .seconds : .days }

    /// The default in ``sqlUnit``.
    public var sqlDefault: Int64 { defaultSpan.wholeDays ?? defaultSpan.seconds }

    /// The name of the period's SQL parameter, with its unit: `days_old_days`, `grace_seconds`.
    public var sqlParameterName: String { "\(name)_\(sqlUnit.rawValue)" }
}

/// The unit of a retention period's SQL parameter.
public enum SQLPeriodUnit: String, Sendable, Hashable {
    /// Whole days.
    case days
    /// Seconds.
    case seconds
}

extension Schema {
    /// The named retention periods of every rule, each once, in the order first written.
    public var retentionPeriods: [RetentionPeriod] {
        var seen: Set<String> = []
        return entities.flatMap(\.retention).compactMap(\.namedPeriod).filter { seen.insert($0.name).inserted }
    }

    /// The named retention period called `name`.
    public func retentionPeriod(named name: String) -> RetentionPeriod? { retentionPeriods.first { $0.name == name } }
}
