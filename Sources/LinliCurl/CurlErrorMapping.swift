import CCurl
import LinliDelivery

/// Maps curl result codes to transport error categories, so delivery policy never depends on
/// curl's numbering or wording.
enum CurlErrorMapping {
    /// `anyAdmitted`: the policy let curl try some address of the host, so the failure is that
    /// address's (an outage is retried), not the refusal of another one.
    static func error(for code: CURLcode, refusedAddress: String?, anyAdmitted: Bool = false, message: String) -> TransportError? {
        if code == CURLE_OK { return nil }
        var text = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        // A refused address makes curl report "couldn't connect"; say why instead.
        if let refusedAddress {
            guard anyAdmitted else { return TransportError(.addressRefused, detail: "address refused by policy: \(refusedAddress)") }
            text += " (also refused by policy: \(refusedAddress))"
        }
        let category: TransportError.Category
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            category = .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            category = .dnsFailed
        case CURLE_COULDNT_CONNECT:
            category = .connectFailed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            category = .tlsFailed
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            category = .protocolRefused
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            category = .connectionLost
        default:
            category = .other
        }
        return TransportError(category, detail: "curl \(code.rawValue): \(text)")
    }
}
