import Foundation
#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif
import Synchronization

/// One read-only shared memory map of a page file, and which of its node records have passed
/// every check (``PageNodeLayout``'s decode): a reader verifies a record the first time it
/// meets it in this map and from then on reads it in place (``PageNodeView``), so checksums and
/// structure are checked once per record per map, not on every read.
///
/// The verified records are one bit per 16 bytes of the map, set and read atomically, so
/// readers share them without a lock. No record is shorter than 16 bytes (a frame header and a
/// six-byte node header), so no two records share a bit; a reference naming a byte inside a
/// verified record (possible only if damage passed a parent's checksum) is still refused by the
/// length and checksum that every read compares with the record's header. The bits cost
/// 1/128 of the map, zero pages until touched.
final class PageMapping: @unchecked Sendable {
    /// The first mapped byte; the map is `length` bytes (reserved past the file's end).
    let base: UnsafeRawPointer
    let length: Int
    /// `calloc`ed words of verification bits, bound to `Atomic<UInt64>` (all bits zero is an
    /// atomic zero); nil where atomics are unavailable.
    private let bits: UnsafeMutableRawPointer?

    /// Maps `length` bytes of `descriptor`; nil if the system refuses.
    init?(descriptor: Int32, length: Int) {
        let address: UnsafeMutableRawPointer? = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0)
        guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        base = UnsafeRawPointer(address)
        self.length = length
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) else {
            bits = nil
            return
        }
        let words = (length / Self.bytesPerBit + 63) / 64
        guard let bits = calloc(words, MemoryLayout<UInt64>.size) else {
            munmap(address, length)
            return nil
        }
        bits.bindMemory(to: Atomic<UInt64>.self, capacity: words)
        self.bits = bits
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
        free(bits)
    }

    /// Whether the `length` bytes at `offset` lie inside the map (no overflow on the way).
    @inline(__always)
    func covers(offset: UInt64, length: UInt32) -> Bool {
        offset <= UInt64(self.length) && UInt64(length) <= UInt64(self.length) - offset
    }

    private static let bytesPerBit = 16

    /// Whether verification bits can be kept (atomics need macOS 15 or later; Linux always has them).
    /// Without them ``PageFile`` reads through its cache instead of in place.
    static var tracksVerification: Bool {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) { return true }
        return false
    }

    /// Whether the record at `offset` was verified in this map.
    @inline(__always)
    func isVerified(at offset: UInt64) -> Bool {
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), let bits else { return false }
        let bit = Int(offset) / Self.bytesPerBit
        let words = bits.assumingMemoryBound(to: Atomic<UInt64>.self)
        return words[bit >> 6].load(ordering: .acquiring) & (1 << UInt64(bit & 63)) != 0
    }

    /// Clears the bits of every record starting in `range`, before new records are written there.
    func clearVerified(in range: Range<UInt64>) {
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), let bits, !range.isEmpty else { return }
        let words = bits.assumingMemoryBound(to: Atomic<UInt64>.self)
        let first = Int(range.lowerBound) / Self.bytesPerBit
        let last = min(Int(range.upperBound - 1) / Self.bytesPerBit, length / Self.bytesPerBit - 1)
        guard first <= last else { return }
        for bit in first...last {
            words[bit >> 6].bitwiseAnd(~(1 << UInt64(bit & 63)), ordering: .releasing)
        }
    }

    /// Takes the verification bits of `earlier`, a map of the same file this one replaces: the
    /// bytes under a bit set there are the bytes here (a run is rewritten only after
    /// ``clearVerified(in:)`` has cleared it in every map), so records already checked are not
    /// checked again because the file outgrew its map. Called before this map is handed out.
    func inheritVerification(from earlier: PageMapping) {
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), let bits, let old = earlier.bits else { return }
        let count = (min(length, earlier.length) / Self.bytesPerBit + 63) / 64
        let from = old.assumingMemoryBound(to: Atomic<UInt64>.self), to = bits.assumingMemoryBound(to: Atomic<UInt64>.self)
        for word in 0..<count {
            let value = from[word].load(ordering: .acquiring)
            if value != 0 { to[word].store(value, ordering: .relaxed) }
        }
    }

    /// Records that the record at `offset` passed every check.
    func markVerified(at offset: UInt64) {
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), let bits else { return }
        let bit = Int(offset) / Self.bytesPerBit
        let words = bits.assumingMemoryBound(to: Atomic<UInt64>.self)
        words[bit >> 6].bitwiseOr(1 << UInt64(bit & 63), ordering: .releasing)
    }
}
