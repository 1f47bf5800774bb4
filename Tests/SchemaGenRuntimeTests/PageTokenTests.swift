import Foundation
import Testing
@testable import SchemaGenRuntime

/// Page tokens: short, URL-safe, exact, and refused when forged or made for something else.
@Suite struct PageTokenTests {
    static let secret = Array(UInt8(0)..<16)
    static let codec = PageTokenCodec(secret: secret)
    static let query: [StoreValue] = [.string("messages"), .string("byChatTime"), .int(-1_001_234_567_890)]

    @Test func sipHashMatchesTheReferenceVectors() {
        // From the SipHash paper (key 00..0f, message 00..n-1).
        #expect(SipHash24.tag([], key: Self.secret) == 0x726f_db47_dd0e_0e31)
        #expect(SipHash24.tag(Array(0..<15), key: Self.secret) == 0xa129_ca61_49be_45e5)
    }

    @Test func base64URLMatchesRFC4648AndIsCanonical() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("Zh") == nil)      // "Zg" with a stray low bit
        #expect(Base64URL.decode("Zm9v+") == nil)   // standard alphabet, and a lone fifth character
        #expect(Base64URL.decode("Zg==") == nil)    // padding
    }

    @Test func typicalKeysFitIn64URLSafeCharactersAndResumeExactly() throws {
        let keys: [[StoreValue]] = [
            [.int(-1_001_234_567_890), .timestamp(1_750_000_000_123_456), .int(987_654_321)],
            [.int(.min), .int(.max)],
            [.string("general"), .int(42)],
            [.timestamp(-1), .string("ünïcødé"), .bool(true)],
            [.uuid(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!)],
            [.double(-0.0), .null, .bytes([0, 255])],
        ]
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for key in keys {
            let token = try Self.codec.token(for: key, query: Self.query)
            #expect(token.count <= 64, "\(key): \(token.count) characters")
            #expect(token.allSatisfy(safe.contains))
            let back = try Self.codec.key(fromToken: token, query: Self.query)
            #expect(back == key)
            // StoreValue equality treats -0.0 and 0.0 alike; the bits must survive too.
            if case .double(let d) = back[0] { #expect(d.sign == .minus) }
        }
        let cursor = PageCursor(key: keys[0])
        #expect(try PageCursor(token: cursor.token(Self.codec, query: Self.query), codec: Self.codec, query: Self.query) == cursor)
    }

    @Test func keyTooLongIsAnErrorNotATruncation() throws {
        let key: [StoreValue] = [.string(String(repeating: "x", count: 60))]
        // 1 version + (1 count + 1 type + 1 length + 60) + 8 tag = 72 bytes = 96 characters.
        #expect(throws: PageTokenError.keyTooLong(tokenLength: 96, maximumLength: 64)) {
            try Self.codec.token(for: key, query: Self.query)
        }
        let roomy = PageTokenCodec(secret: Self.secret, maximumLength: 128)
        #expect(try roomy.key(fromToken: roomy.token(for: key, query: Self.query), query: Self.query) == key)
    }

    @Test func forgedAlteredOrForeignTokensAreRejected() throws {
        let key: [StoreValue] = [.int(7), .int(1_234)]
        let token = try Self.codec.token(for: key, query: Self.query)
        var altered = Array(token)
        altered[4] = altered[4] == "A" ? "B" : "A"
        #expect(throws: PageTokenError.rejected) { try Self.codec.key(fromToken: String(altered), query: Self.query) }
        // The same key for another query (another chat's messages) is not accepted.
        #expect(throws: PageTokenError.rejected) {
            try Self.codec.key(fromToken: token, query: [.string("messages"), .string("byChatTime"), .int(5)])
        }
        // Another store's secret.
        let other = PageTokenCodec(secret: Array(repeating: 7, count: 16))
        #expect(throws: PageTokenError.rejected) { try other.key(fromToken: token, query: Self.query) }
        // A token built by hand for a key of the client's choosing, without the secret.
        let forged = Base64URL.encode([1] + RowCodec.encode([.int(7), .int(0)]) + Array(repeating: 0, count: 8))
        #expect(throws: PageTokenError.rejected) { try Self.codec.key(fromToken: forged, query: Self.query) }
    }

    @Test func malformedTokensSayWhy() throws {
        #expect(throws: PageTokenError.malformed(reason: "not unpadded base64url")) { try Self.codec.key(fromToken: "a b", query: []) }
        #expect(throws: PageTokenError.malformed(reason: "too short")) { try Self.codec.key(fromToken: "", query: []) }
        #expect(throws: PageTokenError.malformed(reason: "longer than 64 characters")) {
            try Self.codec.key(fromToken: String(repeating: "A", count: 65), query: [])
        }
        let version2 = Base64URL.encode([2] + RowCodec.encode([.int(1)]) + Array(repeating: 0, count: 8))
        #expect(throws: PageTokenError.malformed(reason: "unknown version 2")) { try Self.codec.key(fromToken: version2, query: []) }
    }

    @Test func storeSecretIsCreatedOnceAndOutlivesReopening() throws {
        let dir = TemporaryDirectory()
        let schema = StoreSchema(tables: [TableDefinition("t", columns: [.init("id", .int)], primaryKey: ["id"])])
        let key: [StoreValue] = [.int(41)]
        var store = try Store.open(at: dir.store(), schema: schema, options: fastOptions)
        #expect(!FileManager.default.fileExists(atPath: dir.store() + "/page-token.key"))
        let token = try store.pageTokenCodec().token(for: key, query: [.string("t")])
        let secret = try Data(contentsOf: URL(fileURLWithPath: dir.store() + "/page-token.key"))
        #expect(secret.count == 16)
        store.close()

        store = try Store.open(at: dir.store(), schema: schema, options: fastOptions)
        #expect(try store.pageTokenCodec().key(fromToken: token, query: [.string("t")]) == key)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.store() + "/page-token.key")) == secret)
        store.close()

        let elsewhere = TemporaryDirectory()
        let other = try Store.open(at: elsewhere.store(), schema: schema, options: fastOptions)
        defer { other.close() }
        #expect(throws: PageTokenError.rejected) { try other.pageTokenCodec().key(fromToken: token, query: [.string("t")]) }
    }

    @Test func damagedSecretFailsClearly() throws {
        let dir = TemporaryDirectory()
        let schema = StoreSchema(tables: [TableDefinition("t", columns: [.init("id", .int)], primaryKey: ["id"])])
        let store = try Store.open(at: dir.store(), schema: schema, options: fastOptions)
        defer { store.close() }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.store() + "/page-token.key"))
        #expect(storeError { _ = try store.pageTokenCodec() }
                == .corrupted(file: dir.store() + "/page-token.key", offset: 0, reason: "page-token secret is 3 bytes, expected 16"))
    }
}
