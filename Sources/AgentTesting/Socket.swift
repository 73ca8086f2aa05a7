import Glibc

/// Thin wrappers over the POSIX socket calls the loopback server needs.
enum Socket {
    /// Creates a listening TCP socket bound to 127.0.0.1 on an ephemeral port.
    static func listenOnLoopback() throws -> (fd: Int32, port: Int) {
        // CLOEXEC so that subprocesses spawned by tests (curl) never inherit our sockets.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTPServerError(operation: "socket", code: errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw failure("bind", closing: fd) }
        guard listen(fd, 128) == 0 else { throw failure("listen", closing: fd) }

        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw failure("getsockname", closing: fd) }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// Captures errno, closes the descriptor and returns the error to throw.
    private static func failure(_ operation: String, closing fd: Int32) -> LoopbackHTTPServerError {
        let code = errno
        close(fd)
        return LoopbackHTTPServerError(operation: operation, code: code)
    }

    /// Accepts one connection, waiting at most `timeoutMilliseconds`; nil on timeout or error.
    static func accept(on fd: Int32, timeoutMilliseconds: Int32) -> Int32? {
        // poll first so the accept thread re-checks the stop flag regularly.
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMilliseconds) > 0 else { return nil }
        let connection = Glibc.accept(fd, nil, nil)
        guard connection >= 0 else { return nil }
        // accept4 is not exported to Swift; set CLOEXEC right away instead.
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        return connection
    }

    /// Disables Nagle so every chunk leaves the machine as soon as it is written.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Bounds blocking reads so a silent peer cannot pin a connection thread forever.
    static func setReceiveTimeout(_ fd: Int32, milliseconds: Int) {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes every byte; false when the peer is gone. Never raises SIGPIPE.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Reads whatever is available (blocking); nil on EOF, error or timeout.
    static func receive(_ fd: Int32, maxBytes: Int = 65_536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return recv(fd, base, raw.count, 0)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            return Array(buffer[0..<count])
        }
    }

    /// Half-closes or fully shuts down; wakes any thread blocked on the socket.
    static func shutdown(_ fd: Int32, how: Int32) {
        _ = Glibc.shutdown(fd, how)
    }

    /// Closes the descriptor; only the owning thread calls this, avoiding fd-reuse races.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
