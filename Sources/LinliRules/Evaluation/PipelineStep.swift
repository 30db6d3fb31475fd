/// The fixed pipeline, in order.
public enum PipelineStep: String, Sendable, Hashable, Codable, CaseIterable {
    case base
    case condition
    case depreciation
    case scarcity
    case timeSlot = "time_slot"
    case intensity
    case certification
    case level
    case categoryWeight = "category_weight"
    case caps
    case round
}
