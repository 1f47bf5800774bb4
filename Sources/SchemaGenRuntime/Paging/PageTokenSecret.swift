import Foundation

/// The store's page-token secret: 16 random bytes in `page-token.key`, created on first use and
/// then read once per open. Kept in the store directory so tokens outlive restarts (a bot's
/// "next page" buttons stay valid) and a copy of the store accepts the original's tokens.
final class PageTokenSecret: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]?

    /// The secret of the store in `directory`, created (written to a temporary file, fsynced,
    /// renamed into place) if the store has none yet.
    func bytes(directory: String, fileSystem: StorageFileSystem, sync: Bool) throws -> [UInt8] {
        try lock.withLock {
            if let bytes { return bytes }
            let path = directory + "/" + FileFormat.Directory.pageTokenSecret
            let secret: [UInt8]
            if fileSystem.fileExists(path) {
                secret = try fileSystem.readFile(path)
                guard secret.count == PageTokenCodec.secretSize else {
                    throw StoreError.corrupted(file: path, offset: 0,
                                               reason: "page-token secret is \(secret.count) bytes, expected \(PageTokenCodec.secretSize)")
                }
            } else {
                var generator = SystemRandomNumberGenerator()
                secret = (0..<PageTokenCodec.secretSize).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                let temporary = path + ".tmp"
                let file = try fileSystem.openForAppend(temporary, truncate: true)
                defer { file.close() }
                try file.append(secret)
                if sync { try file.sync() }
                try fileSystem.rename(temporary, to: path)
                if sync { try fileSystem.syncDirectory(directory) }
            }
            bytes = secret
            return secret
        }
    }
}

extension Store {
    /// The codec of this store's page tokens, keyed with its secret (``PageTokenCodec``).
    ///
    /// The first call on a store creates the secret file `page-token.key`; tokens of another
    /// store, or made before that file was replaced, are ``PageTokenError/rejected``.
    public func pageTokenCodec(maximumLength: Int = PageTokenCodec.defaultMaximumLength) throws -> PageTokenCodec {
        try pageTokenKeys.codec(maximumLength: maximumLength)
    }
}

/// Where a store's page-token secret lives, carried by its snapshots and transactions so a
/// query reached through any access can make and read tokens; the secret is read on first use.
struct PageTokenKeys: Sendable {
    let secret: PageTokenSecret
    let directory: String
    let fileSystem: any StorageFileSystem
    let sync: Bool

    func codec(maximumLength: Int = PageTokenCodec.defaultMaximumLength) throws -> PageTokenCodec {
        PageTokenCodec(secret: try secret.bytes(directory: directory, fileSystem: fileSystem, sync: sync), maximumLength: maximumLength)
    }
}
