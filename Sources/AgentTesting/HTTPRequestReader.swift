/// Parses one HTTP/1.1 request (request line, headers, body) from a socket.
enum HTTPRequestReader {
    /// What reading a request produced.
    enum Outcome {
        /// A complete request.
        case request(RecordedRequest)
        /// The bytes were not a valid request; the reason goes into the 400 body.
        case malformed(String)
        /// The peer closed or went silent before sending anything useful.
        case closed
    }

    /// Upper bound for the header section, to fail fast on garbage.
    static let maxHeadBytes = 1_048_576
    /// Upper bound for a body, far above anything a chat request needs.
    static let maxBodyBytes = 256 * 1_048_576

    /// Reads and parses one request, answering `Expect: 100-continue` when the client asks for it.
    static func read(fd: Int32) -> Outcome {
        var reader = SocketReader(fd: fd)
        guard let head = reader.readHead(limit: maxHeadBytes) else {
            return reader.isPristine ? .closed : .malformed("incomplete header section")
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedByCRLF: ())
        guard let requestLine = lines.first else { return .malformed("empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return .malformed("bad request line: \(requestLine)")
        }
        var headers: [RecordedHeader] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .malformed("bad header line: \(line)") }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingOWS()
            headers.append(RecordedHeader(name: name, value: value))
        }
        var request = RecordedRequest(method: String(parts[0]), path: String(parts[1]), headers: headers, body: [])

        let transferEncoding = request.header("Transfer-Encoding")?.lowercased() ?? ""
        let isChunked = transferEncoding.contains("chunked")
        let contentLength = request.header("Content-Length").flatMap { Int($0) }
        if request.header("Content-Length") != nil && contentLength == nil && !isChunked {
            return .malformed("bad Content-Length")
        }
        let expectsBody = isChunked || (contentLength ?? 0) > 0
        if expectsBody, request.header("Expect")?.lowercased() == "100-continue" {
            // curl waits (up to 1 s) for this before sending bodies over 1 KiB.
            _ = Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        if isChunked {
            guard let body = readChunkedBody(&reader) else { return .malformed("bad chunked body") }
            request.body = body
        } else if let length = contentLength, length > 0 {
            guard length <= maxBodyBytes else { return .malformed("body too large") }
            guard let body = reader.readExact(length) else { return .malformed("body shorter than Content-Length") }
            request.body = body
        }
        return .request(request)
    }

    /// De-chunks a `Transfer-Encoding: chunked` body, skipping extensions and trailers.
    private static func readChunkedBody(_ reader: inout SocketReader) -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let line = reader.readLine() else { return nil }
            let sizeText =
                String(decoding: line, as: UTF8.self)
                .split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let size = Int(sizeText.trimmingOWS(), radix: 16), size >= 0 else { return nil }
            if size == 0 {
                // Trailer section ends with an empty line.
                while let trailer = reader.readLine(), !trailer.isEmpty {}
                return body
            }
            guard body.count + size <= maxBodyBytes, let data = reader.readExact(size) else { return nil }
            body.append(contentsOf: data)
            guard let end = reader.readLine(), end.isEmpty else { return nil }
        }
    }
}

extension String {
    /// Splits on CRLF (HTTP line ends); the unused parameter keeps the name unambiguous.
    fileprivate func components(separatedByCRLF _: Void) -> [String] {
        var lines: [String] = []
        var current = ""
        var iterator = unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\r" {
                continue
            } else if scalar == "\n" {
                lines.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        lines.append(current)
        return lines
    }
}

extension StringProtocol {
    /// Removes HTTP optional whitespace (spaces and tabs) at both ends.
    fileprivate func trimmingOWS() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
