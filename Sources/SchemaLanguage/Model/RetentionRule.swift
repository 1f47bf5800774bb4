/// One retention rule of an entity, resolved.
public struct RetentionRule: Sendable, Hashable {
    /// What the rule does.
    public var kind: Kind
    /// The rule as written in the schema, for comments in generated jobs.
    public var source: String
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange
    /// Whether the application acts on each due row before it goes (`handled delete …`): only the
    /// generated Swift sweep runs such a rule, calling a handler per row; database jobs skip it.
    public var isHandled: Bool
    /// The named retention period whose default is the rule's age (`after warning_expiry = 90d by …`):
    /// the application may choose another length when it opens the database or sweeps, and the
    /// SQL and MongoDB jobs read it as a parameter. nil when the age is fixed.
    public var period: String?
    /// For a `delete after … by <own time>` rule: the summary the due rows are added into before
    /// they are deleted (see ``RollUp``). nil for every other rule.
    public var rollUp: RollUp?
    /// For a rule by a related time: whether it says `where <fk> -> <entity>.<time> is not null`,
    /// that rows without a related time (a null foreign key, a missing row, a null time) are left
    /// alone on purpose. The checker then does not warn about an optional related time, and the
    /// SQL scripts' report does not count those rows; what the jobs remove is the same.
    public var requiresRelatedTime: Bool = false

    /// Creates a rule.
    public init(kind: Kind, source: String, range: SourceRange, isHandled: Bool = false, period: String? = nil,
                rollUp: RollUp? = nil) {
        self.kind = kind
        self.source = source
        self.range = range
        self.isHandled = isHandled
        self.period = period
        self.rollUp = rollUp
    }

    /// The rule's age (`after …`), for the kinds that have one.
    public var age: TimeSpan? {
        switch kind {
        case .expire(let age, _, _), .deactivate(let age, _, _, _, _), .archive(let age, _, _, _), .expireEntries(let age, _, _),
             .expireByRelated(let age, _, _), .archiveByRelated(let age, _, _, _): age
        case .expireAt, .deactivateAt, .cap, .appendOnly, .forever: nil
        }
    }

    /// The entity's timestamp field whose age or time makes a row due (`by f`, `at f`), for the
    /// kinds that have one.
    public var timeField: String? {
        switch kind {
        case .expire(_, let field, _), .expireAt(let field, _), .deactivate(_, let field, _, _, _),
             .deactivateAt(let field, _, _, _), .archive(_, let field, _, _): field
        // An array entry's time is a field of the element type, a related time one of another entity.
        case .cap, .expireEntries, .expireByRelated, .archiveByRelated, .appendOnly, .forever: nil
        }
    }

    /// The time read from the row a foreign key points to (`by user_id -> users.last_seen`), for
    /// the kinds that have one.
    public var relatedTime: RelatedTime? {
        switch kind {
        case .expireByRelated(_, let time, _), .archiveByRelated(_, let time, _, _): time
        default: nil
        }
    }

    /// The rule's own `where` condition, for the kinds that take one.
    public var condition: Condition? {
        switch kind {
        case .expire(_, _, let condition), .expireAt(_, let condition), .deactivate(_, _, _, _, let condition),
             .deactivateAt(_, _, _, let condition), .archive(_, _, _, let condition),
             .expireByRelated(_, _, let condition), .archiveByRelated(_, _, _, let condition): condition
        case .cap, .expireEntries, .appendOnly, .forever: nil
        }
    }

    /// Whether rows whose optional time field is null are left alone without the rule saying so:
    /// true unless its condition requires the field (`where f is not null`, alone or in an `and`).
    /// The checker warns about such a rule and the SQL jobs report the rows it never reaches.
    public func silentlySkipsNullTimes(in entity: Entity) -> Bool {
        guard let timeField, entity.field(named: timeField)?.isOptional == true else { return false }
        return condition?.requiresNotNull(timeField) != true
    }

    /// The rule's age as a named period with its default, when it names one.
    public var namedPeriod: RetentionPeriod? {
        guard let period, let age else { return nil }
        return RetentionPeriod(name: period, defaultSpan: age)
    }

    /// The kinds of rule.
    public enum Kind: Sendable, Hashable {
        /// Delete rows whose `field` is older than `age` (optionally only where `condition` holds).
        case expire(after: TimeSpan, field: String, condition: Condition?)
        /// Delete rows once the time in `field` has come.
        case expireAt(field: String, condition: Condition?)
        /// Set `target` to `value` on rows whose `field` is older than `age`, when not already so.
        case deactivate(after: TimeSpan, field: String, target: String, value: Literal, condition: Condition?)
        /// Set `target` to `value` once the time in `field` has come, when not already so.
        case deactivateAt(field: String, target: String, value: Literal, condition: Condition?)
        /// Move rows whose `field` is older than `age` into the archive entity.
        case archive(after: TimeSpan, field: String, into: String, condition: Condition?)
        /// Delete rows whose related row's time (`time`) is older than `age`. A row whose related
        /// row is missing or has no time is never due.
        case expireByRelated(after: TimeSpan, time: RelatedTime, condition: Condition?)
        /// Move rows whose related row's time (`time`) is older than `age` into the archive entity.
        case archiveByRelated(after: TimeSpan, time: RelatedTime, into: String, condition: Condition?)
        /// Keep only the newest `count` rows per group, ordered by `field`.
        case cap(count: Int, per: [String], field: String)
        /// Remove the elements of the array field `array` (of a nested type) whose `field` (a time
        /// field of the element type) is older than `age`; the row stays, and so do elements whose
        /// time is null.
        case expireEntries(after: TimeSpan, array: String, field: String)
        /// Rows are never updated or deleted.
        case appendOnly
        /// Rows are kept forever (documents the intent; no job).
        case forever
    }

    /// Whether the rule removes or changes rows when a job runs.
    public var isJob: Bool {
        switch kind {
        case .appendOnly, .forever: false
        default: true
        }
    }

    /// Whether a database job (SQL retention script, MongoDB script or TTL index) runs the rule:
    /// every job except handled ones, which need the application.
    public var isDatabaseJob: Bool { isJob && !isHandled }
}

/// The time a retention rule reads from another row: `by user_id -> users.last_seen` is the
/// `last_seen` of the `users` row whose `user_id` (the foreign key's referenced field) equals this
/// row's `user_id`.
public struct RelatedTime: Sendable, Hashable {
    /// This entity's foreign-key field (`user_id`).
    public var via: String
    /// The entity it references (`users`).
    public var entity: String
    /// The referenced field the foreign key matches (`users.user_id`).
    public var key: String
    /// The referenced entity's timestamp field (`last_seen`).
    public var field: String

    /// Creates a related time.
    public init(via: String, entity: String, key: String, field: String) {
        self.via = via
        self.entity = entity
        self.key = key
        self.field = field
    }

    /// `user_id -> users.last_seen`, as written.
    public var spelling: String { "\(via) -> \(entity).\(field)" }
}

/// A condition on one entity's fields (partial indexes, retention filters).
public indirect enum Condition: Sendable, Hashable {
    case comparison(field: String, ComparisonOperator, Literal)
    case isIn(field: String, [Literal])
    case isNull(field: String)
    case isNotNull(field: String)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)

    /// Every field the condition reads, in order of appearance.
    public var fields: [String] {
        switch self {
        case .comparison(let field, _, _), .isIn(let field, _), .isNull(let field), .isNotNull(let field):
            [field]
        case .and(let left, let right), .or(let left, let right):
            left.fields + right.fields
        case .not(let inner):
            inner.fields
        }
    }

    /// Whether the condition holds only where `field` is not null, as a top-level `and` term.
    public func requiresNotNull(_ field: String) -> Bool {
        switch self {
        case .isNotNull(let name): name == field
        case .and(let left, let right): left.requiresNotNull(field) || right.requiresNotNull(field)
        default: false
        }
    }
}

/// A literal value in a condition or a deactivate rule, typed by the checker.
public enum Literal: Sendable, Hashable {
    case integer(Int64)
    case number(Double, text: String)
    case string(String)
    case bool(Bool)
    case null
    /// An enum case, with its stored value.
    case enumCase(name: String, rawValue: String)
}
