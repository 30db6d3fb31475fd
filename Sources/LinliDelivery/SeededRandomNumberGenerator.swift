/// A small deterministic generator (SplitMix64) for tests, benchmarks and replays.
///
/// Every random choice in LinliDelivery (secret bytes, retry jitter) takes an injected
/// `RandomNumberGenerator`; production passes `SystemRandomNumberGenerator`, tests pass this one
/// with a fixed seed so the schedule and secrets they assert on are reproducible.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
