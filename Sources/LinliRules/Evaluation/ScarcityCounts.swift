/// Events in the scarcity window: `demand` = requests and reservations, `supply` = offers.
public struct ScarcityCounts: Sendable, Hashable, Codable {
    public var demand: Int
    public var supply: Int

    public init(demand: Int, supply: Int) {
        self.demand = demand
        self.supply = supply
    }
}
