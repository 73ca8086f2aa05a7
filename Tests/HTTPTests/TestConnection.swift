import Foundation
import Glibc

/// A request as the test server parsed it.
struct RecordedRequest: Sendable {
    var method: String
    var target: String
    var headers: [String: String]  // lowercased names
    var body: [UInt8]
}

/// Blocking read/write helpers for one accepted socket of the test server.
struct TestConnection {
    let fd: Int32

    /// Reads one request (head plus Content-Length body); nil when the peer closed first.
    func readRequest() -> RecordedRequest? {
        var buffer: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard let chunk = receive(), buffer.count < 1 << 20 else { return nil }
            buffer += chunk
            headEnd = buffer.firstRange(of: separator)?.upperBound
        }
        guard let headEnd else { return nil }
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        let lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(buffer[headEnd...])
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        while body.count < length {
            guard let chunk = receive() else { return nil }
            body += chunk
        }
        return RecordedRequest(method: String(parts[0]), target: String(parts[1]), headers: headers, body: body)
    }

    /// One recv; nil on EOF or error.
    func receive() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(chunk[..<count])
    }

    /// Blocks until the peer closes (or the receive timeout hits); used by "never answer" routes.
    func waitForPeerClose() {
        while receive() != nil {}
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Status line plus headers; `length` nil means chunked transfer encoding.
    func writeHead(status: Int, reason: String = "OK", headers: [(String, String)] = [], length: Int?) {
        var text = "HTTP/1.1 \(status) \(reason)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += length.map { "Content-Length: \($0)\r\n" } ?? "Transfer-Encoding: chunked\r\n"
        write(text + "\r\n")
    }

    func writeResponse(status: Int, reason: String = "OK", headers: [(String, String)] = [], body: [UInt8]) {
        writeHead(status: status, reason: reason, headers: headers, length: body.count)
        write(body)
    }

    @discardableResult
    func writeChunk(_ bytes: [UInt8]) -> Bool {
        write(String(bytes.count, radix: 16) + "\r\n") && write(bytes) && write("\r\n")
    }

    func endChunks() { write("0\r\n\r\n") }

    func close() {
        shutdown(fd, Int32(SHUT_WR))
        Glibc.close(fd)
    }
}
