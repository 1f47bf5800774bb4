import Synchronization

/// Fetches the rows of an index scan's next entries ahead of the scan, so that the cache misses
/// of their descents of the primary tree overlap instead of following one another.
///
/// A row fetch is a descent whose time is memory loads ("Point reads and row fetches" in
/// docs/storage.md): each level's node (an in-memory node's object, key ends and key bytes; a
/// page record's header, ends and keys) and then the leaf's value are cache misses, each
/// waiting for the one before. Before the scan takes an entry whose row was not fetched ahead,
/// this reads the primary keys of the next ``batch`` entries from a copy of the scan's iterator
/// (the scan's own position does not move) and descends for all of them level by level: it
/// first loads one byte of every cache line that each key's node at that level will search
/// (loads nothing waits for, which the processor keeps in flight together; Swift has no
/// prefetch instruction), then searches those nodes for the next level's, and at the leaves
/// loads the found rows' bytes. The fetches that follow, one per entry as before, find their
/// nodes in the cache.
///
/// Used only by index scans that read every entry of their range and fetch each entry's row
/// (an aggregate grouped by a column outside the index, such as the top authors of a chat): on
/// the shared 2-core test machine that query took about a sixth less time relative to SQLite with
/// it, while limited scans (the newest 100 of a chat, as rows or typed) and scans of a store
/// read wholly from its page file took longer with it ("Fetching rows ahead" under "Benchmark
/// results" in docs/storage.md).
///
/// Only memory is read: what the scan returns does not change. In a page file only records the
/// map has already verified are searched (an unverified one is left to its fetch, which checks
/// it in full and records a fault), and every byte loaded lies inside a reference checked to lie
/// inside the map. Reading the entries ahead checks their index leaves as the scan itself would
/// a moment later.
struct BTreeFetchAhead {
    /// Entries fetched ahead at once: enough misses in flight to keep the memory busy, few
    /// enough that their nodes stay in the first-level cache until their fetches.
    static let batch = 16
    /// The primary keys of the batch, back to back, and where each ends.
    private var keyBytes: [UInt8] = []
    private var keyEnds: [Int] = []
    /// Entries of the scan fetched ahead and not yet taken.
    private var ahead = 0
    /// How many more entries the scan's caller takes at most.
    private var remaining: Int
    /// How many keys of the last batch the read-ahead followed to their rows (for tests: a key
    /// whose path meets a page record the map has not verified stops there).
    private(set) var rowsReachedAhead = 0

    private enum Step {
        case node(BTreeNode)
        case record(offset: UInt64, length: UInt32, level: UInt8, checksum: UInt32)
        case done
    }

    /// A fetch-ahead for a scan whose caller takes at most `limit` entries (nil: maybe all).
    init(limit: Int?) {
        remaining = max(0, limit ?? Int.max)
    }

    /// Called before the scan takes its next entry from `entries`: when no entry is left that was
    /// fetched ahead, fetches the next batch of rows of `primary` ahead.
    @inline(__always)
    mutating func prepare(_ entries: BTreeRangeIterator, primary: BTree) {
        if ahead == 0 { fetchBatch(entries, primary: primary) }
        if ahead > 0 { ahead -= 1 }
        if remaining > 0 { remaining -= 1 }
    }

    @inline(never)
    private mutating func fetchBatch(_ entries: BTreeRangeIterator, primary: BTree) {
        let wanted = min(Self.batch, remaining)
        guard wanted > 1 else { return }
        keyBytes.removeAll(keepingCapacity: true)
        keyEnds.removeAll(keepingCapacity: true)
        var probe = entries
        while keyEnds.count < wanted, probe.nextEntryParts({ prefix, rest, _ -> Void in
            IndexKeys.withPrimaryKey(ofEntryPrefix: prefix, rest: rest) { keyBytes.append(contentsOf: $0) }
            keyEnds.append(keyBytes.count)
        }) != nil {}
        ahead = keyEnds.count
        rowsReachedAhead = 0
        guard ahead > 1 else { return }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            let (loaded, reached) = descend(primary)
            // Stored where another thread could read it, so no load is optimized away.
            Self.loaded.store(loaded, ordering: .relaxed)
            rowsReachedAhead = reached
        }
    }

    /// Loads what the batch's fetches will read, level by level: the sum of the bytes loaded
    /// (to keep the loads), and how many keys' rows were reached.
    private func descend(_ tree: BTree) -> (loaded: UInt64, reached: Int) {
        guard let root = tree.root else { return (0, 0) }
        let count = keyEnds.count
        // Where each key of the batch has got to in the descent.
        var steps = [Step](repeating: .node(root), count: count)
        var mapping: PageMapping?
        var file: PageFile?
        var sum: UInt64 = 0
        var live = count, reached = 0
        // The found rows' bytes, loaded after the last level.
        var values: [UnsafeRawBufferPointer] = []
        values.reserveCapacity(count)
        let keyEnds = self.keyEnds
        return keyBytes.withUnsafeBufferPointer { keys in
            func key(_ j: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: keys[(j == 0 ? 0 : keyEnds[j - 1])..<keyEnds[j]])
            }
            while live > 0 {
                // Every line this level's nodes will be searched in, for all keys before any search.
                for j in 0..<count {
                    switch steps[j] {
                    case .node(let node): sum &+= Self.touchSearchBytes(of: node)
                    case .record(let offset, let length, _, _):
                        if let mapping { sum &+= Self.touch(mapping.base + Int(offset), min(Int(length), Self.recordHeadBytes)) }
                    case .done: break
                    }
                }
                for j in 0..<count {
                    switch steps[j] {
                    case .node(let node):
                        if node.isLeaf {
                            let (i, found) = node.lowerBound(key(j))
                            if found {
                                reached += 1
                                // Nodes of a published tree never change, so the bytes stay put while the tree is held.
                                node.withValue(i) { values.append(UnsafeRawBufferPointer($0)) }
                            }
                            steps[j] = .done
                            live -= 1
                            continue
                        }
                        let child = node.children[node.childIndex(key(j))]
                        guard child.isStub else {
                            steps[j] = .node(child)
                            continue
                        }
                        if mapping == nil, let page = child.page {
                            mapping = page.file.inPlaceMapping(for: page)
                            file = page.file
                        }
                        if let page = child.page, mapping != nil, page.file === file, mapping!.covers(offset: page.offset, length: page.length) {
                            steps[j] = .record(offset: page.offset, length: page.length, level: page.level, checksum: page.checksum ?? 0)
                        } else {
                            steps[j] = .done
                            live -= 1
                        }
                    case .record(let offset, let length, let level, let checksum):
                        guard let mapping, let file,
                              let view = file.viewIfVerified(in: mapping, offset: offset, length: length, level: level, checksum: checksum)
                        else {
                            steps[j] = .done
                            live -= 1
                            continue
                        }
                        if level == 0 {
                            let (i, found) = view.search(key(j), upper: false)
                            if found {
                                reached += 1
                                values.append(UnsafeRawBufferPointer(view.value(i)))
                            }
                            steps[j] = .done
                            live -= 1
                            continue
                        }
                        let (childOffset, childLength, childChecksum) = view.child(view.search(key(j), upper: true).index)
                        if mapping.covers(offset: childOffset, length: childLength) {
                            steps[j] = .record(offset: childOffset, length: childLength, level: level - 1, checksum: childChecksum)
                        } else {
                            steps[j] = .done
                            live -= 1
                        }
                    case .done: break
                    }
                }
            }
            // The rows' bytes, all together, once every leaf is searched (the map kept until then:
            // a checkpoint may have mapped the file again, and this may be the old map's last holder).
            withExtendedLifetime(mapping) {
                for value in values { sum &+= Self.touch(value) }
            }
            return (sum, reached)
        }
    }

    /// The bytes of a page record loaded before it is searched: its frame and node headers and
    /// what follows (a leaf's prefix, key ends and the first keys).
    private static let recordHeadBytes = 256

    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    private static let loaded = Atomic<UInt64>(0)

    /// Loads one byte of each cache line of the search bytes of `node`: its key ends and keys,
    /// and a leaf's value ends.
    @inline(__always)
    private static func touchSearchBytes(of node: BTreeNode) -> UInt64 {
        let sections = node.sections
        return touch(sections.keyEnds) &+ touch(sections.keys) &+ touch(sections.valueEnds)
    }

    @inline(__always)
    private static func touch(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        return touch(base, bytes.count)
    }

    @inline(__always)
    private static func touch(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        return touch(UnsafeRawPointer(base), bytes.count)
    }

    /// Loads one byte of every 64-byte line of `count` bytes at `base` (and the last byte, whose
    /// line the stride may skip).
    @inline(__always)
    private static func touch(_ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        var sum: UInt64 = 0
        var offset = 0
        while offset < count {
            sum &+= UInt64(base.load(fromByteOffset: offset, as: UInt8.self))
            offset += 64
        }
        return sum &+ UInt64(base.load(fromByteOffset: count - 1, as: UInt8.self))
    }
}

extension PageFile {
    /// The record at `offset` as a view of `mapping` when the map has verified it and its frame
    /// is the one its parent names (as ``verifiedView(in:offset:length:level:checksum:table:tree:)``
    /// compares it); nil otherwise, recording nothing: a read-ahead leaves checks and faults to
    /// the fetch that follows.
    func viewIfVerified(in mapping: PageMapping, offset: UInt64, length: UInt32, level: UInt8, checksum: UInt32) -> PageNodeView? {
        guard mapping.covers(offset: offset, length: length), Int(length) >= FileFormat.Frame.headerSize, mapping.isVerified(at: offset),
              let view = framedView(in: mapping, offset: offset, length: length, checksum: checksum),
              view.header.level == level else { return nil }
        return view
    }
}
