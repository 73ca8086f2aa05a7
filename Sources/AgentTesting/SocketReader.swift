/// Buffered reader over a connected socket for the request parser.
struct SocketReader {
    /// The socket being read.
    let fd: Int32
    private var buffer: [UInt8] = []
    private var position = 0

    /// Creates a reader for a connected socket.
    init(fd: Int32) {
        self.fd = fd
    }

    /// True when no bytes have been received at all (the peer connected and left).
    var isPristine: Bool { buffer.isEmpty }

    /// Pulls more bytes from the socket; false on EOF, error or timeout.
    private mutating func fill() -> Bool {
        guard let more = Socket.receive(fd) else { return false }
        if position > 65_536 {
            // Compact so long bodies do not keep the consumed prefix around.
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: more)
        return true
    }

    /// Reads up to and including the CRLFCRLF that ends the header section; returns it without the terminator.
    mutating func readHead(limit: Int) -> [UInt8]? {
        var searchFrom = position
        while true {
            if buffer.count - position >= 4 {
                var index = max(searchFrom, position)
                while index + 3 < buffer.count {
                    if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                        let head = Array(buffer[position..<index])
                        position = index + 4
                        return head
                    }
                    index += 1
                }
                searchFrom = max(position, buffer.count - 3)
            }
            guard buffer.count - position <= limit, fill() else { return nil }
        }
    }

    /// Reads one CRLF-terminated line (used for chunk-size lines and trailers).
    mutating func readLine(limit: Int = 8_192) -> [UInt8]? {
        while true {
            var index = position
            while index + 1 < buffer.count {
                if buffer[index] == 13, buffer[index + 1] == 10 {
                    let line = Array(buffer[position..<index])
                    position = index + 2
                    return line
                }
                index += 1
            }
            guard buffer.count - position <= limit, fill() else { return nil }
        }
    }

    /// Reads exactly `count` bytes.
    mutating func readExact(_ count: Int) -> [UInt8]? {
        while buffer.count - position < count {
            guard fill() else { return nil }
        }
        let bytes = Array(buffer[position..<(position + count)])
        position += count
        return bytes
    }
}
