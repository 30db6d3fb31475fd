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
        transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: total))
        return total
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

/// Reads the IP address out of curl's `curl_sockaddr`.
enum SocketAddress {
    static func ipAddress(of address: UnsafeMutablePointer<curl_sockaddr>) -> IPAddress? {
        // `addr` is the start of a real sockaddr_in / sockaddr_in6 (curl allocates room for the
        // larger one); read through a raw pointer so Swift does not copy the 16-byte prefix only.
        guard let offset = MemoryLayout<curl_sockaddr>.offset(of: \.addr) else { return nil }
        let raw = UnsafeRawPointer(address) + offset
        switch address.pointee.family {
        case AF_INET:
            guard address.pointee.addrlen >= MemoryLayout<sockaddr_in>.size,
                  let field = MemoryLayout<sockaddr_in>.offset(of: \.sin_addr) else { return nil }
            return IPAddress(bytes: Array(UnsafeRawBufferPointer(start: raw + field, count: 4)))
        case AF_INET6:
            guard address.pointee.addrlen >= MemoryLayout<sockaddr_in6>.size,
                  let field = MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr) else { return nil }
            return IPAddress(bytes: Array(UnsafeRawBufferPointer(start: raw + field, count: 16)))
        default:
            return nil
        }
    }
}
