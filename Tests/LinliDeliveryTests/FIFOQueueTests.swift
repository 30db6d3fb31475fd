import Testing
@testable import LinliDelivery

@Suite("FIFO queue with a moving head")
struct FIFOQueueTests {
    @Test func popsInArrivalOrderAcrossCompactions() {
        var queue = FIFOQueue<Int>()
        var expected: [Int] = []
        var popped: [Int] = []
        // Interleave pushes and pops so the head passes the compaction threshold many times.
        for round in 0..<50 {
            for value in (round * 10)..<(round * 10 + 10) {
                queue.append(value)
                expected.append(value)
            }
            for _ in 0..<7 { if let value = queue.popFirst() { popped.append(value) } }
            #expect(queue.count == expected.count - popped.count)
            #expect(Array(queue.all) == Array(expected[popped.count...]))
        }
        while let value = queue.popFirst() { popped.append(value) }
        #expect(popped == expected)
        #expect(queue.isEmpty)
        #expect(queue.popFirst() == nil)
    }

    @Test func popsSeveralRetainsAndEmpties() {
        var queue = FIFOQueue<Int>()
        for value in 0..<10 { queue.append(value) }
        #expect(queue.popFirst(3) == [0, 1, 2])
        #expect(queue.popFirst(0) == [])
        queue.retain { $0 % 2 == 0 }
        #expect(Array(queue.all) == [4, 6, 8])
        #expect(queue.popFirst(10) == [4, 6, 8])
        #expect(queue.isEmpty)
        queue.append(11)
        queue.removeAll()
        #expect(queue.isEmpty && queue.count == 0)
    }
}
