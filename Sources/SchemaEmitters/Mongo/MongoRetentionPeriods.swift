import SchemaLanguage

/// The named retention periods (`after days_old = 30d by …`) in the MongoDB scripts: both scripts
/// declare `periods`, each period in seconds, the schema's default unless the caller defined a
/// global `retentionPeriods` object naming it before loading the script:
///
/// ```
/// retentionPeriods = { days_old: 7 * 86400 }; load("retention.js")
/// ```
///
/// A rule MongoDB enforces with a TTL index takes the period when `setup.js` runs: the index is
/// created with `expireAfterSeconds` of the period then in force, and running `setup.js` again with
/// another period rebuilds it (its options changed). Between two runs of `setup.js` the TTL
/// monitor keeps deleting by the period the index holds.
enum MongoRetentionPeriods {
    /// The `const periods = …` declaration and its comment, or no lines when the schema names no period.
    static func declaration(for schema: Schema) -> [String] {
        let periods = schema.retentionPeriods
        guard !periods.isEmpty else { return [] }
        let defaults = JavaScriptValue.object(periods.map { (key: $0.name, value: JavaScriptValue.integer($0.defaultSpan.seconds)) })
        return [
            "// Retention periods in seconds: the schema's defaults, each replaced by the same name in a global",
            "// `retentionPeriods` object when one is defined before this script runs.",
            "const periods = Object.assign(\(defaults.renderedInline()),",
            "  typeof retentionPeriods === \"object\" && retentionPeriods !== null ? retentionPeriods : {});",
        ]
    }

    /// `periods["days_old"]`: the period's length in seconds in a script that declared `periods`.
    static func seconds(_ name: String) -> JavaScriptValue {
        .expression("periods[\(JavaScriptValue.string(name).renderedInline())]")
    }
}
