import Foundation
import Synchronization

/// Source of new identifiers. Injected everywhere so tests get deterministic ids.
public protocol IDGenerator: Sendable {
    /// A new 26-character identifier body, strictly greater than every body returned before by
    /// this generator (creation order = sort order).
    func nextBody() -> String
}

extension IDGenerator {
    /// A new identifier of the given kind.
    public func next<Kind: IdentifierKind>(_ kind: Kind.Type = Kind.self) -> Identifier<Kind> {
        Identifier(trusted: Kind.prefix + "_" + nextBody())
    }
}

/// Production generator: ULID-style bodies from the clock and a cryptographically secure RNG,
/// monotonic within a millisecond (the entropy is incremented rather than redrawn).
public final class RandomIDGenerator: IDGenerator {
    private struct State {
        var lastMilliseconds: UInt64 = 0
        var high: UInt16 = 0
        var low: UInt64 = 0
    }

    private let clock: any WallClock
    private let state = Mutex(State())

    public init(clock: any WallClock) {
        self.clock = clock
    }

    public func nextBody() -> String {
        let now = UInt64(max(0, clock.now().timeIntervalSince1970 * 1000))
        return state.withLock { state in
            if now > state.lastMilliseconds {
                var rng = SystemRandomNumberGenerator()
                state.lastMilliseconds = now
                // Keep the top bit clear so that increments within one millisecond cannot overflow.
                state.high = UInt16.random(in: 0...0x7FFF, using: &rng)
                state.low = rng.next()
            } else {
                let (sum, overflow) = state.low.addingReportingOverflow(1)
                state.low = sum
                if overflow { state.high &+= 1 }
            }
            return CrockfordBase32.encodeBody(
                milliseconds: state.lastMilliseconds, entropyHigh: state.high, entropyLow: state.low)
        }
    }
}

/// Test generator: bodies from the clock's time and a counter, so ids are predictable.
public final class SequentialIDGenerator: IDGenerator {
    private let clock: any WallClock
    private let counter = Mutex<UInt64>(0)

    public init(clock: any WallClock) {
        self.clock = clock
    }

    public func nextBody() -> String {
        let count = counter.withLock { value -> UInt64 in
            value += 1
            return value
        }
        let ms = UInt64(max(0, clock.now().timeIntervalSince1970 * 1000))
        return CrockfordBase32.encodeBody(milliseconds: ms, entropyHigh: 0, entropyLow: count)
    }
}
