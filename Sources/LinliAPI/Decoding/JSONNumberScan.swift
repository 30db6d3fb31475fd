import Foundation

/// The number check request bodies get, for the command line's JSON inputs (`linli rules explain
/// --listing`, `rules diff --listings`): their numbers all belong in whole-number fields too, and
/// the decoder reads `1.99999999999999999999` as 2 (helper 116).
public enum JSONNumberScan {
    /// The JSON Pointer of the first number whose exact value is not whole, or nil.
    public static func firstFraction(in data: Data) -> String? {
        JSONDuplicateKeys.findings(in: data).fraction
    }
}
