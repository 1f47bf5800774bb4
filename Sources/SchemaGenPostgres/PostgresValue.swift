import Foundation

/// One value sent to or read from PostgreSQL: a statement parameter or a result field.
///
/// Every schema type has exactly one case, so a value keeps its PostgreSQL type on the way in
/// (parameters are sent in binary with that type's OID, never as text the server has to guess
/// at) and on the way out (results are requested in binary and decoded by column type, so the
/// session's `DateStyle`, `TimeZone`, `extra_float_digits` or `bytea_output` never matter).
public enum PostgresValue: Sendable, Hashable {
    /// SQL NULL. As a parameter its type is left to the server (OID 0, inferred from context).
    case null
    /// `boolean`.
    case bool(Bool)
    /// `smallint` (int2).
    case int16(Int16)
    /// `integer` (int4).
    case int32(Int32)
    /// `bigint` (int8).
    case int64(Int64)
    /// `double precision` (float8). A `real` (float4) result widens to this case.
    case double(Double)
    /// `numeric`: exact decimal text, never routed through `Double`.
    case numeric(PostgresNumeric)
    /// `text`. A `varchar`, `char(n)` or `name` result reads as this case too.
    case text(String)
    /// `uuid`.
    case uuid(UUID)
    /// `bytea`: raw bytes.
    case bytea(Data)
    /// `date`: a calendar day without a time zone.
    case date(PostgresDate)
    /// `timestamp` (without time zone): a wall-clock reading, carried as the instant that reading
    /// names in UTC, to the microsecond.
    case timestamp(PostgresTimestamp)
    /// `timestamptz`: an instant, to the microsecond; the session's time zone does not affect it.
    case timestamptz(PostgresTimestamp)
    /// `json`: the document's text, kept as written (key order, whitespace, duplicate keys).
    case json(String)
    /// `jsonb`: the document's text (the server normalises it).
    case jsonb(String)
    /// A value of an enum type, by the type's name (unquoted, as in `CREATE TYPE name AS ENUM`,
    /// looked up on the connection's `search_path`).
    case enumeration(String, type: String)
    /// A one-dimensional array. `element` is the element type; elements may be `.null`.
    case array([PostgresValue], element: PostgresArrayElement)

    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }
}

/// The element type of a `PostgresValue.array`, which an empty array or one holding only NULLs
/// cannot tell by itself.
public enum PostgresArrayElement: Sendable, Hashable {
    /// `boolean[]`.
    case bool
    /// `smallint[]`.
    case int16
    /// `integer[]`.
    case int32
    /// `bigint[]`.
    case int64
    /// `double precision[]`.
    case double
    /// `numeric[]`.
    case numeric
    /// `text[]`.
    case text
    /// `uuid[]`.
    case uuid
    /// `bytea[]`.
    case bytea
    /// `date[]`.
    case date
    /// `timestamp[]`.
    case timestamp
    /// `timestamptz[]`.
    case timestamptz
    /// `json[]`.
    case json
    /// `jsonb[]`.
    case jsonb
    /// An array of the named enum type.
    case enumeration(type: String)
}
