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
            // Nor does the environment's NO_PROXY decide which requests skip a configured proxy.
            linli_easy_setopt_string(handle, CURLOPT_NOPROXY, ""),
            linli_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
            linli_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent),
            linli_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.write),
            linli_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header),
            linli_easy_setopt_opensocket_callback(handle, CurlCallbacks.openSocket),
        ]
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// Per-request options. Every option a previous request on this handle may have changed is
    /// set again here. This runs on the loop thread for every request, next to the same work the
    /// bare libcurl loop does, so it avoids per-request allocations it does not need (no array of
    /// result codes, no Foundation string searching, header lines written straight into a C buffer).
    static func configure(
        _ handle: UnsafeMutableRawPointer, for request: TransportRequest, transfer: CurlTransfer,
        retained: Unmanaged<CurlTransfer>, totalTimeout: Duration, configuration: CurlTransportConfiguration
    ) -> CURLcode {
        let context = retained.toOpaque()
        var code = CURLE_OK
        func set(_ result: CURLcode) { if code == CURLE_OK { code = result } }
        set(linli_easy_setopt_string(handle, CURLOPT_URL, request.url))
        set(linli_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS,
                                   (request.connectTimeout ?? configuration.connectTimeout).curlMilliseconds))
        // The whole total timeout, counted from now: time spent waiting for a free connection to
        // the host is not taken from it. A request that waited and then had only the rest would
        // time out while the receiver was still answering, and its retry would deliver twice.
        set(linli_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, totalTimeout.curlMilliseconds))
        set(linli_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, transfer.errorBuffer))
        set(linli_easy_setopt_pointer(handle, CURLOPT_PRIVATE, context))
        set(linli_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        set(linli_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        set(linli_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, context))

        let method = request.method == "POST" ? "POST" : request.method.uppercased()
        if method == "POST" || !request.body.isEmpty {
            // COPYPOSTFIELDS: curl keeps its own copy, so the body's lifetime is not our problem.
            set(linli_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            set(request.body.withUnsafeBytes { bytes in
                // An empty Data may have no base address; curl copies immediately either way.
                guard let base = bytes.baseAddress else { return linli_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "") }
                return linli_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            })
        }
        if method == "GET" {
            set(linli_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
        }
        set(linli_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method == "POST" || method == "GET" ? nil : method))

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in request.headers where isSafe(header) {
            list = appendLine(list, header)
        }
        // Without this curl may send `Expect: 100-continue` and wait for the receiver's go-ahead.
        list = curl_slist_append(list, "Expect:")
        transfer.headerList = list
        set(linli_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        // Set on every request: a reused handle must not keep a previous request's address.
        transfer.connectToList = transfer.job.connectTo.flatMap { curl_slist_append(nil, $0) }
        set(linli_easy_setopt_slist(handle, CURLOPT_CONNECT_TO, transfer.connectToList))
        return code
    }

    /// Appends `name: value` to `list` (curl copies the line), built in a stack buffer when it fits.
    private static func appendLine(_ list: UnsafeMutablePointer<curl_slist>?, _ header: HTTPHeader) -> UnsafeMutablePointer<curl_slist>? {
        var name = header.name
        var value = header.value
        return name.withUTF8 { name in
            value.withUTF8 { value in
                let count = name.count + 2 + value.count + 1
                return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count) { line in
                    let bytes = UnsafeMutableRawBufferPointer(line)
                    bytes.copyMemory(from: UnsafeRawBufferPointer(name))
                    bytes[name.count] = UInt8(ascii: ":")
                    bytes[name.count + 1] = UInt8(ascii: " ")
                    UnsafeMutableRawBufferPointer(rebasing: bytes[(name.count + 2)...]).copyMemory(from: UnsafeRawBufferPointer(value))
                    bytes[count - 1] = 0
                    return curl_slist_append(list, line.baseAddress)
                }
            }
        }
    }

    /// Header lines are passed to curl verbatim: refuse anything that could split or fake a line
    /// (CR, LF or NUL anywhere, a colon or nothing in the name). Scans UTF-8 bytes: those three
    /// and the colon are ASCII, so they can never be part of a multi-byte character.
    static func isSafe(_ header: HTTPHeader) -> Bool {
        let breaksLine: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
        return !header.name.isEmpty
            && !header.name.utf8.contains { $0 == UInt8(ascii: ":") || breaksLine($0) }
            && !header.value.utf8.contains(where: breaksLine)
    }
}
