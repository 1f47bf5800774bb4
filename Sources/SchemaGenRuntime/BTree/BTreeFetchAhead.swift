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
/// Used by index scans that fetch each entry's row: those that may read their whole range (an
/// aggregate grouped by a column outside the index, such as the top authors of a chat: about a
/// sixth less time relative to SQLite with it) follow page records too; those with a limit (the
/// newest 100 of a chat, as rows or typed) follow in-memory nodes only, where it saved a third of
/// their CPU, and stop after a batch that reached no row, since over page records it cost them
/// about a tenth ("Fetching rows ahead" and "Newest 100: in memory and from pages" under
/// "Benchmark results" in docs/storage.md).
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
    /// How many batches were read ahead (for tests).
    private(set) var batchesRead = 0

    /// Where a key of the batch has got to. A node is held unretained: the tree holds its root
    /// for the batch and each node its children, and a retain per step (an atomic write, which
    /// waits for every load before it) kept the batch's loads from overlapping (docs/storage.md,
    /// "Row fetches from the page file").
    private enum Step {
        case node(Unmanaged<BTreeNode>)
        case record(offset: UInt64, length: UInt32, level: UInt8, checksum: UInt32)
        case done
    }

    /// Whether the batch's descents go on into page records. A scan with a limit follows
    /// in-memory nodes only: the records of a checkpointed tree are compact and close together,
    /// and read ahead measured slower for it, while the in-memory nodes' misses are what the
    /// batch overlaps ("Newest 100: in memory and from pages" in docs/storage.md).
    private let followsRecords: Bool
    /// Set once a batch reached no row through in-memory nodes: the scan's rows lie in page
    /// records, so it reads on without the read-ahead.
    private var stopped = false

    /// A fetch-ahead for a scan whose caller takes at most `limit` entries (nil: maybe all).
    init(limit: Int?) {
        remaining = max(0, limit ?? Int.max)
        followsRecords = limit == nil
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
        guard wanted > 1, !stopped else { return }
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
            batchesRead += 1
            if reached == 0 && !followsRecords { stopped = true }
        }
    }

    /// Loads what the batch's fetches will read, level by level: the sum of the bytes loaded
    /// (to keep the loads), and how many keys' rows were reached.
    private func descend(_ tree: BTree) -> (loaded: UInt64, reached: Int) {
        guard let root = tree.root else { return (0, 0) }
        let count = keyEnds.count
        return withExtendedLifetime(tree) {
            withUnsafeTemporaryAllocation(of: Step.self, capacity: count) { steps in
                withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: count) { values in
                    steps.initialize(repeating: .node(Unmanaged.passUnretained(root)))
                    return descend(steps, values)
                }
            }
        }
    }

    /// ``descend(_:)`` with `steps` (one per key, each at the root) and room for the found rows'
    /// bytes in `values`: first through the in-memory nodes, level by level, to each key's row or
    /// first page record, then (``descendRecords(_:_:found:mapping:file:)``) through the records.
    private func descend(_ steps: UnsafeMutableBufferPointer<Step>, _ values: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>) -> (loaded: UInt64, reached: Int) {
        let count = steps.count
        // The map and file of the first stub met; a stub of another file (none in one state) is not followed.
        var mapping: PageMapping?
        var file: PageFile?
        var sum: UInt64 = 0
        var live = count, reached = 0, records = 0
        var found = 0
        return withKeys { key in
            while live > 0 {
                // Each level in three passes, so that the misses of one pass overlap across the
                // batch: the nodes' objects, then (their array pointers now at hand) every line
                // the nodes will be searched in, then the searches. A child is not touched by the
                // search that finds it (that miss would wait for the search before it).
                for j in 0..<count {
                    if case .node(let node) = steps[j] { sum &+= node._withUnsafeGuaranteedRef { $0.isStub ? 1 : 0 } }
                }
                for j in 0..<count {
                    guard case .node(let node) = steps[j] else { continue }
                    // The stub's reference read in place (a copy would retain its file).
                    let record: Step? = node._withUnsafeGuaranteedRef { child in
                        guard child.isStub else {
                            sum &+= Self.touchSearchBytes(of: child)
                            return nil
                        }
                        guard followsRecords else { return .done }
                        return child.page.map { page -> Step in
                            if file == nil {
                                file = page.file
                                mapping = page.file.inPlaceMapping(for: page)
                            }
                            guard page.file === file, let mapping, mapping.covers(offset: page.offset, length: page.length) else { return .done }
                            return .record(offset: page.offset, length: page.length, level: page.level, checksum: page.checksum ?? 0)
                        } ?? .done
                    }
                    guard let record else { continue }
                    steps[j] = record
                    live -= 1
                    if case .record = record { records += 1 }
                }
                for j in 0..<count {
                    guard case .node(let unretained) = steps[j] else { continue }
                    let next: Unmanaged<BTreeNode>? = unretained._withUnsafeGuaranteedRef { node in
                        guard node.isLeaf else { return BTree.child(of: node, toward: key(j)) }
                        let (i, isFound) = node.lowerBound(key(j))
                        if isFound {
                            reached += 1
                            // Nodes of a published tree never change, so the bytes stay put while the tree is held.
                            node.withValue(i) { value in
                                if value.count > 0 {
                                    values[found] = UnsafeRawBufferPointer(value)
                                    found += 1
                                }
                            }
                        }
                        return nil
                    }
                    guard let next else {
                        steps[j] = .done
                        live -= 1
                        continue
                    }
                    steps[j] = .node(next)
                }
            }
            if records > 0, let mapping, let file {
                sum &+= descendRecords(steps, values, found: &found, mapping: mapping, file: file, reached: &reached)
            }
            // The rows' bytes, all together, once every leaf is searched (the map kept until then:
            // a checkpoint may have mapped the file again, and this may be the old map's last holder).
            withExtendedLifetime(mapping) {
                for value in values[0..<found] { sum &+= Self.touch(value) }
            }
            return (sum, reached)
        }
    }

    /// Continues the keys whose `steps` reached a page record through the records of `mapping`,
    /// level by level, adding the found rows' bytes to `values`: the sum of the bytes loaded.
    /// The map and file are parameters, held by the caller, so no step retains them.
    private func descendRecords(_ steps: UnsafeMutableBufferPointer<Step>, _ values: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>,
                                found: inout Int, mapping: PageMapping, file: PageFile, reached: inout Int) -> UInt64 {
        let count = steps.count
        var sum: UInt64 = 0
        var live = steps.reduce(0) { if case .record = $1 { $0 + 1 } else { $0 } }
        return withKeys { key in
            while live > 0 {
                for j in 0..<count {
                    if case .record(let offset, let length, _, _) = steps[j] {
                        sum &+= Self.touch(mapping.base + Int(offset), min(Int(length), Self.recordHeadBytes))
                    }
                }
                for j in 0..<count {
                    guard case .record(let offset, let length, let level, let checksum) = steps[j] else { continue }
                    guard let view = file.viewIfVerified(in: mapping, offset: offset, length: length, level: level, checksum: checksum) else {
                        steps[j] = .done
                        live -= 1
                        continue
                    }
                    if level == 0 {
                        let (i, isFound) = view.search(key(j), upper: false)
                        if isFound {
                            reached += 1
                            let value = view.value(i)
                            if value.count > 0 {
                                values[found] = UnsafeRawBufferPointer(value)
                                found += 1
                            }
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
                }
            }
            return sum
        }
    }

    /// Calls `body` with a function giving key `j` of the batch in place.
    @inline(__always)
    private func withKeys<R>(_ body: ((Int) -> UnsafeBufferPointer<UInt8>) -> R) -> R {
        let keyEnds = self.keyEnds
        return keyBytes.withUnsafeBufferPointer { keys in
            body { j in UnsafeBufferPointer(rebasing: keys[(j == 0 ? 0 : keyEnds[j - 1])..<keyEnds[j]]) }
        }
    }

    /// The bytes of a page record loaded before it is searched: its frame and node headers and
    /// what follows (a leaf's prefix, key ends and the first keys).
    private static let recordHeadBytes = 256

    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
    private static let loaded = Atomic<UInt64>(0)

    /// Loads one byte of each cache line of the search bytes of `node`: its key ends and keys,
    /// and a leaf's value ends or an internal node's children.
    @inline(__always)
    private static func touchSearchBytes(of node: BTreeNode) -> UInt64 {
        let sections = node.sections
        var sum = touch(sections.keyEnds) &+ touch(sections.keys)
        if node.isLeaf {
            sum &+= touch(sections.valueEnds)
        } else {
            // The child the search picks is read right after it.
            sum &+= node.children.withUnsafeBytes { touch($0) }
        }
        return sum
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
