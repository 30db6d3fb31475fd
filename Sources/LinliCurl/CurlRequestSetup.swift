import CCurl
import Foundation
import LinliDelivery

/// Applies a `TransportRequest` and the transport's safety settings to an easy handle.
enum CurlRequestSetup {
    static func configure(
        _ handle: UnsafeMutableRawPointer, for request: TransportRequest, transfer: CurlTransfer,
        retained: Unmanaged<CurlTransfer>, configuration: CurlTransportConfiguration
    ) -> CURLcode {
        let context = retained.toOpaque()
        var codes: [CURLcode] = []
        codes.append(linli_easy_setopt_string(handle, CURLOPT_URL, request.url))
        // Safety: only http/https, never follow redirects (a 3xx comes back as is), no signals
        // (we are multi-threaded), no proxy from the environment unless configured.
        codes.append(linli_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        codes.append(linli_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        codes.append(linli_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        codes.append(linli_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        codes.append(linli_easy_setopt_string(handle, CURLOPT_PROXY, configuration.proxy ?? ""))
        codes.append(linli_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS,
                                            (request.connectTimeout ?? configuration.connectTimeout).curlMilliseconds))
        codes.append(linli_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS,
                                            (request.totalTimeout ?? configuration.totalTimeout).curlMilliseconds))
        codes.append(linli_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        codes.append(linli_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        codes.append(linli_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, transfer.errorBuffer))
        codes.append(linli_easy_setopt_pointer(handle, CURLOPT_PRIVATE, context))
        codes.append(linli_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.write))
        codes.append(linli_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        codes.append(linli_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header))
        codes.append(linli_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        codes.append(linli_easy_setopt_opensocket_callback(handle, CurlCallbacks.openSocket))
        codes.append(linli_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, context))

        let method = request.method.uppercased()
        if method == "POST" || !request.body.isEmpty {
            // COPYPOSTFIELDS: curl keeps its own copy, so the body's lifetime is not our problem.
            codes.append(linli_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            codes.append(request.body.withUnsafeBytes { bytes in
                linli_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS,
                                          UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(emptyBody)))
            })
        }
        if method != "POST" && method != "GET" {
            codes.append(linli_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        } else if method == "GET" {
            codes.append(linli_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in request.headers where !header.name.contains(":") && !header.name.contains("\n")
            && !header.value.contains("\n") && !header.value.contains("\r") {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        // Without this curl may send `Expect: 100-continue` and wait for the receiver's go-ahead.
        list = curl_slist_append(list, "Expect:")
        transfer.headerList = list
        codes.append(linli_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// A valid pointer for an empty body (curl must not read through a NULL COPYPOSTFIELDS).
    private nonisolated(unsafe) static let emptyBody = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
}
