import Foundation

/// Who the tests run as, and the accounts servers switch to when that is root
/// (PostgreSQL refuses to run as root).
public enum OSUser {
    /// A passwd entry.
    public struct Account: Sendable {
        /// The login name.
        public var name: String
        /// The user id.
        public var uid: uid_t
        /// The primary group id.
        public var gid: gid_t
        /// The home directory.
        public var home: String
    }

    /// Whether the tests run as root.
    public static var isRoot: Bool { geteuid() == 0 }

    /// The name of the effective user, e.g. "root" or "runner".
    public static var currentName: String {
        (try? account(uid: geteuid()).name) ?? ProcessInfo.processInfo.environment["USER"] ?? "root"
    }

    /// The account named `name`; throws `HarnessError.unknownUser` if there is none.
    public static func lookup(_ name: String) throws -> Account {
        guard let account = withPasswdEntry({ getpwnam_r(name, &$0, $1, $2, &$3) }) else {
            throw HarnessError.unknownUser(name)
        }
        return account
    }

    /// The account with user id `uid`.
    public static func account(uid: uid_t) throws -> Account {
        guard let account = withPasswdEntry({ getpwuid_r(uid, &$0, $1, $2, &$3) }) else {
            throw HarnessError.unknownUser("uid \(uid)")
        }
        return account
    }

    /// Gives `url` (not recursively) to `account`.
    public static func chown(_ url: URL, to account: Account) throws {
        guard Foundation.chown(url.path, account.uid, account.gid) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    private static func withPasswdEntry(
        _ lookup: (inout passwd, UnsafeMutablePointer<CChar>, Int, inout UnsafeMutablePointer<passwd>?) -> Int32
    ) -> Account? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = buffer.withUnsafeMutableBufferPointer { lookup(&entry, $0.baseAddress!, $0.count, &result) }
        guard status == 0, result != nil else { return nil }
        return Account(
            name: String(cString: entry.pw_name),
            uid: entry.pw_uid,
            gid: entry.pw_gid,
            home: String(cString: entry.pw_dir))
    }
}
