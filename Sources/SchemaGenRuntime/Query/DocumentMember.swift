/// A nested type whose sub-fields typed filters reach through a document field
/// (`$0.settings.theme == "dark"`): the generated `QueryFields` of the type names each one.
public protocol FilterableDocument: DocumentValue, Sendable {
    /// The generated struct naming every sub-field as a ``DocumentMember``.
    associatedtype QueryFields: Sendable
    /// The sub-fields.
    static var queryFields: QueryFields { get }
}

/// One sub-field of a nested type as typed filters see it: its schema name and how to read it
/// from a decoded document. Generated per nested type (`QuietHours.queryFields.ends`).
public struct DocumentMember<Document, Member>: Sendable {
    /// The sub-field's schema name (in plans: `quiet.ends`).
    public let name: String
    /// A decimal sub-field's scale (its fraction digits): filters compare it as the store
    /// compares a decimal column, on the integer scaled by 10^scale.
    let scale: Int
    let read: @Sendable (Document) -> Member

    /// The sub-field `name`, read from a document by `read`; `scale` is a decimal sub-field's
    /// number of fraction digits (a decimal with more compares as unknown).
    public init(name: String, scale: Int = 0, read: @escaping @Sendable (Document) -> Member) {
        self.name = name
        self.scale = scale
        self.read = read
    }
}

/// What reading a member from a stored column gave.
enum MemberReading<Member> {
    case value(Member)
    /// The member is nil, or the column or a document on the way is null.
    case null
    /// The stored bytes do not decode.
    case undecodable

    /// `member` read from a document: `.null` when it is an optional holding nil.
    static func of(_ member: Member) -> MemberReading {
        if let optional = member as? any OptionalMember, optional.isNil { return .null }
        return .value(member)
    }
}

/// An optional, whose nil member reads as null.
private protocol OptionalMember {
    var isNil: Bool { get }
}

extension Optional: OptionalMember {
    fileprivate var isNil: Bool { self == nil }
}
