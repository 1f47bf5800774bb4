import Foundation

/// A bounded, thread-safe cache of nodes decoded from page files, evicting by the clock
/// algorithm (a second chance for every node read since the hand last passed it).
///
/// The cache is what bounds memory: a parent holds stubs, not its decoded children, so once
/// the cache lets a node go, only readers in the middle of using it still hold it.
final class PageCache: @unchecked Sendable {
    private struct Key: Hashable {
        let file: ObjectIdentifier
        let offset: UInt64
    }

    private struct Slot {
        var key: Key
        var node: BTreeNode
        var referenced: Bool
    }

    /// The most decoded nodes held.
    let capacity: Int
    // Guarded by `lock`.
    private let lock = NSLock()
    private var positions: [Key: Int] = [:]
    private var slots: [Slot] = []
    private var hand = 0
    private var readCount = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Decoded nodes held now (never more than ``capacity``).
    var count: Int { lock.withLock { slots.count } }
    /// Nodes read and decoded from disk since the cache was made (misses).
    var reads: Int { lock.withLock { readCount } }

    /// The cached node at `offset` of `file`.
    func node(in file: PageFile, at offset: UInt64) -> BTreeNode? {
        let key = Key(file: ObjectIdentifier(file), offset: offset)
        return lock.withLock {
            guard let i = positions[key] else { return nil }
            slots[i].referenced = true
            return slots[i].node
        }
    }

    /// Adds a node just read from disk, evicting one if the cache is full.
    func insert(_ node: BTreeNode, in file: PageFile, at offset: UInt64) {
        let key = Key(file: ObjectIdentifier(file), offset: offset)
        lock.withLock {
            readCount += 1
            if positions[key] != nil { return }
            if slots.count < capacity {
                positions[key] = slots.count
                slots.append(Slot(key: key, node: node, referenced: false))
                return
            }
            while slots[hand].referenced {
                slots[hand].referenced = false
                hand = (hand + 1) % slots.count
            }
            positions[slots[hand].key] = nil
            slots[hand] = Slot(key: key, node: node, referenced: false)
            positions[key] = hand
            hand = (hand + 1) % slots.count
        }
    }

    /// Drops every node of `file` (it was replaced by a compaction or closed).
    func removeAll(of file: PageFile) {
        let id = ObjectIdentifier(file)
        lock.withLock {
            slots.removeAll { $0.key.file == id }
            positions = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($0.element.key, $0.offset) })
            hand = 0
        }
    }
}
