import Foundation
import LinliRules

/// A small bounded map from a valuation's stored JSON to the valuation it encodes, and to its
/// explanation in each language once one was written. The text determines the value (and so
/// the explanation) exactly, so a hit is the same document a decode would give.
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
    private struct Entry {
        let valuation: Valuation
        var explanations: [String: String] = [:]
    }

    private var byText: [Key: Entry] = [:]
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
        byText[text] = Entry(valuation: valuation)
    }

    func valuation(for text: String) -> Valuation? {
        let key = Key(text)
        lock.lock()
        defer { lock.unlock() }
        return byText[key]?.valuation
    }

    /// The explanation of a remembered valuation in `language` (a language code), written by
    /// `write` the first time and kept with it; nil when the text is not remembered. A created
    /// listing's answer explains its valuation, and writing the sentences was about a tenth of
    /// the request's CPU outside the database writer.
    func explanation(for text: String, language: String, write: (Valuation) -> String) -> String? {
        let key = Key(text)
        lock.lock()
        guard let entry = byText[key] else {
            lock.unlock()
            return nil
        }
        if let known = entry.explanations[language] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let written = write(entry.valuation)
        lock.lock()
        byText[key]?.explanations[language] = written
        lock.unlock()
        return written
    }
}
