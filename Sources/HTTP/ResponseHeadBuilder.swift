/// Accumulates libcurl header-callback lines into the head of the final response.
///
/// curl hands over every header block it sees (1xx interim responses, followed
/// redirects, CONNECT replies), so a new status line starts over.
struct ResponseHeadBuilder {
    private(set) var status = 0
    private(set) var headers: [HTTPHeader] = []

    /// The head as received so far.
    var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers) }

    /// Consumes one raw header line, including its CRLF.
    mutating func consume(line bytes: UnsafeRawBufferPointer) {
        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.last, last == "\r" || last == "\n" || last == "\r\n" {
            text.removeLast()
        }
        if text.hasPrefix("HTTP/") {
            startResponse(statusLine: text)
        } else if text.isEmpty {
            return  // end of a header block; the next status line (if any) resets
        } else if let first = text.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding: continuation of the previous header value.
            let continued = text.trimmingHTTPWhitespace()
            headers[headers.count - 1].value += headers[headers.count - 1].value.isEmpty ? continued : " " + continued
        } else if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon]).trimmingHTTPWhitespace()
            let value = String(text[text.index(after: colon)...]).trimmingHTTPWhitespace()
            headers.append(HTTPHeader(name: name, value: value))
        }
    }

    /// "HTTP/1.1 200 OK" or "HTTP/2 200": the status is the second token.
    private mutating func startResponse(statusLine: String) {
        headers = []
        let tokens = statusLine.split(separator: " ", omittingEmptySubsequences: true)
        status = tokens.count > 1 ? Int(tokens[1]) ?? 0 : 0
    }
}

extension String {
    /// Removes leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingHTTPWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
