import CCurl
import Foundation
import LinliDelivery

/// The C callbacks curl calls on the loop thread. Each receives the `CurlTransfer` as an
/// unretained opaque pointer (the loop holds the retain for the transfer's lifetime).
enum CurlCallbacks {
    static let write: linli_curl_data_callback = { pointer, size, count, userData in
        let total = size * count
        guard let pointer, let userData else { return total }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
        // Anything but `total` makes curl stop the transfer (CURLE_WRITE_ERROR).
        return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: total)) ? total : 0
    }

    static let header: linli_curl_data_callback = { pointer, size, count, userData in
        let total = size * count
        guard let pointer, let userData else { return total }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
        transfer.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: total))
        return total
    }

    /// Checks the resolved address against the SSRF policy before any packet leaves; refusing
    /// here means nothing reaches the target, not even a TCP SYN.
    static let openSocket: linli_curl_opensocket_callback = { clientData, _, address in
        guard let clientData, let address else { return linli_curl_socket_bad() }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(clientData).takeUnretainedValue()
        guard let ip = SocketAddress.ipAddress(of: address), transfer.admit(ip) else {
            if transfer.refusedAddress == nil { transfer.refusedAddress = "unsupported address family" }
            return linli_curl_socket_bad()
        }
        let descriptor = socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
        return descriptor < 0 ? linli_curl_socket_bad() : descriptor
    }
}
