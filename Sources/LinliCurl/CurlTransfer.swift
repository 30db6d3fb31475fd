import CCurl
import Foundation
import LinliDelivery

/// Everything one in-flight transfer owns while curl works on it: the job, the header list, the
/// error buffer, and the response being collected by the callbacks.
///
/// Only the loop thread touches it. Curl holds it as an opaque pointer (`CURLOPT_PRIVATE`, and the
/// callbacks' user data), retained for exactly as long as the easy handle is in the multi handle.
final class CurlTransfer {
    /// Response headers worth keeping (lower-case).
    static let keptHeaders: Set<String> = ["retry-after", "content-type", "location"]

    let job: CurlJob
    /// `HostAdmission.hostKey` of the URL, to release the host slot on completion.
    let host: String
    let maxResponseBytes: Int
    let addressPolicy: AddressPolicy
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// The `CURLOPT_CONNECT_TO` list (curl does not copy it), when the request names one.
    var connectToList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    var body = Data()
    var bodyBytesReceived = 0
    var headers: [HTTPHeader] = []
    /// Set by the open-socket callback when the SSRF policy refused an address.
    var refusedAddress: String?
    /// Set when the policy let curl connect to some address of the host. A name with one allowed
    /// and one refused address (curl resolves `localhost` to ::1 and 127.0.0.1 itself; an
    /// on-premises name with an allowed A and a refused AAAA record) failed to connect to the
    /// allowed one in an outage, and the refusal of the other was reported instead: a final
    /// `address_refused`, and the message given up with no retry (helper 134).
    var admittedAddress = false
    /// Set when the body passed the cap and the transfer was stopped on purpose: the answer (its
    /// status and headers) is complete, so curl's write error is not a failure.
    private(set) var cutAtCap = false

    init(job: CurlJob, host: String, maxResponseBytes: Int, addressPolicy: AddressPolicy) {
        self.job = job
        self.host = host
        self.maxResponseBytes = maxResponseBytes
        self.addressPolicy = addressPolicy
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    /// Body bytes arrive: keep up to the cap. Returns false once the body goes past it, which
    /// stops the transfer: a receiver that answers at once and then streams without end must not
    /// hold the request until its total timeout and turn an accepted delivery into a timeout
    /// (and a duplicate). The connection is closed rather than drained for reuse.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bodyBytesReceived += bytes.count
        let room = maxResponseBytes - body.count
        if room > 0 { body.append(contentsOf: bytes.prefix(room)) }
        if bytes.count > room {
            cutAtCap = true
            return false
        }
        return true
    }

    /// One header line arrives (status lines included). A new status line (after `100 Continue`)
    /// starts a new header block. Works on bytes and only builds strings for kept headers: this
    /// runs for every header of every response on the loop thread.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard headers.count < 32, let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: bytes[..<colon].map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 },
                          as: UTF8.self)
        guard Self.keptHeaders.contains(name) else { return }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        var value = bytes[(colon + 1)...]
        while let first = value.first, isSpace(first) { value = value.dropFirst() }
        while let last = value.last, isSpace(last) { value = value.dropLast() }
        // Latin-1 per RFC 9110 for non-ASCII header bytes; each byte maps to one scalar.
        let text = String(String.UnicodeScalarView(value.prefix(512).map { Unicode.Scalar($0) }))
        headers.append(HTTPHeader(name: name, value: text))
    }

    /// The SSRF gate, called for the address curl is about to connect to.
    func admit(_ address: IPAddress) -> Bool {
        switch addressPolicy.evaluate(address) {
        case .allowed:
            admittedAddress = true
            return true
        case .refused(let category):
            refusedAddress = "\(address) (\(category.rawValue))"
            return false
        }
    }

    /// The result to hand back once curl reports the transfer done.
    func result(code: CURLcode, statusCode: Int) -> TransportResult {
        let error = cutAtCap && code == CURLE_WRITE_ERROR
            ? nil
            : CurlErrorMapping.error(
                for: code, refusedAddress: refusedAddress, anyAdmitted: admittedAddress, message: String(cString: errorBuffer))
        return TransportResult(
            statusCode: error == nil && statusCode > 0 ? statusCode : nil, headers: headers, bodyExcerpt: body,
            bodyBytesReceived: bodyBytesReceived, duration: ContinuousClock.now - job.started, error: error)
    }
}
