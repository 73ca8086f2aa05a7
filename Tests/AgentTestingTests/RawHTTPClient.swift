import AgentTesting
import Foundation
import Glibc

/// A parsed HTTP/1.1 response as it arrived on the wire.
struct RawHTTPResponse: Sendable {
    /// e.g. "HTTP/1.1 200 OK".
    var statusLine: String
    /// Header lines in order.
    var headers: [HTTPField]
    /// Body with chunked framing removed.
    var body: [UInt8]
    /// Payload of each HTTP chunk, in order (empty unless chunked).
    var chunks: [[UInt8]]
    /// Whether Transfer-Encoding: chunked framing was used.
    var isChunked: Bool
    /// Whether the terminating zero-length chunk arrived.
    var sawTerminator: Bool

    /// The numeric status code.
    var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? -1 }
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// First header value with this name (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A header name/value pair.
struct HTTPField: Sendable {
    var name: String
    var value: String
}

/// A deliberately dumb client: writes bytes, reads until EOF, parses framing by hand.
enum RawHTTPClient {
    /// Sends a request with a Content-Length body and returns the parsed response.
    static func send(
        port: Int, method: String = "POST", path: String, headers: [(String, String)] = [], body: String? = nil
    ) async -> RawHTTPResponse? {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        let request = Array(text.utf8)
        return await onThread { exchange(port: port, request: request).flatMap(parse) }
    }

    /// Connects, writes `request`, half-closes and reads to EOF; nil when the connection fails.
    static func exchange(port: Int, request: [UInt8]) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let sent = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return received
    }

    /// Parses status line, headers and (possibly chunked, possibly truncated) body.
    static func parse(_ bytes: [UInt8]) -> RawHTTPResponse? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first else { return nil }
        let headers = lines.dropFirst().compactMap { line -> HTTPField? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return HTTPField(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawHTTPResponse(
            statusLine: statusLine, headers: headers, body: [], chunks: [], isChunked: false, sawTerminator: false)
        var position = headEnd + 4
        guard response.header("Transfer-Encoding")?.lowercased() == "chunked" else {
            response.body = Array(bytes[position...])
            return response
        }
        response.isChunked = true
        while let lineEnd = find([13, 10], in: bytes, from: position) {
            let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16) else { break }
            if size == 0 {
                response.sawTerminator = true
                break
            }
            let start = lineEnd + 2
            guard start + size + 2 <= bytes.count else { break }
            let payload = Array(bytes[start..<(start + size)])
            response.chunks.append(payload)
            response.body += payload
            position = start + size + 2
        }
        return response
    }

    /// Index of the first occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
