/// Masks a phone number for logs and audit snapshots (138****5678): enough for staff to recognise,
/// not enough to harvest.
public enum PhoneMask {
    public static func mask(_ phone: String) -> String {
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }
}
