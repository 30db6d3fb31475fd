import CCurl
import Foundation

/// `curl_global_init` must run once before any other curl call and is not thread-safe in older
/// libcurl versions; a static `let` gives exactly-once, thread-safe initialization.
enum CurlGlobal {
    private static let result: CURLcode = {
        utf8Characters()
        return curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// libcurl converts internationalised host names (`bücher.example`) with libidn2 in the
    /// process's character locale; under the default "C" locale the conversion fails, and such an
    /// endpoint could never be reached. A service started without a locale reads characters as
    /// UTF-8 (only `LC_CTYPE`: messages, numbers and collation stay as they are).
    static func utf8Characters() {
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        guard current == "C" || current == "POSIX" else { return }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    static func initialize() throws(CurlTransportError) {
        guard result == CURLE_OK else {
            throw CurlTransportError(code: "curl.global_init_failed", detail: String(cString: curl_easy_strerror(result)))
        }
        let info = linli_curl_version_info()
        // CURLOPT_PROTOCOLS_STR (7.85) and curl_multi_wakeup (7.68) are required.
        guard let info, info.pointee.version_num >= 0x075500 else {
            throw CurlTransportError(code: "curl.too_old", detail: "libcurl 7.85 or newer is required")
        }
    }
}
