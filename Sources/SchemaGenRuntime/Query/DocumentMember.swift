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
    let read: @Sendable (Document) -> Member

    /// The sub-field `name`, read from a document by `read`.
    public init(name: String, read: @escaping @Sendable (Document) -> Member) {
        self.name = name
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
