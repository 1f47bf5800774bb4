import Foundation

/// Changing a node in place (only a node of the writer's generation, see ``BTreeNode``), and
/// the region it keeps its entries in: allocated once per node, moved to a larger one when an
/// entry does not fit, copied whole for copy-on-write.
extension BTreeNode {
    /// This node if `generation` may change it in place, otherwise a copy owned by `generation`.
    @inline(__always)
    func writable(in generation: UInt64) -> BTreeNode {
        if self.generation == generation { return self }
        return copy(in: generation)
    }

    /// A copy owned by `generation`, with room to grow, so the insert that usually follows does not move it again.
    @inline(never)
    private func copy(in generation: UInt64) -> BTreeNode {
        var children: [BTreeNode] = []
        if !isLeaf {
            children.reserveCapacity(self.children.count + 2)
            children.append(contentsOf: self.children)
        }
        let copy = BTreeNode(generation: generation, isLeaf: isLeaf, children: children, entryCapacity: count + 2,
                             keyByteCapacity: keyByteCount + 64, valueByteCapacity: isLeaf ? valueByteCount + 128 : 0)
        copy.appendEntries(of: self, 0..<count)
        return copy
    }

    /// A copy of this internal node with the same generation and separators and other `children`.
    func withChildren(_ children: [BTreeNode]) -> BTreeNode {
        let copy = BTreeNode(generation: generation, isLeaf: false, children: children, entryCapacity: count, keyByteCapacity: keyByteCount)
        copy.appendEntries(of: self, 0..<count)
        return copy
    }

    /// Inserts key (and value, in a leaf) at position `i`.
    func insert(key: [UInt8], value: [UInt8]?, at i: Int) {
        key.withUnsafeBufferPointer { k in
            (value ?? []).withUnsafeBufferPointer { v in insert(k, v, at: i) }
        }
    }

    private func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>, at i: Int) {
        reserve(entries: 1, keyBytes: key.count, valueBytes: isLeaf ? value.count : 0)
        let region = region.unsafelyUnwrapped
        let start = i == 0 ? 0 : keyEnd(i - 1)
        Self.splice(region + keysOffset, used: keyByteCount, at: start, removing: 0, inserting: key)
        Self.shiftEnds(region, from: i, to: count, openingSlot: true, by: key.count)
        region.storeBytes(of: UInt32(start + key.count), toByteOffset: i * 4, as: UInt32.self)
        keyByteCount += key.count
        if isLeaf {
            let vstart = i == 0 ? 0 : valueEnd(i - 1)
            Self.splice(region + valuesOffset, used: valueByteCount, at: vstart, removing: 0, inserting: value)
            Self.shiftEnds(region + valueEndsOffset, from: i, to: count, openingSlot: true, by: value.count)
            region.storeBytes(of: UInt32(vstart + value.count), toByteOffset: valueEndsOffset + i * 4, as: UInt32.self)
            valueByteCount += value.count
        }
        count += 1
    }

    /// Appends the next entry after the last (a builder's path: keys must arrive increasing).
    func append(_ key: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) {
        insert(key, value, at: count)
    }

    /// Appends entries `range` of `other` (a node of the same kind) after the last, in one copy per section.
    func appendEntries(of other: BTreeNode, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let first = range.lowerBound, last = range.upperBound - 1
        let kBase = first == 0 ? 0 : other.keyEnd(first - 1), kBytes = other.keyEnd(last) - kBase
        let vBase = isLeaf ? (first == 0 ? 0 : other.valueEnd(first - 1)) : 0, vBytes = isLeaf ? other.valueEnd(last) - vBase : 0
        reserve(entries: range.count, keyBytes: kBytes, valueBytes: vBytes)
        let region = region.unsafelyUnwrapped, from = UnsafeRawPointer(other.region.unsafelyUnwrapped)
        if kBytes > 0 { (region + keysOffset + keyByteCount).copyMemory(from: from + other.keysOffset + kBase, byteCount: kBytes) }
        let kShift = keyByteCount - kBase
        for j in 0..<range.count {
            let end = Int(from.load(fromByteOffset: (first + j) * 4, as: UInt32.self)) + kShift
            region.storeBytes(of: UInt32(end), toByteOffset: (count + j) * 4, as: UInt32.self)
        }
        keyByteCount += kBytes
        if isLeaf {
            if vBytes > 0 { (region + valuesOffset + valueByteCount).copyMemory(from: from + other.valuesOffset + vBase, byteCount: vBytes) }
            let vShift = valueByteCount - vBase, ends = valueEndsOffset, otherEnds = other.valueEndsOffset
            for j in 0..<range.count {
                let end = Int(from.load(fromByteOffset: otherEnds + (first + j) * 4, as: UInt32.self)) + vShift
                region.storeBytes(of: UInt32(end), toByteOffset: ends + (count + j) * 4, as: UInt32.self)
            }
            valueByteCount += vBytes
        }
        count += range.count
    }

    /// Removes key `i` (and its value, in a leaf); returns the value.
    @discardableResult
    func remove(at i: Int) -> [UInt8] {
        let region = region.unsafelyUnwrapped
        let kr = keyRange(i)
        Self.splice(region + keysOffset, used: keyByteCount, at: kr.lowerBound, removing: kr.count, inserting: UnsafeBufferPointer(start: nil, count: 0))
        Self.shiftEnds(region, from: i + 1, to: count, openingSlot: false, by: -kr.count)
        keyByteCount -= kr.count
        var old: [UInt8] = []
        if isLeaf {
            let vr = valueRange(i)
            old = value(i)
            Self.splice(region + valuesOffset, used: valueByteCount, at: vr.lowerBound, removing: vr.count, inserting: UnsafeBufferPointer(start: nil, count: 0))
            Self.shiftEnds(region + valueEndsOffset, from: i + 1, to: count, openingSlot: false, by: -vr.count)
            valueByteCount -= vr.count
        }
        count -= 1
        return old
    }

    /// Replaces the value of entry `i`; returns the old one.
    func replaceValue(at i: Int, with value: [UInt8]) -> [UInt8] {
        let old = self.value(i)
        let vr = valueRange(i)
        reserve(entries: 0, keyBytes: 0, valueBytes: max(0, value.count - vr.count))
        let region = region.unsafelyUnwrapped
        value.withUnsafeBufferPointer { v in
            Self.splice(region + valuesOffset, used: valueByteCount, at: vr.lowerBound, removing: vr.count, inserting: v)
        }
        Self.shiftEnds(region + valueEndsOffset, from: i, to: count, openingSlot: false, by: value.count - vr.count, inPlaceFrom: i)
        valueByteCount += value.count - vr.count
        return old
    }

    /// Replaces key `i` (a separator, in an internal node).
    func replaceKey(at i: Int, with key: [UInt8]) {
        let kr = keyRange(i)
        reserve(entries: 0, keyBytes: max(0, key.count - kr.count), valueBytes: 0)
        let region = region.unsafelyUnwrapped
        key.withUnsafeBufferPointer { k in
            Self.splice(region + keysOffset, used: keyByteCount, at: kr.lowerBound, removing: kr.count, inserting: k)
        }
        Self.shiftEnds(region, from: i, to: count, openingSlot: false, by: key.count - kr.count, inPlaceFrom: i)
        keyByteCount += key.count - kr.count
    }

    /// Moves entries `from...` of a leaf into a new leaf of `generation`, which it returns.
    func splitLeaf(from mid: Int, generation: UInt64) -> BTreeNode {
        let moved = count - mid
        let right = BTreeNode(generation: generation, isLeaf: true, entryCapacity: moved + 2,
                              keyByteCapacity: keyByteCount - keyEnd(mid - 1) + 64, valueByteCapacity: valueByteCount - valueEnd(mid - 1) + 128)
        right.appendEntries(of: self, mid..<count)
        truncate(to: mid)
        return right
    }

    /// Splits an internal node around separator `mid`: returns that separator and a new node of
    /// `generation` with the separators and children after it.
    func splitInternal(at mid: Int, generation: UInt64) -> ([UInt8], BTreeNode) {
        let up = key(mid)
        let right = BTreeNode(generation: generation, isLeaf: false, children: Array(children[(mid + 1)...]),
                              entryCapacity: count - mid + 1, keyByteCapacity: keyByteCount - keyEnd(mid) + 64)
        right.appendEntries(of: self, (mid + 1)..<count)
        truncate(to: mid)
        children.removeSubrange((mid + 1)...)
        return (up, right)
    }

    /// Drops the entries from `n` on.
    private func truncate(to n: Int) {
        keyByteCount = n == 0 ? 0 : keyEnd(n - 1)
        if isLeaf { valueByteCount = n == 0 ? 0 : valueEnd(n - 1) }
        count = n
    }

    /// Replaces every key and value (the slow path used by rebalancing and bulk building); a
    /// leaf given no values holds empty ones.
    func setEntries(keys: [[UInt8]], values: [[UInt8]]) {
        precondition(values.isEmpty || (isLeaf && values.count == keys.count), "values do not match the keys")
        truncate(to: 0)
        reserve(entries: keys.count, keyBytes: keys.reduce(0) { $0 + $1.count }, valueBytes: values.reduce(0) { $0 + $1.count })
        for i in keys.indices {
            keys[i].withUnsafeBufferPointer { k in
                (values.isEmpty ? [] : values[i]).withUnsafeBufferPointer { v in insert(k, v, at: count) }
            }
        }
    }

    // MARK: The region

    /// Makes room for `entries` more entries, `keyBytes` more key bytes and `valueBytes` more value bytes.
    @inline(__always)
    func reserve(entries: Int, keyBytes: Int, valueBytes: Int) {
        if count + entries > entryCapacity || keyByteCount + keyBytes > keyByteCapacity || valueByteCount + valueBytes > valueByteCapacity {
            grow(entries: count + entries, keyBytes: keyByteCount + keyBytes, valueBytes: valueByteCount + valueBytes)
        }
    }

    /// Moves the entries to a larger region: each section that is short grows by half again (or
    /// to what is needed), so a run of inserts moves the region a logarithmic number of times.
    @inline(never)
    private func grow(entries: Int, keyBytes: Int, valueBytes: Int) {
        func grown(_ capacity: Int, _ needed: Int) -> Int { needed <= capacity ? capacity : max(needed, capacity + capacity / 2) }
        let newEntries = grown(entryCapacity, entries), newKeys = grown(keyByteCapacity, keyBytes)
        let newValues = isLeaf ? grown(valueByteCapacity, valueBytes) : 0
        let bytes = Self.regionBytes(entries: newEntries, keyBytes: newKeys, valueBytes: newValues, isLeaf: isLeaf)
        let new = Self.allocateRegion(bytes, generation: generation).unsafelyUnwrapped
        let newValueEnds = newEntries * 4 + Self.roundedUp(newKeys), newValuesOffset = newValueEnds + newEntries * 4
        if let old = region {
            new.copyMemory(from: old, byteCount: count * 4)
            if keyByteCount > 0 { (new + newEntries * 4).copyMemory(from: old + keysOffset, byteCount: keyByteCount) }
            if isLeaf {
                (new + newValueEnds).copyMemory(from: old + valueEndsOffset, byteCount: count * 4)
                if valueByteCount > 0 { (new + newValuesOffset).copyMemory(from: old + valuesOffset, byteCount: valueByteCount) }
            }
            Self.freeRegion(old, generation: generation)
        }
        region = new
        entryCapacity = newEntries
        keyByteCapacity = newKeys
        valueByteCapacity = newValues
    }

    /// Replaces `removing` bytes at `at` of a section holding `used` bytes with `inserting`,
    /// moving the bytes after them (the section has room: see ``reserve(entries:keyBytes:valueBytes:)``).
    @inline(__always)
    private static func splice(_ section: UnsafeMutableRawPointer, used: Int, at: Int, removing: Int, inserting: UnsafeBufferPointer<UInt8>) {
        let tail = used - at - removing
        if tail > 0, inserting.count != removing {
            (section + at + inserting.count).copyMemory(from: section + at + removing, byteCount: tail)
        }
        if let bytes = inserting.baseAddress, inserting.count > 0 { (section + at).copyMemory(from: bytes, byteCount: inserting.count) }
    }

    /// Adds `delta` to the end offsets `from..<to` of the section at `ends`; with `openingSlot` they
    /// move one place up (to open slot `from` for a new entry), else, for a removal, one place
    /// down (closing slot `from - 1`), unless `inPlaceFrom` names the first one to change in place.
    @inline(__always)
    private static func shiftEnds(_ ends: UnsafeMutableRawPointer, from: Int, to: Int, openingSlot: Bool, by delta: Int, inPlaceFrom: Int? = nil) {
        if openingSlot {
            var j = to
            while j > from {
                let e = ends.load(fromByteOffset: (j - 1) * 4, as: UInt32.self)
                ends.storeBytes(of: UInt32(truncatingIfNeeded: Int(e) + delta), toByteOffset: j * 4, as: UInt32.self)
                j -= 1
            }
        } else if let start = inPlaceFrom {
            guard delta != 0 else { return }
            for j in start..<to {
                let e = ends.load(fromByteOffset: j * 4, as: UInt32.self)
                ends.storeBytes(of: UInt32(truncatingIfNeeded: Int(e) + delta), toByteOffset: j * 4, as: UInt32.self)
            }
        } else {
            for j in from..<max(from, to) {
                let e = ends.load(fromByteOffset: j * 4, as: UInt32.self)
                ends.storeBytes(of: UInt32(truncatingIfNeeded: Int(e) + delta), toByteOffset: (j - 1) * 4, as: UInt32.self)
            }
        }
    }

    @inline(__always)
    static func allocateRegion(_ bytes: Int, generation: UInt64) -> UnsafeMutableRawPointer? {
        guard bytes > 0 else { return nil }
        let region = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 8)
        region.bindMemory(to: UInt8.self, capacity: bytes)
        #if DEBUG
        LiveNodeRegions.count(generation: generation, by: 1)
        #endif
        return region
    }

    @inline(__always)
    static func freeRegion(_ region: UnsafeMutableRawPointer, generation: UInt64) {
        #if DEBUG
        LiveNodeRegions.count(generation: generation, by: -1)
        #endif
        region.deallocate()
    }
}

#if DEBUG
/// Debug builds only: how many node regions are allocated and not yet freed, for nodes of the
/// generations tests reserve (``first`` and above; no store reaches them), so a test can check
/// that nodes free their regions while other tests build nodes at the same time.
enum LiveNodeRegions {
    /// The first generation whose regions are counted.
    static let first: UInt64 = 1 << 62
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counts: [UInt64: Int] = [:]

    static func count(generation: UInt64, by delta: Int) {
        guard generation >= first else { return }
        lock.lock()
        counts[generation, default: 0] += delta
        lock.unlock()
    }

    /// Regions allocated for nodes of `generation` and not yet freed.
    static func live(generation: UInt64) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[generation, default: 0]
    }
}
#endif
