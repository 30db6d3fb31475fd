import Foundation

/// Which version of a community's rules governs a moment. Each version's window is half-open:
/// [effective_from, next version's effective_from). Among versions effective at or before `now`
/// the latest `effective_from` wins; equal instants are broken by the higher version number, so a
/// correction adopted for the same start replaces the mistaken one.
public enum ActiveRuleSetSelector {
    /// The governing header at `now`, or nil before the first version starts.
    public static func active(among headers: [RuleSetHeader], at now: Date) -> RuleSetHeader? {
        headers
            .filter { $0.effectiveFrom <= now }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
    }

    /// The version that will take over after `now`, if one is scheduled.
    public static func next(among headers: [RuleSetHeader], after now: Date) -> RuleSetHeader? {
        headers
            .filter { $0.effectiveFrom > now }
            .min { ($0.effectiveFrom, -$0.version) < ($1.effectiveFrom, -$1.version) }
    }
}
