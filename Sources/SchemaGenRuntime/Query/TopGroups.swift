/// The first `limit` elements of a sequence in an order, kept in a bounded max-heap while the
/// elements arrive, so a top-N of many groups costs O(n log N) and holds N elements instead of
/// sorting all n. The result equals a stable sort by `precedes` cut to `limit`: elements the
/// order ties keep their arrival order.
struct TopGroups<Element> {
    let limit: Int
    /// Whether the first element comes before the second in the wanted order.
    let precedes: (Element, Element) -> Bool
    /// A max-heap by (order, arrival): the root is the element that would be cut first.
    private var heap: [(element: Element, arrival: Int)] = []
    private var arrivals = 0

    init(limit: Int, precedes: @escaping (Element, Element) -> Bool) {
        self.limit = Swift.max(0, limit)
        self.precedes = precedes
        heap.reserveCapacity(Swift.min(self.limit, 1024))
    }

    /// Whether `a` comes before `b`: by the order, then the one that arrived first.
    private func before(_ a: (element: Element, arrival: Int), _ b: (element: Element, arrival: Int)) -> Bool {
        if precedes(a.element, b.element) { return true }
        if precedes(b.element, a.element) { return false }
        return a.arrival < b.arrival
    }

    /// Offers one element; it is kept when it comes before the last one kept (or room is left).
    mutating func add(_ element: Element) {
        let entry = (element: element, arrival: arrivals)
        arrivals += 1
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if before(entry, heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// The kept elements, first to last.
    func sorted() -> [Element] {
        heap.sorted(by: before).map(\.element)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && before(heap[largest], heap[child]) {
                largest = child
            }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
