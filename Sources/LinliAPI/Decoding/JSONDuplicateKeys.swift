import Foundation
import LinliDomain

/// Finds a member name given twice in one JSON object.
///
/// `JSONDecoder` quietly keeps one of the two values, so `{"area": null, "area": "北门"}` used to
/// create a household without an area: the client's mistake turned into data nobody asked for.
/// A body that names a field twice is refused instead (422 `field.repeated` at that field).
///
/// This is a single pass over a body the decoder has already accepted, so it only has to track
/// where it is: objects (the names seen so far) and arrays (the index), with strings skipped whole.
/// Names are compared after unescaping (`"\u0061"` is `"a"`), as the decoder compares them.
///
/// The same pass finds a comma right before `}` or `]` (`{"name":"x",}`), which Foundation's
/// decoder accepts and RFC 8259 does not (helper 110): refused as malformed JSON.
///
/// And a number with a fraction that the decoder rounded into a whole one: it reads numbers
/// as `Double` first, so `"quantity": 0.99999999999999999999` became 1 and `1e-400` became 0
/// (helper 110). Every number a request body carries belongs in an integer field, so a literal
/// whose exact value is not whole is reported at its field (`field.wrong_type`, expected integer)
/// as `4.5` already was.
enum JSONDuplicateKeys {
    /// What the pass found.
    struct Findings: Equatable {
        /// The JSON Pointer of the first name repeated within its object.
        var repeated: String?
        /// The byte offset of the first `}` or `]` that follows a comma.
        var trailingComma: Int?
        /// The JSON Pointer of the first number whose exact value is not a whole number.
        var fraction: String?

        var complete: Bool { repeated != nil && trailingComma != nil && fraction != nil }
    }

    /// The JSON Pointer of the first name repeated within its object, or nil.
    static func firstRepeated(in data: Data) -> String? { findings(in: data).repeated }

    /// The byte offset of the first `}` or `]` right after a comma, or nil.
    static func trailingComma(in data: Data) -> Int? { findings(in: data).trailingComma }

    /// The first repeated name, trailing comma and fraction (the pass stops once it has all three).
    static func findings(in data: Data) -> Findings {
        data.withUnsafeBytes { raw in findings(in: raw.bindMemory(to: UInt8.self)) }
    }

    private enum Frame {
        case object(names: Set<String>, expectingName: Bool, current: String?)
        case array(index: Int)
    }

    private static func findings(in bytes: UnsafeBufferPointer<UInt8>) -> Findings {
        var found = Findings()
        var frames: [Frame] = []
        var path: [String] = []
        var index = 0
        /// The last byte outside strings and whitespace (a string counts as its quote).
        var previous: UInt8 = 0
        /// Where a value about to start sits in its parent, for the pointer.
        func component(of parent: Frame?) -> String? {
            switch parent {
            case .object(_, _, let current): return current
            case .array(let index): return String(index)
            case nil: return nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if let name = component(of: frames.last) { path.append(name) }
                frames.append(byte == UInt8(ascii: "{") ? .object(names: [], expectingName: true, current: nil) : .array(index: 0))
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if previous == UInt8(ascii: ","), found.trailingComma == nil {
                    found.trailingComma = index
                    if found.complete { return found }
                }
                guard !frames.isEmpty else { return found }  // more closing than opening: the decoder refuses it
                frames.removeLast()
                if !frames.isEmpty, !path.isEmpty { path.removeLast() }
                index += 1
            case UInt8(ascii: ","):
                switch frames.last {
                case .object(let names, _, let current): frames[frames.count - 1] = .object(names: names, expectingName: true, current: current)
                case .array(let position): frames[frames.count - 1] = .array(index: position + 1)
                case nil: break
                }
                index += 1
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                var escaped = false
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") { escaped = true; end += 1 }
                    end += 1
                }
                if case .object(var names, true, _) = frames.last {
                    let name = self.name(UnsafeBufferPointer(rebasing: bytes[start..<min(end, bytes.count)]), escaped: escaped)
                    if !names.insert(name).inserted, found.repeated == nil {
                        found.repeated = FieldIssue.pointer(path + [name])
                        if found.complete { return found }
                    }
                    frames[frames.count - 1] = .object(names: names, expectingName: false, current: name)
                }
                index = end + 1
                previous = byte
                continue
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = index
                while end < bytes.count, Self.isNumberByte(bytes[end]) { end += 1 }
                if found.fraction == nil, !Self.isWhole(UnsafeBufferPointer(rebasing: bytes[index..<end])) {
                    found.fraction = FieldIssue.pointer(path + [component(of: frames.last)].compactMap { $0 })
                    if found.complete { return found }
                }
                previous = byte
                index = end
                continue
            default:
                index += 1
            }
            if !Self.isWhitespace(byte) { previous = byte }
        }
        return found
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// Whether a JSON number literal's exact value is a whole number, read from its digits (no
    /// conversion, so no rounding): every digit that the exponent leaves after the point is 0.
    static func isWhole(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits: [UInt8] = []  // the mantissa's digits, the point removed
        var pointAt: Int?  // how many of them stand before the point
        var exponent = 0, exponentSign = 1, inExponent = false
        for byte in literal {
            switch byte {
            case UInt8(ascii: "."): pointAt = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = min(exponent * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)  // beyond any digit count
                } else {
                    digits.append(byte)
                }
            default: break
            }
        }
        // Digits at positions at or beyond `wholeCount` stand after the point once the exponent is applied.
        let wholeCount = (pointAt ?? digits.count) + exponentSign * exponent
        return digits.dropFirst(max(0, wholeCount)).allSatisfy { $0 == UInt8(ascii: "0") }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// A member name's text, unescaped when it contains escapes.
    private static func name(_ raw: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        guard escaped, let unescaped = try? JSONDecoder().decode(String.self, from: Data("\"\(text)\"".utf8)) else { return text }
        return unescaped
    }
}
