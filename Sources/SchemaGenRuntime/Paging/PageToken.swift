/// Turns the resume key of a query page (``PageCursor/key``) into a short, URL-safe, opaque
/// token and back: small enough for a Telegram button's 64-byte `callback_data`, and
/// authenticated, so a client can hand it back but not make one up.
///
/// A token is unpadded base64url of: a version byte, the key in the row encoding (type byte and
/// compact payload per value, so it resumes exactly), and a 64-bit SipHash-2-4 tag over the
/// query and the bytes before it, keyed with a secret of the store (see ``Store/pageTokenCodec(maximumLength:)``).
/// Binding the tag to the query makes a token of another query, another store or a changed
/// secret fail like a forged one. One or two int64, timestamp or short string columns plus the
/// primary key fit in 64 characters; a key that does not throws ``PageTokenError/keyTooLong(tokenLength:maximumLength:)``.
public struct PageTokenCodec: Sendable {
    /// Telegram's `callback_data` limit, the tightest place a bot keeps "next page" state.
    public static let defaultMaximumLength = 64
    /// The longest token ``token(for:query:)`` returns and ``key(fromToken:query:)`` accepts.
    public let maximumLength: Int
    private let secret: [UInt8]

    static let version: UInt8 = 1
    static let tagSize = 8
    /// Bytes of the secret: SipHash's 128-bit key.
    static let secretSize = 16

    /// A codec whose tags are keyed with `secret`, which must be 16 bytes.
    public init(secret: [UInt8], maximumLength: Int = PageTokenCodec.defaultMaximumLength) {
        precondition(secret.count == Self.secretSize, "a page-token secret is \(Self.secretSize) bytes")
        self.secret = secret
        self.maximumLength = maximumLength
    }

    /// The token of `key` for the query identified by `query` (e.g. table, index, prefix values).
    ///
    /// - Throws: ``PageTokenError/keyTooLong(tokenLength:maximumLength:)`` when the token would be
    ///   longer than ``maximumLength``; it is never truncated.
    public func token(for key: [StoreValue], query: [StoreValue]) throws -> String {
        var bytes = [Self.version] + RowCodec.encode(key)
        let tag = self.tag(bytes, query: query)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: tag >> UInt64(shift))) }
        let length = Base64URL.encodedLength(bytes.count)
        guard length <= maximumLength else { throw PageTokenError.keyTooLong(tokenLength: length, maximumLength: maximumLength) }
        return Base64URL.encode(bytes)
    }

    /// The key a token of the query `query` stands for.
    ///
    /// - Throws: ``PageTokenError/malformed(reason:)`` for text that is no page token of this
    ///   format; ``PageTokenError/rejected`` for one whose tag does not match: forged, altered,
    ///   made for another query, or by another store.
    public func key(fromToken token: String, query: [StoreValue]) throws -> [StoreValue] {
        guard token.utf8.count <= maximumLength else {
            throw PageTokenError.malformed(reason: "longer than \(maximumLength) characters")
        }
        guard let bytes = Base64URL.decode(token) else { throw PageTokenError.malformed(reason: "not unpadded base64url") }
        guard bytes.count >= 2 + Self.tagSize else { throw PageTokenError.malformed(reason: "too short") }
        guard bytes[0] == Self.version else { throw PageTokenError.malformed(reason: "unknown version \(bytes[0])") }
        let body = Array(bytes.dropLast(Self.tagSize))
        let stored = bytes.suffix(Self.tagSize).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        // Compared whole rather than byte by byte with an early exit, so timing tells a forger nothing.
        guard stored ^ tag(body, query: query) == 0 else { throw PageTokenError.rejected }
        guard let key = try? RowCodec.decode(Array(body.dropFirst())) else {
            throw PageTokenError.malformed(reason: "authentic but undecodable (made by a newer version?)")
        }
        return key
    }

    /// The tag binds the query and the token bytes; the query's encoding is length-prefixed so
    /// no query and key can pass for another pair.
    private func tag(_ body: [UInt8], query: [StoreValue]) -> UInt64 {
        var message = ByteWriter()
        message.blob(IndexKeyEncoder.encode(query))
        message.raw(body)
        return SipHash24.tag(message.bytes, key: secret)
    }
}

/// Why a page token could not be made or read.
public enum PageTokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key needs a token of `tokenLength` characters, more than the codec allows.
    case keyTooLong(tokenLength: Int, maximumLength: Int)
    /// The text is not a page token (characters, length or version).
    case malformed(reason: String)
    /// The token fails authentication: forged, altered, or made for another query or store.
    case rejected

    /// A sentence describing the error.
    public var description: String {
        switch self {
        case .keyTooLong(let length, let maximum):
            "the page key needs a \(length)-character token, over the limit of \(maximum): page by a shorter key"
        case .malformed(let reason): "not a page token: \(reason)"
        case .rejected: "page token rejected: forged, altered, or made for another query or store"
        }
    }
}

extension PageCursor {
    /// The cursor as a token of `codec`, bound to `query` (see ``PageTokenCodec``).
    public func token(_ codec: PageTokenCodec, query: [StoreValue]) throws -> String {
        try codec.token(for: key, query: query)
    }

    /// The cursor a token of `codec` for `query` stands for.
    public init(token: String, codec: PageTokenCodec, query: [StoreValue]) throws {
        self.init(key: try codec.key(fromToken: token, query: query))
    }
}
