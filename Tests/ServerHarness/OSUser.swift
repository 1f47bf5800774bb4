import Foundation

/// Who the tests run as, and the accounts servers switch to when that is root
/// (PostgreSQL refuses to run as root).
public enum OSUser {
    public struct Account: Sendable {
        public var name: String
        public var uid: uid_t
        public var gid: gid_t
        public var home: String
    }

    public static var isRoot: Bool { geteuid() == 0 }

    /// The name of the effective user, e.g. "root" or "runner".
    public static var currentName: String {
        (try? account(uid: geteuid()).name) ?? ProcessInfo.processInfo.environment["USER"] ?? "root"
    }

    public static func lookup(_ name: String) throws -> Account {
        guard let account = withPasswdEntry({ getpwnam_r(name, &$0, $1, $2, &$3) }) else {
            throw HarnessError.unknownUser(name)
        }
        return account
    }

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
