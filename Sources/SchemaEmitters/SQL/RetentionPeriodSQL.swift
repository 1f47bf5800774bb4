import SchemaLanguage

/// A named retention period (`after warning_expiry = 90d by …`) as a parameter of the retention
/// script, read per dialect the way that dialect's client sets a value for one run, falling back to
/// the schema's default when nobody set it:
///
/// - SQLite: the named parameter `:warning_expiry_days` (sqlite3: `.parameter set :warning_expiry_days 30`;
///   an application binds it; unbound parameters are NULL);
/// - PostgreSQL: the custom setting `<schema>.warning_expiry_days` (`SET`, `ALTER DATABASE … SET`,
///   `PGOPTIONS='-c …'`), so a database can keep its own period;
/// - MySQL/MariaDB: the session variable `@warning_expiry_days`, set before the script runs.
///
/// The value is whole days when the default is whole days, else seconds; the unit is part of the
/// parameter's name.
struct RetentionPeriodSQL {
    let period: RetentionPeriod
    let schema: Schema
    let dialect: SQLDialect

    /// How a client sets the parameter before running the script, e.g. `SET @warning_expiry_days = 30;`.
    var setting: String {
        switch dialect {
        case .sqlite: ".parameter set :\(period.sqlParameterName) <\(period.sqlUnit.rawValue)>"
        case .postgres: "SET \(settingName) = <\(period.sqlUnit.rawValue)>;"
        case .mysql: "SET @\(period.sqlParameterName) = <\(period.sqlUnit.rawValue)>;"
        }
    }

    /// PostgreSQL's custom setting: `<schema>.<parameter>`, lowercased as PostgreSQL keeps it.
    var settingName: String { "\(schema.name).\(period.sqlParameterName)".lowercased() }

    /// The period's length in its unit: the parameter when set, else the default.
    var value: String {
        switch dialect {
        case .sqlite:
            return "COALESCE(:\(period.sqlParameterName), \(period.sqlDefault))"
        case .postgres:
            let setting = "current_setting(\(dialect.string(settingName)), true)"
            return "COALESCE(NULLIF(\(setting), '')::bigint, \(period.sqlDefault))"
        case .mysql:
            return "COALESCE(@\(period.sqlParameterName), \(period.sqlDefault))"
        }
    }

    /// The current instant minus the period, comparable with `field`'s stored timestamps.
    func now(for field: Field?) -> String {
        dialect.now(minus: .expression(value), period.sqlUnit, for: field)
    }

    /// The script header's lines about every period of the schema, or none.
    static func headerLines(schema: Schema, dialect: SQLDialect) -> [String] {
        let periods = schema.retentionPeriods
        guard !periods.isEmpty else { return [] }
        var lines = ["Retention periods: set one before running the script to override its default for this run."]
        for period in periods {
            let sql = RetentionPeriodSQL(period: period, schema: schema, dialect: dialect)
            lines.append("  \(period.name): default \(period.sqlDefault) \(period.sqlUnit.rawValue) (\(period.defaultSpan.text)); \(sql.setting)")
        }
        if dialect == .postgres {
            lines.append("  A database keeps its own with ALTER DATABASE … SET <setting> = <value>.")
        }
        return lines
    }
}
