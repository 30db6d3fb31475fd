/// A first-in first-out queue over an array with a moving head.
///
/// `Array.removeFirst()` moves every element behind the first one; the delivery worker's claimed
/// messages and the transport's per-host waiting lists are taken from the front once per request,
/// so they keep a head index instead and drop the consumed prefix only now and then (when it is
/// more than half the storage), which keeps each pop O(1) amortised.
public struct FIFOQueue<Element> {
    private var elements: [Element] = []
    private var head = 0

    public init() {}

    public var isEmpty: Bool { head == elements.count }
    public var count: Int { elements.count - head }

    /// The queued elements, oldest first.
    public var all: ArraySlice<Element> { elements[head...] }

    public mutating func append(_ element: Element) {
        elements.append(element)
    }

    /// Removes and returns the oldest element.
    public mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        defer {
            head += 1
            compactIfWorthIt()
        }
        return elements[head]
    }

    /// Removes and returns up to `count` oldest elements, oldest first.
    public mutating func popFirst(_ count: Int) -> [Element] {
        let taken = Array(elements[head..<(head + min(count, self.count))])
        head += taken.count
        compactIfWorthIt()
        return taken
    }

    /// Keeps only the elements for which `keep` is true, in order.
    public mutating func retain(where keep: (Element) -> Bool) {
        elements = elements[head...].filter(keep)
        head = 0
    }

    public mutating func removeAll() {
        elements.removeAll(keepingCapacity: true)
        head = 0
    }

    private mutating func compactIfWorthIt() {
        if head == elements.count {
            elements.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 && head * 2 > elements.count {
            elements.removeFirst(head)
            head = 0
        }
    }
}

extension FIFOQueue: Sendable where Element: Sendable {}
