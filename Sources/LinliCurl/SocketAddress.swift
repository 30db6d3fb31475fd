import CCurl
import Foundation
import LinliDelivery

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
