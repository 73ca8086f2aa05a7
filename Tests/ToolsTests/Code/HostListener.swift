import Foundation

/// A listening socket on the host side, to prove that nothing from the sandbox reaches it.
final class HostListener: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private let path: String?

    private init(fd: Int32, port: Int, path: String?) {
        self.fd = fd
        self.port = port
        self.path = path
    }

    struct Failure: Error { var what: String }

    /// TCP on 127.0.0.1 and a free port.
    static func tcp() throws -> HostListener {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(what: "bind") }
        return HostListener(fd: fd, port: Int(UInt16(bigEndian: address.sin_port)), path: nil)
    }

    /// A Unix socket at `path`.
    static func unix(path: String) throws -> HostListener { try unix(name: Array(path.utf8), path: path) }

    /// An abstract Unix socket (a name that starts with NUL).
    static func unix(abstract: String) throws -> HostListener { try unix(name: [0] + Array(abstract.utf8), path: nil) }

    private static func unix(name: [UInt8], path: String?) throws -> HostListener {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in name.enumerated() where i < raw.count { raw[i] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 8) == 0 }
        }
        guard bound else { throw Failure(what: "bind") }
        return HostListener(fd: fd, port: 0, path: path)
    }

    /// Connections waiting to be accepted (none, if the sandbox held).
    func acceptedConnections() -> Int {
        var count = 0
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return count }
            Glibc.close(client)
            count += 1
        }
    }

    func close() {
        Glibc.close(fd)
        if let path { unlink(path) }
    }
}
