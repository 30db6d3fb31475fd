import LinliDelivery
import LinliDomain

/// Masked values sent back unchanged.
///
/// An edit form reads an endpoint (`GET`: robot keys, signing secret and mobiles masked) and
/// saves it whole. Each value that is exactly the mask Linli showed for the current one means
/// "unchanged" and gets the real value back; any other masked-looking value is refused by
/// validation (`endpoint.masked_value`) rather than stored, which broke the robot (`key=****`)
/// or mentioned a number nobody has (`138****1111`).
enum EndpointMaskEcho {
    static func restore(_ endpoint: inout WebhookEndpoint, current: WebhookEndpoint) {
        if endpoint.url == current.maskedURL { endpoint.url = current.url }
        if let secret = current.chat.signingSecret, endpoint.chat.signingSecret == SecretMasker.mask(secret) {
            endpoint.chat.signingSecret = secret
        }
        // Two numbers can share a mask (same first three and last four digits): the one at the
        // same place in the list wins, then the first not yet used.
        let stored = current.chat.mentionedMobiles
        var unused = stored
        endpoint.chat.mentionedMobiles = endpoint.chat.mentionedMobiles.enumerated().map { index, shown in
            guard shown.contains("*") else { return shown }
            let original = stored.indices.contains(index) && PhoneMask.mask(stored[index]) == shown && unused.contains(stored[index])
                ? stored[index] : unused.first { PhoneMask.mask($0) == shown }
            guard let original, let at = unused.firstIndex(of: original) else { return shown }
            unused.remove(at: at)
            return original
        }
    }
}
