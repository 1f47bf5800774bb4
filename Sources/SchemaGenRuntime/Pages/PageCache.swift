import Foundation

/// A bounded, thread-safe cache of nodes decoded from page files, evicting by the clock
/// algorithm (a second chance for every node read since the hand last passed it).
///
/// The cache is what bounds memory: a parent holds stubs, not its decoded children, so once
/// the cache lets a node go, only readers in the middle of using it still hold it.
///
/// Every step of a descent below the root asks the cache, so a hit must cost little: the cache
/// is split into shards (each with its own lock, so concurrent readers rarely wait), and each
/// shard finds a node through an open-addressed table keyed by the page's offset with a
/// multiplicative hash, not a `Dictionary` (whose SipHash and resizing cost more than the
/// binary search in the node found). Measured in `docs/storage.md`, "Read path".
final class PageCache: @unchecked Sendable {
    /// The most decoded nodes held.
    let capacity: Int
    private let shards: [PageCacheShard]
    private let shardMask: Int

    init(capacity: Int) {
        let capacity = max(1, capacity)
        self.capacity = capacity
        // A power of two, at most 8 and at most one shard per node of capacity.
        var count = 1
        while count < 8, count * 2 <= capacity { count *= 2 }
        shardMask = count - 1
        shards = (0..<count).map { i in PageCacheShard(capacity: capacity / count + (i < capacity % count ? 1 : 0)) }
    }

    /// Decoded nodes held now (never more than ``capacity``).
    var count: Int { shards.reduce(0) { $0 + $1.count } }
    /// Nodes read and decoded from disk since the cache was made (misses).
    var reads: Int { shards.reduce(0) { $0 + $1.reads } }

    @inline(__always)
    private static func hash(_ file: PageFile, _ offset: UInt64) -> UInt64 {
        // Fibonacci hashing of the offset, with the file's identity folded in; the high bits are well mixed.
        let identity = UInt64(UInt(bitPattern: ObjectIdentifier(file)))
        return (offset ^ (identity &* 0x9E37_79B9)) &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    private func shard(_ hash: UInt64) -> PageCacheShard { shards[Int(truncatingIfNeeded: hash >> 61) & shardMask] }

    /// The cached node at `offset` of `file`.
    func node(in file: PageFile, at offset: UInt64) -> BTreeNode? {
        let h = Self.hash(file, offset)
        return shard(h).node(file: ObjectIdentifier(file), offset: offset, hash: h)
    }

    /// Adds a node just read from disk, evicting one if the cache is full.
    func insert(_ node: BTreeNode, in file: PageFile, at offset: UInt64) {
        let h = Self.hash(file, offset)
        shard(h).insert(node, file: ObjectIdentifier(file), offset: offset, hash: h)
    }

    /// Drops the node at `offset` of `file`, if cached (its page run is about to be reused).
    func remove(in file: PageFile, at offset: UInt64) {
        let h = Self.hash(file, offset)
        shard(h).remove(file: ObjectIdentifier(file), offset: offset, hash: h)
    }

    /// Drops every node of `file` (it was replaced by a compaction or closed).
    func removeAll(of file: PageFile) {
        for shard in shards { shard.removeAll(of: ObjectIdentifier(file)) }
    }
}

/// One shard of a ``PageCache``: a clock of slots and an open-addressed index into them
/// (linear probing, deletion by shifting back, so no tombstones accumulate).
final class PageCacheShard: @unchecked Sendable {
    private struct Slot {
        var file: ObjectIdentifier
        var offset: UInt64
        var hash: UInt64
        var node: BTreeNode
        var referenced: Bool
    }

    private let capacity: Int
    // Guarded by `lock`. Exclusivity is guaranteed by the lock; the dynamic checks Swift adds to
    // class properties would cost as much as the lookup.
    private let lock = NSLock()
    @exclusivity(unchecked) private var slots: [Slot] = []
    /// Slot number + 1 per bucket (0: empty); at least twice as many buckets as slots.
    @exclusivity(unchecked) private var buckets: [Int32]
    private let bucketShift: UInt64
    @exclusivity(unchecked) private var hand = 0
    @exclusivity(unchecked) private var readCount = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        var size = 4, bits: UInt64 = 2
        while size < self.capacity * 2 { size *= 2; bits += 1 }
        buckets = [Int32](repeating: 0, count: size)
        bucketShift = 64 - bits
        slots.reserveCapacity(self.capacity)
    }

    var count: Int { lock.withLock { slots.count } }
    var reads: Int { lock.withLock { readCount } }

    @inline(__always)
    // The top 3 bits chose the shard, so the bits below them choose the bucket.
    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash << 3) >> bucketShift) }

    /// The bucket holding the slot of (`file`, `offset`), or the empty bucket where it would go.
    @inline(__always)
    private func bucket(file: ObjectIdentifier, offset: UInt64, hash: UInt64) -> (index: Int, found: Bool) {
        let mask = buckets.count - 1
        var b = home(hash)
        while true {
            let entry = Int(buckets[b])
            if entry == 0 { return (b, false) }
            let slot = slots[entry - 1]
            if slot.offset == offset, slot.file == file { return (b, true) }
            b = (b + 1) & mask
        }
    }

    func node(file: ObjectIdentifier, offset: UInt64, hash: UInt64) -> BTreeNode? {
        lock.lock()
        defer { lock.unlock() }
        let (b, found) = bucket(file: file, offset: offset, hash: hash)
        guard found else { return nil }
        let i = Int(buckets[b]) - 1
        slots[i].referenced = true
        return slots[i].node
    }

    func insert(_ node: BTreeNode, file: ObjectIdentifier, offset: UInt64, hash: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        readCount += 1
        let (b, found) = bucket(file: file, offset: offset, hash: hash)
        if found { return }
        let slot = Slot(file: file, offset: offset, hash: hash, node: node, referenced: false)
        if slots.count < capacity {
            slots.append(slot)
            buckets[b] = Int32(slots.count)
            return
        }
        while slots[hand].referenced {
            slots[hand].referenced = false
            hand = (hand + 1) % slots.count
        }
        let victim = slots[hand]
        unlink(bucket(file: victim.file, offset: victim.offset, hash: victim.hash).index)
        slots[hand] = slot
        // Removing the victim may have shifted entries, so the new key's bucket is found again.
        buckets[bucket(file: file, offset: offset, hash: hash).index] = Int32(hand + 1)
        hand = (hand + 1) % slots.count
    }

    /// Empties bucket `b`, shifting later entries of its probe run back so every entry stays
    /// reachable from its home bucket.
    private func unlink(_ b: Int) {
        let mask = buckets.count - 1
        var hole = b, next = (b + 1) & mask
        buckets[hole] = 0
        while buckets[next] != 0 {
            let home = self.home(slots[Int(buckets[next]) - 1].hash)
            // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
            let distanceToHole = (next - home) & mask, distanceToNext = (next - hole) & mask
            if distanceToHole >= distanceToNext {
                buckets[hole] = buckets[next]
                buckets[next] = 0
                hole = next
            }
            next = (next + 1) & mask
        }
    }

    func remove(file: ObjectIdentifier, offset: UInt64, hash: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        let (b, found) = bucket(file: file, offset: offset, hash: hash)
        guard found else { return }
        let i = Int(buckets[b]) - 1
        unlink(b)
        // The last slot moves into the freed one, so the clock stays dense.
        let last = slots.count - 1
        if i != last {
            let moved = slots[last]
            buckets[bucket(file: moved.file, offset: moved.offset, hash: moved.hash).index] = Int32(i + 1)
            slots[i] = moved
        }
        slots.removeLast()
        if hand >= slots.count { hand = 0 }
    }

    func removeAll(of file: ObjectIdentifier) {
        lock.withLock {
            slots.removeAll { $0.file == file }
            for b in buckets.indices { buckets[b] = 0 }
            for (i, slot) in slots.enumerated() {
                buckets[bucket(file: slot.file, offset: slot.offset, hash: slot.hash).index] = Int32(i + 1)
            }
            hand = 0
        }
    }
}
