import Foundation
import Glibc

/// A listening socket whose accept queue is full, so further connects hang: an unreachable host.
public final class SaturatedListener {
    /// The port that accepts no more connections.
    public let port: Int
    private var fds: [Int32] = []

    /// A saturated listener on a free loopback port.
    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard listener >= 0, ok else { throw POSIXError(.EADDRINUSE) }
        fds.append(listener)
        port = Int(UInt16(bigEndian: address.sin_port))
        // Backlog 0 admits one queued connection; the extra ones make the kernel drop new SYNs.
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fds.append(fd)
        }
        usleep(50_000)
    }

    deinit {
        for fd in fds { close(fd) }
    }
}
