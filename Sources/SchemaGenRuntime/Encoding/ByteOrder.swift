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
        let n = min(count, b.count)
        guard n > 0 else { return count - b.count }
        // Keys are short (a node's keys without their shared prefix are often 1 to 8 bytes):
        // compare them as big-endian words of 8, 4, 2 and 1 bytes inline, rather than call
        // `memcmp` for every probe of a search (11% of a point read's samples,
        // Benchmarks/results/2026-12-04-pointread-perf-before-after.txt). Only bytes below `n` are loaded.
        let x = UnsafeRawPointer(a!), y = UnsafeRawPointer(b.baseAddress!)
        var i = 0
        while n - i >= 8 {
            let u = UInt64(bigEndian: x.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let v = UInt64(bigEndian: y.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if u != v { return u < v ? -1 : 1 }
            i += 8
        }
        if n - i >= 4 {
            let u = UInt32(bigEndian: x.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            let v = UInt32(bigEndian: y.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            if u != v { return u < v ? -1 : 1 }
            i += 4
        }
        if n - i >= 2 {
            let u = UInt16(bigEndian: x.loadUnaligned(fromByteOffset: i, as: UInt16.self))
            let v = UInt16(bigEndian: y.loadUnaligned(fromByteOffset: i, as: UInt16.self))
            if u != v { return u < v ? -1 : 1 }
            i += 2
        }
        if i < n {
            let u = x.load(fromByteOffset: i, as: UInt8.self), v = y.load(fromByteOffset: i, as: UInt8.self)
            if u != v { return u < v ? -1 : 1 }
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
