import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP listener on 127.0.0.1: it records the request line of each
/// connection and answers with `respond` (raw bytes, so it can play an HTTP proxy or a receiver
/// that streams a body without end). Runs on its own threads; `stop()` closes it.
final class RawHTTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lines = Mutex<[String]>([])
    private let stopped = Atomic<Bool>(false)

    /// Request lines received so far (e.g. `POST http://169.254.169.254/ HTTP/1.1`).
    var requestLines: [String] { lines.withLock { $0 } }

    convenience init(respond: @escaping @Sendable (_ client: Int32, _ stopped: @Sendable () -> Bool) -> Void) throws {
        try self.init(respondTo: { client, _, stopped in respond(client, stopped) })
    }

    /// `respondTo` is also given the connection's request line (a proxy answering by target).
    init(respondTo respond: @escaping @Sendable (_ client: Int32, _ requestLine: String, _ stopped: @Sendable () -> Bool) -> Void) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { Glibc.close(descriptor); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = descriptor
        let isStopped: @Sendable () -> Bool = { [unowned self] in self.stopped.load(ordering: .relaxed) }
        Thread.detachNewThread { [self] in
            while !isStopped() {
                let client = accept(descriptor, nil, nil)
                if client < 0 { if isStopped() { return } else { continue } }
                Thread.detachNewThread { [self] in
                    var received = [UInt8]()
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    // Read the request head (and whatever body came with it).
                    while !received.containsHeadEnd, received.count < 1 << 20 {
                        let count = recv(client, &buffer, buffer.count, 0)
                        if count <= 0 { break }
                        received += buffer[0..<count]
                    }
                    let text = String(decoding: received, as: UTF8.self)
                    let line = text.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
                    if !line.isEmpty { self.lines.withLock { $0.append(line) } }
                    respond(client, line, isStopped)
                    Glibc.close(client)
                }
            }
        }
    }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    deinit { stop() }

    /// Writes all of `text`; false once the peer is gone.
    @discardableResult
    static func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }
}

extension [UInt8] {
    fileprivate var containsHeadEnd: Bool {
        guard count >= 4 else { return false }
        for index in 0...(count - 4) where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
            return true
        }
        return false
    }
}
