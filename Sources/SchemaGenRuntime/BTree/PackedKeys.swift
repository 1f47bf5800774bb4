/// Keys laid end to end in one byte buffer with the end offset of each: a batch of keys for
/// ``BTree/removeAll(_:generation:)`` (expiry's doomed rows and index entries) without a heap
/// array per key, so gathering, sorting and dropping a batch costs no retain or free per key.
struct PackedKeys {
    /// All keys back to back.
    private(set) var bytes: [UInt8] = []
    /// `ends[i]` is the offset in `bytes` just past key `i`.
    private(set) var ends: [Int] = []

    init() {}

    init(_ keys: [[UInt8]]) {
        ends.reserveCapacity(keys.count)
        for key in keys { append(key) }
    }

    var count: Int { ends.count }
    var isEmpty: Bool { ends.isEmpty }

    mutating func reserveCapacity(keys: Int, bytes byteCount: Int) {
        ends.reserveCapacity(keys)
        bytes.reserveCapacity(byteCount)
    }

    mutating func append(_ key: [UInt8]) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
    }

    mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
    }

    /// Appends one key that `write` appends to the buffer; when `write` returns false the bytes it
    /// wrote are dropped and no key is added.
    @inline(__always)
    mutating func appendKey(_ write: (inout [UInt8]) -> Bool) {
        let start = bytes.count
        if write(&bytes) {
            ends.append(bytes.count)
        } else {
            bytes.removeSubrange(start...)
        }
    }

    /// Key `i` as its own array.
    func key(_ i: Int) -> [UInt8] {
        Array(bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
    }

    /// Calls `body` with a borrowed view of the keys.
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { b in try ends.withUnsafeBufferPointer { e in try body(View(bytes: b, ends: e)) } }
    }

    /// The same keys in ascending byte order, each once (itself when already so).
    func sortedUnique() -> PackedKeys {
        withView { view in
            if view.isStrictlyIncreasing { return self }
            // Sorts positions rather than keys, so no key moves until the one copy below.
            var order = Array(0..<view.count)
            order.sort { View.compare(view.key($0), view.key($1)) < 0 }
            var out = PackedKeys()
            out.reserveCapacity(keys: order.count, bytes: bytes.count)
            var previous: UnsafeBufferPointer<UInt8>?
            for i in order {
                let key = view.key(i)
                if let previous, View.compare(previous, key) == 0 { continue }
                out.append(key)
                previous = key
            }
            return out
        }
    }

    /// Borrowed keys; valid only inside ``PackedKeys/withView(_:)``.
    struct View {
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>

        var count: Int { ends.count }

        @inline(__always)
        func key(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            let start = i == 0 ? 0 : ends[i - 1]
            return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
        }

        var isStrictlyIncreasing: Bool {
            for i in 1..<max(1, count) where Self.compare(key(i - 1), key(i)) >= 0 { return false }
            return true
        }

        @inline(__always)
        static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
            ByteOrder.compare(a.baseAddress, a.count, b)
        }
    }
}
