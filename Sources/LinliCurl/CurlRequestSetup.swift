import CCurl
import Foundation
import LinliDelivery

/// Applies a `TransportRequest` and the transport's safety settings to an easy handle.
enum CurlRequestSetup {
    /// Options that are the same for every request, set once when an easy handle is created
    /// (handles are reused without `curl_easy_reset`, which would throw these away each time).
    static func configureNewHandle(_ handle: UnsafeMutableRawPointer, configuration: CurlTransportConfiguration) -> CURLcode {
        let codes = [
            // Safety: only http/https, never follow redirects (a 3xx comes back as is), no signals
            // (we are multi-threaded), no proxy from the environment unless configured.
            linli_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            linli_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            linli_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            linli_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            linli_easy_setopt_string(handle, CURLOPT_PROXY, configuration.proxy ?? ""),
            linli_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
            linli_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent),
            linli_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.write),
            linli_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header),
            linli_easy_setopt_opensocket_callback(handle, CurlCallbacks.openSocket),
        ]
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// Per-request options. Every option a previous request on this handle may have changed is
    /// set again here.
    static func configure(
        _ handle: UnsafeMutableRawPointer, for request: TransportRequest, transfer: CurlTransfer,
        retained: Unmanaged<CurlTransfer>, totalTimeout: Duration, configuration: CurlTransportConfiguration
    ) -> CURLcode {
        let context = retained.toOpaque()
        var codes: [CURLcode] = [
            linli_easy_setopt_string(handle, CURLOPT_URL, request.url),
            linli_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS,
                                   (request.connectTimeout ?? configuration.connectTimeout).curlMilliseconds),
            // What is left of the request's total timeout after any wait for a host slot.
            linli_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, totalTimeout.curlMilliseconds),
            linli_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, transfer.errorBuffer),
            linli_easy_setopt_pointer(handle, CURLOPT_PRIVATE, context),
            linli_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context),
            linli_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context),
            linli_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, context),
        ]

        let method = request.method.uppercased()
        if method == "POST" || !request.body.isEmpty {
            // COPYPOSTFIELDS: curl keeps its own copy, so the body's lifetime is not our problem.
            codes.append(linli_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            codes.append(request.body.withUnsafeBytes { bytes in
                // An empty Data may have no base address; curl copies immediately either way.
                guard let base = bytes.baseAddress else { return linli_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "") }
                return linli_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            })
        }
        if method == "GET" {
            codes.append(linli_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
        }
        codes.append(linli_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method == "POST" || method == "GET" ? nil : method))

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in request.headers where isSafe(header) {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        // Without this curl may send `Expect: 100-continue` and wait for the receiver's go-ahead.
        list = curl_slist_append(list, "Expect:")
        transfer.headerList = list
        codes.append(linli_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// Header lines are passed to curl verbatim: refuse anything that could split or fake a line.
    static func isSafe(_ header: HTTPHeader) -> Bool {
        !header.name.isEmpty && !header.name.contains(":")
            && !(header.name + header.value).unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }
}
