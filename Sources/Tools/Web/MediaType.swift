/// What a response holds, from its Content-Type header and, when that is missing or vague, its first bytes.
struct MediaType: Sendable, Equatable {
    /// How fetch_url turns a body into text.
    enum Kind: Sendable, Equatable {
        case html, text, json, pdf
        /// Not readable as text: images, archives, media.
        case unreadable
    }

    /// The type without parameters, in lower case ("text/html"); "unknown" when neither header nor bytes tell.
    var essence: String
    /// The charset parameter, if the header had one.
    var charset: String?
    /// How to read it.
    var kind: Kind

    /// Reads `header` (e.g. "text/html; charset=ISO-8859-1"), sniffing `prefix` when the header
    /// is missing or says only "octet-stream".
    init(header: String?, prefix: some Collection<UInt8>) {
        var essence = ""
        var charset: String?
        if let header {
            let parts = header.split(separator: ";")
            essence = parts.first.map { String($0).trimmed.lowercased() } ?? ""
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmed.lowercased() == "charset" {
                    charset = pair[1].trimmed.trimmingQuotes
                }
            }
        }
        self.charset = charset
        if essence.isEmpty || essence == "application/octet-stream" || essence == "binary/octet-stream" {
            let sniffed = Self.sniff(prefix)
            self.essence = sniffed?.essence ?? (essence.isEmpty ? "unknown" : essence)
            self.kind = sniffed?.kind ?? .unreadable
        } else {
            self.essence = essence
            self.kind = Self.kind(of: essence)
        }
    }

    private static func kind(of essence: String) -> Kind {
        switch essence {
        case "text/html", "application/xhtml+xml": return .html
        case "application/pdf", "application/x-pdf": return .pdf
        case "application/json", "text/json", "application/ld+json": return .json
        case "application/xml", "application/javascript", "application/x-yaml", "application/yaml", "application/toml":
            return .text
        default:
            if essence.hasSuffix("+json") { return .json }
            if essence.hasSuffix("+xml") || essence.hasPrefix("text/") { return .text }
            return .unreadable
        }
    }

    /// A few signatures from the WHATWG MIME sniffing rules, enough for servers that omit the type.
    private static func sniff(_ bytes: some Collection<UInt8>) -> (essence: String, kind: Kind)? {
        let head = Array(bytes.prefix(512))
        if head.starts(with: Array("%PDF-".utf8)) { return ("application/pdf", .pdf) }
        let start = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }
        let lowered = String(decoding: start.prefix(16), as: UTF8.self).lowercased()
        if ["<!doctype html", "<html", "<head", "<body", "<title", "<p>", "<div", "<!--"].contains(where: lowered.hasPrefix) {
            return ("text/html", .html)
        }
        if let first = start.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return ("application/json", .json) }
        // Text has no NUL bytes and decodes as UTF-8 (a cut at the end of the sample is fine).
        if !head.contains(0), String(validating: head.prefix(max(0, head.count - 3)), as: UTF8.self) != nil {
            return ("text/plain", .text)
        }
        return nil
    }
}

extension StringProtocol {
    /// Without surrounding spaces and tabs.
    var trimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }

    /// Without one pair of surrounding double or single quotes.
    var trimmingQuotes: String {
        let text = String(self)
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
