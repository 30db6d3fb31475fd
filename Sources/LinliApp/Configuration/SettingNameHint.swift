import LinliRules

/// The known setting an unknown name was probably meant to be, to turn a guess into a one-glance
/// fix (helper 113: `LINLI_PORT=8080` was "unknown environment variable" with no hint of
/// `LINLI_SERVER_PORT`).
///
/// A known name that ends with the unknown one's words (`PORT` → `SERVER_PORT`) or starts with
/// them (`webhooks.timeout` → `webhooks.timeout_seconds`), or else one within two typing
/// mistakes; only when exactly one setting fits.
enum SettingNameHint {
    /// `name` and `candidates` in one spelling: `LINLI_…` variables, or `section.key` names.
    static func hint(for name: String, among candidates: [String]) -> String? {
        func normal(_ text: String) -> String {
            let lower = text.lowercased()
            return lower.hasPrefix("linli_") ? String(lower.dropFirst(6)) : lower
        }
        let wanted = normal(name)
        guard !wanted.isEmpty else { return nil }
        let alike = candidates.filter { candidate in
            let known = normal(candidate)
            return known.hasSuffix("_" + wanted) || known.hasSuffix("." + wanted) || known.hasPrefix(wanted + "_")
        }
        if alike.count == 1 { return alike[0] }
        let typos = candidates.filter { EditDistance.between(wanted, normal($0)) <= 2 }
        return typos.count == 1 ? typos[0] : nil
    }
}
