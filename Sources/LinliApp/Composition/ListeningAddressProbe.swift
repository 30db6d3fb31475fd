import Foundation
import NIOCore
import NIOPosix

/// Why the server's address cannot be listened on, in words a person starting the service reads
/// (NIO's own text is `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`).
public struct ListeningAddressError: Error, CustomStringConvertible, Equatable {
    public let host: String
    public let port: Int
    public let reason: String

    public var description: String {
        "cannot listen on \(host.contains(":") ? "[\(host)]" : host):\(port): \(reason) (set by --host/--port, LINLI_SERVER_HOST/LINLI_SERVER_PORT or server.host/server.port)"
    }
}

/// Binds the server's address once and lets it go, before the service writes anything: `serve
/// --demo` issued fresh demo tokens (and migrated the database) and only then failed on a port
/// another server held, leaving tokens nobody was shown a working server for. The server binds
/// the same address moments later (with `SO_REUSEADDR`, as the probe does, so a port a previous
/// run left in TIME_WAIT passes both); a program taking the port in between still fails the
/// server's own bind, as before.
public enum ListeningAddressProbe {
    /// Throws `ListeningAddressError` when `host:port` cannot be bound. Port 0 (any free port) is
    /// tried too: the host may not resolve or not be this machine's.
    public static func check(host: String, port: Int) async throws {
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
        } catch let error as IOError {
            throw ListeningAddressError(host: host, port: port, reason: reason(errno: error.errnoCode))
        } catch is SocketAddressError.UnknownHost {
            throw ListeningAddressError(host: host, port: port, reason: "this machine cannot resolve that host name; choose an address it has")
        } catch {
            throw ListeningAddressError(host: host, port: port, reason: "\(error)")
        }
        try await channel.close()
    }

    static func reason(errno code: Int32) -> String {
        switch code {
        case EADDRINUSE: return "the address is in use (another linli serve?): stop that program or choose another port"
        case EACCES: return "permission denied (ports below 1024 need privileges): choose a port from 1024 up"
        case EADDRNOTAVAIL: return "no network interface of this machine has that address: choose one it has (0.0.0.0 for all)"
        default: return String(cString: strerror(code)) + ": choose another address"
        }
    }
}
