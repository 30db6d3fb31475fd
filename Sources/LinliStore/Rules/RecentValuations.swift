import Foundation
import LinliRules

/// A small bounded map from a valuation's stored JSON to the valuation it encodes. The text
/// determines the value exactly, so a hit is the same document a decode would give.
final class RecentValuations: @unchecked Sendable {
    private let capacity: Int
    private let lock = NSLock()
    private var byText: [String: Valuation] = [:]
    private var order: [String] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    func remember(_ text: String, _ valuation: Valuation) {
        lock.lock()
        defer { lock.unlock() }
        guard byText[text] == nil else { return }
        if order.count < capacity {
            order.append(text)
        } else {
            byText[order[next]] = nil
            order[next] = text
            next = (next + 1) % capacity
        }
        byText[text] = valuation
    }

    func valuation(for text: String) -> Valuation? {
        lock.lock()
        defer { lock.unlock() }
        return byText[text]
    }
}
