import ArgumentParser
import Foundation
import LinliRules

/// `linli-bench rules`: throughput of the compiled default rule set against a hand-written Swift
/// function that hard-codes the same formula and constants, measured in the same run over the same
/// listings; plus parse + compile time of default.yaml and the time of a 10,000-listing diff.
/// Both evaluators must agree on every listing, or the benchmark fails.
struct RulesBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Benchmark rule-set parsing, compilation, evaluation and diff (issue 3).")

    @Option(help: "Seconds to spend on each throughput measurement.")
    var seconds: Double = 2

    @Option(help: "Listings in the generated mix (also the diff size).")
    var listings: Int = 10_000

    @Option(help: "Seed of the deterministic listing generator.")
    var seed: UInt64 = 20_260_301

    func run() throws {
        let text = RulePresets.text(named: "default")!
        let compileTimes = (0..<30).map { _ in
            measure { _ = try? RuleSetCompiler.compile(text, fileName: "default.yaml") }
        }
        let rules = try RuleSetCompiler.compile(text, fileName: "default.yaml")
        let mix = BenchmarkListingMix(seed: seed, count: listings, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let context = mix.context
        let handWritten = HandWrittenDefaultValuation()

        // Same answers first: a fast wrong evaluator would be worthless.
        for (index, input) in mix.inputs.enumerated() {
            let engine = try rules.points(for: input, in: context)
            let hand = handWritten.points(input, context)
            guard engine == hand else {
                throw ValidationError("listing \(index) disagrees: engine \(engine), hand-written \(hand): \(input)")
            }
        }

        let engineRate = throughput(seconds: seconds, count: mix.inputs.count) {
            var sum = 0
            for input in mix.inputs { sum &+= (try? rules.points(for: input, in: context)) ?? 0 }
            return sum
        }
        let handRate = throughput(seconds: seconds, count: mix.inputs.count) {
            var sum = 0
            for input in mix.inputs { sum &+= handWritten.points(input, context) }
            return sum
        }

        // A realistic candidate: items dearer, heavy work weighted more. Its golden tests would
        // (rightly) fail with the new numbers, so the candidate is the file without them.
        let candidateText = String(text[..<text.range(of: "\ntests:")!.lowerBound])
            .replacingOccurrences(of: "version: 1 ", with: "version: 2 ")
            .replacingOccurrences(of: "rate: \"0.10\"", with: "rate: \"0.12\"")
            .replacingOccurrences(of: "heavy: \"1.50\"", with: "heavy: \"1.60\"")
        let candidate = try RuleSetCompiler.compile(candidateText, fileName: "candidate.yaml")
        let diffListings = mix.inputs.enumerated().map { DiffListing(id: "L\($0.offset)", input: $0.element) }
        var report: RuleSetDiffReport?
        let diffTimes = (0..<5).map { _ in
            measure { report = RuleSetDiff.compare(current: rules, candidate: candidate, listings: diffListings, context: context) }
        }

        let kinds = Dictionary(grouping: mix.inputs, by: \.kind).mapValues(\.count)
        print("rules benchmark (release build recommended; one thread)")
        print("  listing mix: \(mix.inputs.count) listings, item \(kinds[.item] ?? 0), time \(kinds[.time] ?? 0), skill \(kinds[.skill] ?? 0), seed \(seed)")
        print("  parse+compile default.yaml: min \(ms(compileTimes.min()!)) ms, median \(ms(compileTimes.sorted()[compileTimes.count / 2])) ms (target < 20 ms)")
        print("  compiled rule set:  \(Int(engineRate)) valuations/s (target ≥ 1,000,000)")
        print("  hand-written Swift: \(Int(handRate)) valuations/s")
        print("  ratio: \(String(format: "%.1f", engineRate / handRate * 100))% of hand-written (target ≥ 25%)")
        print("  diff of \(diffListings.count) listings: min \(ms(diffTimes.min()!)) ms (target < 1000 ms); up \(report!.up), down \(report!.down), unchanged \(report!.unchanged)")
    }

    private func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }

    private func measure(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Valuations per second of `pass` (which values `count` listings), repeated for `seconds`.
    private func throughput(seconds: Double, count: Int, _ pass: () -> Int) -> Double {
        var checksum = 0
        checksum &+= pass()  // warm-up
        var passes = 0
        let start = ContinuousClock.now
        var elapsed = 0.0
        repeat {
            checksum &+= pass()
            passes += 1
            let d = ContinuousClock.now - start
            elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        } while elapsed < seconds
        if checksum == 42 { print("") }  // keeps the work observable to the optimizer
        return Double(passes * count) / elapsed
    }
}

/// A deterministic, realistic mix: half items (household goods, phones, furniture, food, kids'
/// things), a third time (care, errands, pick-ups; most scheduled, some across slot boundaries),
/// the rest skills.
private struct BenchmarkListingMix {
    let inputs: [ValuationInput]
    let context: ValuationContext

    init(seed: UInt64, count: Int, timeZone: TimeZone) {
        var rng = SplitMix64(seed: seed)
        let itemCategories = ["household", "electronics", "furniture", "kids_items", "books", "food", "mobility_aids"]
        let timeCategories = ["daily_care", "errands", "elder_care", "child_pickup", "health", "emergency_help", "repair"]
        let skillCategories = ["repair", "tutoring", "tech_help"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let monday = calendar.date(from: DateComponents(year: 2026, month: 3, day: 9))!
        var inputs: [ValuationInput] = []
        inputs.reserveCapacity(count)
        for _ in 0..<count {
            let roll = rng.next(100)
            if roll < 50 {
                var input = ValuationInput(kind: .item, category: itemCategories[rng.next(itemCategories.count)])
                input.declaredCost = RuleDecimal(units: Int64(rng.next(300_000) + 500) * 100)
                input.condition = ItemCondition.allCases[rng.next(5)]
                input.ageMonths = rng.next(120)
                input.quantity = rng.next(10) == 0 ? 2 : 1
                inputs.append(input)
            } else {
                let isTime = roll < 85
                let categories = isTime ? timeCategories : skillCategories
                var input = ValuationInput(kind: isTime ? .time : .skill, category: categories[rng.next(categories.count)])
                if rng.next(10) < 7 {
                    let start = monday.addingTimeInterval(Double(rng.next(14 * 96)) * 900)
                    input.start = start
                    input.end = start.addingTimeInterval(Double(rng.next(16) + 1) * 900)
                } else {
                    input.durationMinutes = rng.next(240) + 5
                }
                if isTime {
                    input.intensity = TimeIntensity.allCases[rng.next(3)]
                } else {
                    input.certification = SkillCertification.allCases[rng.next(3)]
                    input.level = SkillLevel.allCases[rng.next(4)]
                }
                inputs.append(input)
            }
        }
        self.inputs = inputs
        var scarcity: [ScarcityKey: ScarcityCounts] = [:]
        for category in itemCategories + timeCategories + skillCategories {
            scarcity[ScarcityKey(category: category)] = ScarcityCounts(demand: rng.next(12), supply: rng.next(8))
        }
        context = ValuationContext(valuedAt: monday, scarcity: scarcity)
    }
}

/// Deterministic generator (SplitMix64) so every run values the same listings.
private struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The default rule file's formula written out by hand, with its constants inlined: what a
/// programmer would write without a rules engine. Same exact arithmetic (integer rationals, one
/// half-even rounding), so both must give identical points; the ratio then measures only the cost
/// of reading the rules from tables instead of constants.
private struct HandWrittenDefaultValuation {
    private let halfLife36: [Int64]
    private let halfLife18: [Int64]
    private let holidays: Set<Int>
    private static let shanghaiOffset = 8 * 3600

    init() {
        func table(_ halfLife: Double, floor: Int64) -> [Int64] {
            (0...1200).map { max(Int64((pow(0.5, Double($0) / halfLife) * 10_000).rounded(.toNearestOrEven)), floor) }
        }
        halfLife36 = table(36, floor: 2_000)
        halfLife18 = table(18, floor: 1_000)
        // The default file's 2026 holidays: (month, first day, number of days).
        let spans = [(1, 1, 3), (2, 15, 9), (4, 4, 3), (5, 1, 5), (6, 19, 3), (9, 25, 3), (10, 1, 7)]
        var days: Set<Int> = []
        for (month, day, count) in spans {
            let first = LocalDate(year: 2026, month: month, day: day)!.daysSinceEpoch
            for offset in 0..<count { days.insert(first + offset) }
        }
        holidays = days
    }

    func points(_ input: ValuationInput, _ context: ValuationContext) -> Int {
        var n: Int128
        var d: Int128
        var billedMinutes = 0
        var schedule: (Int, Int)?
        let category = input.category
        switch input.kind {
        case .item:
            n = Int128(input.declaredCost!.units) * Int128(input.quantity) * 1_000  // × rate 0.10
            d = 10_000 * 10_000
            if n < d { n = 1; d = 1 }  // minimum 1
            let condition: Int128 = switch input.condition! {
            case .new: 10_000
            case .likeNew: 9_000
            case .good: 7_500
            case .fair: 5_500
            case .worn: 3_500
            case .forParts: 2_000
            }
            n *= condition
            d *= 10_000
            let age = min(input.ageMonths!, 1200)
            let depreciation: Int64
            switch category {
            case "electronics": depreciation = halfLife18[age]
            case "furniture": depreciation = age < 12 ? 9_000 : age < 36 ? 7_500 : age < 84 ? 5_500 : 3_500
            default: depreciation = halfLife36[age]
            }
            n *= Int128(depreciation)
            d *= 10_000
        case .time, .skill:
            let minutes: Int
            if let start = input.start, let end = input.end {
                let from = Int(start.timeIntervalSince1970) + Self.shanghaiOffset
                let to = Int(end.timeIntervalSince1970) + Self.shanghaiOffset
                schedule = (from, to)
                minutes = (to - from + 59) / 60
            } else {
                minutes = input.durationMinutes!
            }
            billedMinutes = max((minutes + 14) / 15 * 15, 30)
            n = Int128(billedMinutes) * (input.kind == .time ? 10 : 12)
            d = 60
        }
        let exempt = ["food", "mobility_aids", "elder_care", "child_pickup", "emergency_help"].contains(category)
        if !exempt, let counts = context.scarcity[ScarcityKey(category: category)],
           counts.demand + counts.supply >= 5, counts.demand + counts.supply > 0 {
            n *= Int128(Self.scarcityUnits(demand: counts.demand, supply: counts.supply))
            d *= 10_000
        }
        if let (from, to) = schedule {
            var weighted: Int128 = 0
            var cursor = from
            while cursor < to {
                let day = cursor / 86_400
                let second = cursor - day * 86_400
                let edge = second < 21_600 ? 21_600 : second < 28_800 ? 28_800 : second < 79_200 ? 79_200 : 86_400
                let pieceEnd = min(day * 86_400 + edge, to)
                let weekday = (day + 3) % 7  // 0 = Monday
                let factor: Int128
                if holidays.contains(day) { factor = 13_000 }
                else if second >= 79_200 || second < 21_600 { factor = 15_000 }
                else if second < 28_800 { factor = 12_000 }
                else if weekday >= 5 { factor = 12_000 }
                else { factor = 10_000 }
                weighted += Int128(pieceEnd - cursor) * factor
                cursor = pieceEnd
            }
            n *= weighted
            d *= Int128(to - from) * 10_000
        }  // unscheduled: default slot factor 1.00
        if input.kind == .time {
            let intensity: Int128 = switch input.intensity! {
            case .light: 10_000
            case .moderate: 12_000
            case .heavy: 15_000
            }
            n *= intensity
            d *= 10_000
        } else if input.kind == .skill {
            let certification: Int128 = switch input.certification! {
            case .none: 10_000
            case .peerEndorsed: 11_000
            case .verifiedLicence: 13_000
            }
            let level: Int128 = switch input.level! {
            case .beginner: 10_000
            case .intermediate: 11_500
            case .advanced: 13_000
            case .expert: 15_000
            }
            n *= certification * level
            d *= 100_000_000
        }
        let weight: Int128 = switch category {
        case "elder_care", "child_pickup", "health": 12_000
        case "emergency_help": 15_000
        default: 10_000
        }
        n *= weight
        d *= 10_000
        // Caps
        if input.kind == .item {
            if n > 500 * d { n = 500; d = 1 }
            if n < d { n = 1; d = 1 }
        } else {
            let perHour: Int128 = input.kind == .time ? 30 : 50
            if n * 60 > perHour * Int128(billedMinutes) * d { n = perHour * Int128(billedMinutes); d = 60 }
            if n > 400 * d { n = 400; d = 1 }
            if n < 2 * d { n = 2; d = 1 }
        }
        var (q, r) = n.quotientAndRemainder(dividingBy: d)
        if r * 2 > d || (r * 2 == d && q & 1 == 1) { q += 1 }
        return Int(q)
    }

    /// The default curve (0 → 0.90, 1 → 1.00, 2 → 1.15, 4 → 1.30), four decimals, clamp 0.85…1.30.
    private static func scarcityUnits(demand: Int, supply: Int) -> Int64 {
        let s = Int128(max(supply, 1))
        let r = Int128(demand) * 10_000  // ratio × 10,000 × s
        let points: [(Int128, Int128)] = [(0, 9_000), (10_000, 10_000), (20_000, 11_500), (40_000, 13_000)]
        var units: Int128 = 13_000
        if r <= 0 { units = 9_000 } else {
            for i in 1..<points.count where r <= points[i].0 * s {
                let (x0, y0) = points[i - 1], (x1, y1) = points[i]
                let num = (y1 - y0) * (r - x0 * s), den = (x1 - x0) * s
                var q = num / den
                let rem = num - q * den
                if rem * 2 > den || (rem * 2 == den && q & 1 == 1) { q += 1 }
                units = y0 + q
                break
            }
        }
        return Int64(min(max(units, 8_500), 13_000))
    }
}
