/// Splitting a scheduled job across time-slot windows. A job is cut at every window edge and at
/// local midnight; each piece takes the first window (file order) covering it.
extension ValuationProgram {
    /// The window index covering local second `second` of local day `day`, or nil for the default.
    @inline(__always)
    func windowIndex(_ slots: Slots, day: Int, second: Int) -> Int? {
        let today = dayBits(day)
        let yesterday = dayBits(day - 1)
        for index in 0..<slots.days.count {
            let days = slots.days[index], from = slots.from[index], to = slots.to[index]
            let covered = to < from
                ? (today & days != 0 && second >= from) || (yesterday & days != 0 && second < to)
                : today & days != 0 && second >= from && second < to
            if covered { return index }
        }
        return nil
    }

    /// Calls `body(windowIndex, seconds)` for each maximal piece of [from, to) (local seconds).
    @inline(__always)
    func forEachPiece(_ slots: Slots, from: Int, to: Int, _ body: (Int?, Int) -> Void) {
        var cursor = from
        while cursor < to {
            let day = cursor >= 0 ? cursor / 86_400 : (cursor - 86_399) / 86_400
            let second = cursor - day * 86_400
            var edge = 86_400
            for boundary in slots.boundaries where boundary > second {
                edge = boundary
                break
            }
            let pieceEnd = min(day * 86_400 + edge, to)
            body(windowIndex(slots, day: day, second: second), pieceEnd - cursor)
            cursor = pieceEnd
        }
    }

    /// Σ seconds × factor units over the pieces: the numerator of the weighted-average factor.
    @inline(__always)
    func slotWeightedUnits(_ slots: Slots, from: Int, to: Int) -> Int128 {
        var total: Int128 = 0
        forEachPiece(slots, from: from, to: to) { index, seconds in
            let units = index.map { slots.factorUnits[$0] } ?? slots.defaultFactor.decimal.units
            total += Int128(seconds) * Int128(units)
        }
        return total
    }

    /// Named pieces for the breakdown, consecutive pieces of the same window merged.
    func slotSegments(_ slots: Slots, from: Int, to: Int) -> [(name: String, minutes: Int)] {
        var segments: [(name: String, seconds: Int)] = []
        forEachPiece(slots, from: from, to: to) { index, seconds in
            let name = index.map { slots.windows[$0].name } ?? "default"
            if let last = segments.last, last.name == name {
                segments[segments.count - 1].seconds += seconds
            } else {
                segments.append((name, seconds))
            }
        }
        return segments.map { ($0.name, ($0.seconds + 59) / 60) }
    }
}
