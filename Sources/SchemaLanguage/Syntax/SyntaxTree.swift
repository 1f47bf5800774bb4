/// The syntax tree of one `.schema` file: what was written, with source ranges and comments,
/// before any name is resolved. The checker turns it into a ``Schema``; the formatter prints it back.
public struct SchemaFileSyntax: Sendable {
    /// The file it was parsed from.
    public var file: SourceFile
    /// The `schema name { ... }` header, when present.
    public var header: HeaderSyntax?
    /// Top-level declarations in source order.
    public var declarations: [DeclarationSyntax]
    /// Comments after the last declaration.
    public var trailingComments: [String]
}

/// Comments and spacing around a declaration or member, kept so formatting loses nothing.
public struct Trivia: Sendable, Hashable {
    /// `//` comment lines directly above (without the `//` marker's text changed).
    public var leadingComments: [String] = []
    /// `///` documentation lines above, text after the marker with one leading space removed.
    public var doc: [String] = []
    /// A `//` comment at the end of the same line.
    public var trailingComment: String?
    /// Whether a blank line separated it from what came before.
    public var blankLineBefore = false

    /// Empty trivia.
    public init() {}
}

/// A name as written, with its range.
public struct NameSyntax: Sendable, Hashable {
    /// The identifier.
    public var text: String
    /// Where it is.
    public var range: SourceRange
}

/// A string literal: its value and its exact source spelling (kept by the formatter).
public struct StringSyntax: Sendable, Hashable {
    /// The unescaped value.
    public var value: String
    /// The source spelling, quotes included.
    public var source: String
    /// Where it is.
    public var range: SourceRange
}

/// A duration literal such as `90d`.
public struct TimeSpanSyntax: Sendable, Hashable {
    /// The parsed span (nil when the number overflows; the parser reports it).
    public var span: TimeSpan?
    /// The spelling.
    public var text: String
    /// Where it is.
    public var range: SourceRange
    /// The named retention period this span is the default of (`after warning_expiry = 90d by …`);
    /// nil for a plain span. Only retention ages name one.
    public var period: NameSyntax? = nil

    /// The spelling with its period: `warning_expiry = 90d`, or `90d`.
    public var spelledWithPeriod: String { period.map { "\($0.text) = \(text)" } ?? text }
}

/// An integer literal.
public struct IntegerSyntax: Sendable, Hashable {
    /// The value.
    public var value: Int64
    /// Where it is.
    public var range: SourceRange
}

/// `schema name { targets ...; database "..."; about { ... } }`.
public struct HeaderSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Its name as written.
    public var name: NameSyntax
    /// The targets listed after `targets`.
    public var targets: [NameSyntax]
    /// Where the `targets` line is.
    public var targetsRange: SourceRange?
    /// The physical database name, if given.
    public var database: StringSyntax?
    /// The lifecycle sections, if given.
    public var about: AboutSyntax?
    /// The header's lines in source order with their comments (the fields above merge them; the
    /// formatter prints these so no comment between header lines is lost).
    public var items: [HeaderItemSyntax] = []
    /// Comments before the closing brace.
    public var closingComments: [String]
    /// Where it is in the file.
    public var range: SourceRange
}

/// One line of the schema header, with its comments.
public struct HeaderItemSyntax: Sendable {
    /// Comments around the line.
    public var trivia: Trivia
    /// What the line says.
    public var kind: HeaderItemKind
    /// Where the line is (its trailing comment excluded).
    public var range: SourceRange
}

/// What a header line says.
public enum HeaderItemKind: Sendable {
    case targets([NameSyntax])
    case database(StringSyntax)
    case about(AboutSyntax)
    /// `timestamps naive`, `auto serial`, `enums varchar(20)`: a SQL storage default.
    case storage(subject: NameSyntax, choice: StorageChoiceSyntax)
}

/// A SQL storage choice as written: `naive`, `serial`, `varchar(20)`.
public struct StorageChoiceSyntax: Sendable, Hashable {
    /// The choice's word.
    public var name: NameSyntax
    /// The length of `varchar(n)`, if written.
    public var length: IntegerSyntax?
    /// Where it is.
    public var range: SourceRange

    /// The canonical spelling.
    public var text: String { name.text + (length.map { "(\($0.value))" } ?? "") }
}

/// One top-level declaration.
public enum DeclarationSyntax: Sendable {
    case entity(EntitySyntax)
    case enumeration(EnumSyntax)
    case type(TypeDeclarationSyntax)
    case cache(CacheSyntax)
    case namespace(NamespaceSyntax)
}

/// `table name [like other] [named "x"] [was old] { members }`.
public struct EntitySyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// What it is.
    public var kind: EntityKind
    /// Its name as written.
    public var name: NameSyntax
    /// The entity whose fields it copies, if any.
    public var like: NameSyntax?
    /// The physical name given with `named`, if any.
    public var physicalName: StringSyntax?
    /// The previous name given with `was`, if any.
    public var previousName: NameSyntax?
    /// Members in source order.
    public var members: [MemberSyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
    /// Where it is in the file.
    public var range: SourceRange
}

/// A member of an entity body, with its comments.
public struct MemberSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// What it is.
    public var kind: MemberKind
    /// Where it is in the file.
    public var range: SourceRange
}

/// What an entity member is.
public enum MemberKind: Sendable {
    case field(FieldSyntax)
    /// `primary (a, b)`.
    case primaryKey([NameSyntax])
    /// `unique (...)` and `index (...)`.
    case index(IndexSyntax)
    case retain(RetainSyntax)
    case access(AccessSyntax)
    case about(AboutSyntax)
    /// `partition by a, b`.
    case partition([NameSyntax])
    /// `query name "title" where a, b order by c desc limit 10` (see ``QuerySyntax``).
    case query(QuerySyntax)
    /// `pages at most 100`: the largest page a paged read returns.
    case pageLimit(IntegerSyntax)
}

/// `name type attributes...`.
public struct FieldSyntax: Sendable {
    /// Its name as written.
    public var name: NameSyntax
    /// The type as written.
    public var type: TypeSyntax
    /// Attributes in source order.
    public var attributes: [FieldAttributeSyntax]
}

/// A type as written: `int64`, `string(255)?`, `[Entry]`, `enum(a, b)`.
public indirect enum TypeSyntax: Sendable {
    /// A builtin or named type with optional integer arguments (`decimal(10, 2)`).
    case named(NameSyntax, arguments: [IntegerSyntax])
    case array(TypeSyntax, range: SourceRange)
    case inlineEnum([EnumCaseSyntax], range: SourceRange)
    case optional(TypeSyntax, range: SourceRange)

    /// Where the type is.
    public var range: SourceRange {
        switch self {
        case .named(let name, let arguments):
            return arguments.last.map { name.range.union($0.range) } ?? name.range
        case .array(_, let range), .inlineEnum(_, let range), .optional(_, let range):
            return range
        }
    }
}

/// One attribute after a field's type.
public struct FieldAttributeSyntax: Sendable {
    /// What it is.
    public var kind: FieldAttributeKind
    /// Where it is in the file.
    public var range: SourceRange
}

/// What a field attribute says.
public enum FieldAttributeKind: Sendable {
    case primary
    case auto
    case unique
    case defaultValue(ValueSyntax)
    case onUpdateNow
    case reference(entity: NameSyntax, field: NameSyntax, onDelete: ReferentialAction?)
    case min(ValueSyntax)
    case max(ValueSyntax)
    case length(lower: IntegerSyntax?, upper: IntegerSyntax?)
    case pattern(StringSyntax)
    case keepNewest(IntegerSyntax)
    case named(StringSyntax)
    case was(NameSyntax)
    /// `as naive`, `as serial`, `as varchar(20)`: the field's SQL storage.
    case storage(StorageChoiceSyntax)
}

/// A literal value as written (defaults, conditions, checks).
public struct ValueSyntax: Sendable, Hashable {
    /// What it is.
    public var kind: ValueKind
    /// Where it is in the file.
    public var range: SourceRange
}

/// The kinds of literal.
public enum ValueKind: Sendable, Hashable {
    case integer(Int64)
    /// A decimal number, with its spelling so `0.10` stays `0.10`.
    case number(Double, text: String)
    case string(StringSyntax)
    case bool(Bool)
    case null
    /// `now`, `uuid`, or an enum case.
    case identifier(String)
    case emptyArray
    case emptyObject
}

/// `index (cols) [unique] [where cond] [ttl 30d] [named "x"]` or `unique (cols) ...`.
public struct IndexSyntax: Sendable {
    /// The indexed columns in order.
    public var columns: [IndexColumnSyntax]
    /// Whether values must be unique.
    public var isUnique: Bool
    /// Written as `unique (...)` rather than `index (...) unique`.
    public var writtenAsUnique: Bool
    /// The `where` condition, if any.
    public var condition: ConditionSyntax?
    /// The TTL, if any.
    public var ttl: TimeSpanSyntax?
    /// Its name as written.
    public var name: StringSyntax?
    /// The index's previous physical name (`was "idx_old"`), for migrations.
    public var previousName: StringSyntax? = nil
}

/// One index column with its order.
public struct IndexColumnSyntax: Sendable {
    /// Its name as written.
    public var name: NameSyntax
    /// Whether the column sorts descending.
    public var descending: Bool
    /// Whether `asc` was written explicitly.
    public var explicitAscending: Bool
}

/// A condition (partial indexes, retention filters).
public indirect enum ConditionSyntax: Sendable {
    case comparison(NameSyntax, ComparisonOperator, ValueSyntax)
    case isIn(NameSyntax, [ValueSyntax], range: SourceRange)
    case isNull(NameSyntax, negated: Bool, range: SourceRange)
    case and(ConditionSyntax, ConditionSyntax)
    case or(ConditionSyntax, ConditionSyntax)
    case not(ConditionSyntax, range: SourceRange)
    case parenthesized(ConditionSyntax, range: SourceRange)
    /// `user_id -> users.last_seen is not null`: in a rule by that related time, says that rows
    /// without one are left alone on purpose (the rule never reaches them anyway).
    case relatedIsNotNull(NameSyntax, RelatedTimeSyntax, range: SourceRange)
}

/// `retain { rules }`.
public struct RetainSyntax: Sendable {
    /// Whether it was written on one line (`retain { a; b }`); the formatter keeps short blocks so.
    public var isSingleLine: Bool
    /// Rules in source order.
    public var rules: [RetentionRuleSyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
}

/// One retention rule with its comments.
public struct RetentionRuleSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// What it is.
    public var kind: RetentionRuleKind
    /// Where it is in the file.
    public var range: SourceRange
    /// Whether it starts with `handled` (the application acts on each row before it goes).
    public var isHandled: Bool = false
    /// `by user_id -> users.last_seen`: the time is read from the row the `by` field points to.
    public var relatedTime: RelatedTimeSyntax? = nil
    /// `roll up into … by … add …` on the line after a `delete after` rule.
    public var rollUp: RollUpSyntax? = nil
}

/// `roll up into transaction_daily_stats by guild_id, day = day(created_at) add n = count, amount = sum(amount)`.
public struct RollUpSyntax: Sendable {
    /// The summary entity.
    public var into: NameSyntax
    /// Key fields: `guild_id`, or `day = day(created_at)`.
    public var groups: [RollUpGroupSyntax]
    /// Accumulating fields: `n = count`, `amount = sum(amount)`.
    public var aggregates: [RollUpAggregateSyntax]
    /// From `roll` to the last aggregate.
    public var range: SourceRange
}

/// One key field of a roll-up.
public struct RollUpGroupSyntax: Sendable {
    /// The summary's field.
    public var field: NameSyntax
    /// The swept entity's field, when not the same name (`day = day(created_at)`).
    public var source: NameSyntax?
    /// Whether the source is wrapped in `day(…)`.
    public var byDay: Bool
}

/// One accumulating field of a roll-up.
public struct RollUpAggregateSyntax: Sendable {
    /// The summary's field.
    public var field: NameSyntax
    /// `count` or `sum`.
    public var function: NameSyntax
    /// The summed field (`sum(amount)`); nil for `count`.
    public var argument: NameSyntax?
}

/// The `-> users.last_seen` after a rule's `by` field: the referenced entity and its time field.
public struct RelatedTimeSyntax: Sendable {
    /// The entity the `by` field references.
    public var entity: NameSyntax
    /// That entity's timestamp field.
    public var field: NameSyntax
}

/// What a retention rule says.
public enum RetentionRuleKind: Sendable {
    case deleteAfter(TimeSpanSyntax, by: NameSyntax, condition: ConditionSyntax?)
    case deleteAt(NameSyntax, condition: ConditionSyntax?)
    case deactivate(TimeSpanSyntax, by: NameSyntax, set: NameSyntax, value: ValueSyntax, condition: ConditionSyntax?)
    case deactivateAt(NameSyntax, set: NameSyntax, value: ValueSyntax, condition: ConditionSyntax?)
    case archive(TimeSpanSyntax, by: NameSyntax, into: NameSyntax, condition: ConditionSyntax?)
    case keepNewest(IntegerSyntax, per: [NameSyntax], by: NameSyntax)
    /// `delete history entries after 30d by timestamp`: elements of an array field, by a time field of each element.
    case deleteEntries(of: NameSyntax, TimeSpanSyntax, by: NameSyntax)
    case appendOnly
    case forever
}

/// `access { insert: a, b; owner user_id }`.
public struct AccessSyntax: Sendable {
    /// Whether it was written on one line (`retain { a; b }`); the formatter keeps short blocks so.
    public var isSingleLine: Bool
    /// Lines in source order.
    public var items: [AccessItemSyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
}

/// One access line.
public struct AccessItemSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// What it is.
    public var kind: AccessItemKind
    /// Where it is in the file.
    public var range: SourceRange
}

/// Which operations a writer list grants.
public enum AccessVerb: String, Sendable, Hashable, CaseIterable {
    case insert
    case update
    case delete
    /// Shorthand for insert, update and delete.
    case write
    /// Read-only access: the modules may select rows (writers may read anyway).
    case read
}

/// What an access line says.
public enum AccessItemKind: Sendable {
    case writers(AccessVerb, [ModuleNameSyntax])
    case owner(NameSyntax)
}

/// A dotted module name such as `moderation.pardon`.
public struct ModuleNameSyntax: Sendable, Hashable {
    /// The dotted parts.
    public var parts: [NameSyntax]
    /// The dotted name.
    public var text: String { parts.map(\.text).joined(separator: ".") }
    /// Where it is.
    public var range: SourceRange { parts.first!.range.union(parts.last!.range) }
}

/// The lifecycle sections of an entity or schema.
public enum AboutSection: String, Sendable, Hashable, CaseIterable {
    case represents
    case grows
    case cleaned
    case touchedBy = "touched_by"
}

/// `about { represents "..." ... }`.
public struct AboutSyntax: Sendable {
    /// Whether it was written on one line (`retain { a; b }`); the formatter keeps short blocks so.
    public var isSingleLine: Bool
    /// Entries in source order.
    public var entries: [AboutEntrySyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
}

/// One `section "text"` line.
public struct AboutEntrySyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Which lifecycle section.
    public var section: AboutSection
    /// The text.
    public var text: StringSyntax
    /// Where it is in the file.
    public var range: SourceRange
}

/// `enum Name { a, b = "raw" }`.
public struct EnumSyntax: Sendable {
    /// Whether it was written on one line (`enum E { a, b }`).
    public var isSingleLine: Bool
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Its name as written.
    public var name: NameSyntax
    /// Cases in source order.
    public var cases: [EnumCaseSyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
    /// Where it is in the file.
    public var range: SourceRange
}

/// One enum case, optionally with a raw value.
public struct EnumCaseSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Its name as written.
    public var name: NameSyntax
    /// The stored value, if given.
    public var rawValue: StringSyntax?
    /// The case's previous name (`was old`), for migrations.
    public var previousName: NameSyntax? = nil
}

/// `type Name { fields }`: a nested document type.
public struct TypeDeclarationSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Its name as written.
    public var name: NameSyntax
    /// Fields in source order.
    public var fields: [MemberSyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
    /// Where it is in the file.
    public var range: SourceRange
}

/// `cache name { key "..."; ttl 1h; value T; param type }`.
public struct CacheSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Its name as written.
    public var name: NameSyntax
    /// Lines in source order.
    public var items: [CacheItemSyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
    /// Where it is in the file.
    public var range: SourceRange
}

/// One line of a cache block.
public struct CacheItemSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// What it is.
    public var kind: CacheItemKind
    /// Where it is in the file.
    public var range: SourceRange
}

/// What a cache line says.
public enum CacheItemKind: Sendable {
    case key(StringSyntax)
    case ttl(TimeSpanSyntax)
    case value(TypeSyntax)
    case parameter(FieldSyntax)
}

/// `namespace name { owner f; entities }`.
public struct NamespaceSyntax: Sendable {
    /// Comments and spacing around it.
    public var trivia: Trivia
    /// Its name as written.
    public var name: NameSyntax
    /// The owner field, if given.
    public var owner: NameSyntax?
    /// Trivia of the `owner` line.
    public var ownerTrivia: Trivia
    /// Entities in source order.
    public var entities: [EntitySyntax]
    /// Comments before the closing brace.
    public var closingComments: [String]
    /// Where it is in the file.
    public var range: SourceRange
}
