import Foundation
import LinliRules

/// A small bounded map from a valuation's stored JSON to the valuation it encodes. The text
/// determines the value exactly, so a hit is the same document a decode would give.
final class RecentValuations: @unchecked Sendable {
    /// The text's UTF-8 bytes, hashed and compared as bytes: a `String` key of Chinese text is
    /// normalized (NFC) on every hash and comparison, which made remembering one valuation about
    /// 7 % of the writer's Swift time per listing created.
    private struct Key: Hashable {
        let bytes: [UInt8]

        init(_ text: String) {
            bytes = Array(text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private let capacity: Int
    private let lock = NSLock()
    private var byText: [Key: Valuation] = [:]
    private var order: [Key] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    func remember(_ text: String, _ valuation: Valuation) {
        let text = Key(text)
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
        let key = Key(text)
        lock.lock()
        defer { lock.unlock() }
        return byText[key]
    }
}
