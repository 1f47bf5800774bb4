import Foundation

/// Lexicographic comparison of byte strings, the single order every tree uses.
enum ByteOrder {
    /// Binary search over `count` sorted keys, `compareAt(i)` comparing key `i` with the wanted
    /// key: the first position whose key is `>= key` (or, with `upper`, `> key`), and whether the
    /// key there equals it. One search for decoded nodes and nodes read in place.
    @inline(__always)
    static func search(count: Int, upper: Bool, compareAt: (Int) -> Int) -> (index: Int, found: Bool) {
        var lo = 0, hi = count, found = false
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = compareAt(mid)
            if c < 0 || (upper && c == 0) {
                lo = mid + 1
            } else {
                if c == 0 { found = true; if !upper { return (mid, true) } }
                hi = mid
            }
        }
        return (lo, found)
    }

    /// Returns a negative number, zero or a positive number as `a` sorts before, equal to or after `b`.
    @inline(__always)
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let n = min(pa.count, pb.count)
                if n > 0 {
                    let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
                    if c != 0 { return Int(c) }
                }
                return pa.count - pb.count
            }
        }
    }

    /// Compares `count` bytes at `a` (nil only when `count` is 0) with the bytes of `b`.
    @inline(__always)
    static func compare(_ a: UnsafePointer<UInt8>?, _ count: Int, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        // Most keys differ in their first eight bytes: compare those as one big-endian word.
        if count >= 8, b.count >= 8 {
            let x = UInt64(bigEndian: UnsafeRawPointer(a!).loadUnaligned(as: UInt64.self))
            let y = UInt64(bigEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
        }
        let n = min(count, b.count)
        if n > 0 {
            let c = memcmp(a!, b.baseAddress!, n)
            if c != 0 { return Int(c) }
        }
        return count - b.count
    }

    /// Whether `key` begins with `prefix`.
    @inline(__always)
    static func hasPrefix(_ key: [UInt8], _ prefix: [UInt8]) -> Bool {
        if prefix.count > key.count { return false }
        if prefix.isEmpty { return true }
        return key.withUnsafeBufferPointer { pk in
            prefix.withUnsafeBufferPointer { pp in memcmp(pk.baseAddress!, pp.baseAddress!, pp.count) == 0 }
        }
    }

    /// The smallest byte string greater than every string that starts with `prefix`,
    /// or `nil` when no such string exists (the prefix is all `0xFF`).
    static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last == 0xFF {
                bytes.removeLast()
            } else {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
        }
        return nil
    }
}
