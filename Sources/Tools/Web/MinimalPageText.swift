/// A deliberately minimal `PageText`: strips tags, drops scripts and styles, keeps line breaks.
///
/// It stands in until the libxml2 readable-text extractor is plugged into
/// `FetchSettings.pageText`, and lets the fetch tests run without it. It knows nothing of
/// boilerplate, tables or links; do not grow it into an HTML parser. It works on UTF-8
/// bytes so that a 5 MB page does not dominate the fetch benchmarks.
public struct MinimalPageText: PageText {
    /// The stand-in extractor.
    public init() {}

    /// The title and the text with tags stripped; `baseURL` is not used.
    public func extract(html: String, baseURL: String) -> (title: String?, text: String) {
        var html = html
        return html.withUTF8 { Self.extract(bytes: $0) }
    }

    private static func extract(bytes: UnsafeBufferPointer<UInt8>) -> (title: String?, text: String) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var title: String?
        var skipping: [UInt8]?  // the end tag ("/script") that ends the dropped content
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            // A "<" not followed by a letter, "/" or "!" is text ("3 < 5"), as browsers read it.
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            let opensTag = next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || (isAlphanumeric(next) && next > 0x39)
            guard byte == UInt8(ascii: "<"), opensTag else {
                if skipping == nil { i = appendText(bytes, from: i, to: &out) } else { i += 1 }
                continue
            }
            if starts(bytes, at: i, with: "<!--") {
                i = find(bytes, "-->", from: i + 4).map { $0 + 3 } ?? bytes.count
                continue
            }
            guard let close = find(bytes, ">", from: i + 1) else { break }
            var name: [UInt8] = []
            var k = i + 1
            while k < close, bytes[k] == UInt8(ascii: "/") || isAlphanumeric(bytes[k]) {
                name.append(lowercased(bytes[k]))
                k += 1
            }
            let selfClosing = close > i + 1 && bytes[close - 1] == UInt8(ascii: "/")
            i = close + 1
            if let end = skipping {
                if name == end { skipping = nil }
                continue
            }
            let bare = name.first == UInt8(ascii: "/") ? Array(name.dropFirst()) : name
            let nameText = String(decoding: name, as: UTF8.self)
            if dropped.contains(nameText) {
                if !selfClosing { skipping = Array("/".utf8) + name }
            } else if nameText == "title", title == nil, let end = findCaseInsensitive(bytes, "</title", from: i) {
                var raw: [UInt8] = []
                var j = i
                while j < end { j = appendText(bytes, from: j, to: &raw, until: end) }
                title = collapse(raw).first.map { String(decoding: $0, as: UTF8.self) }
                i = end
            } else if nameText == "li" {
                out.append(contentsOf: Array("\n- ".utf8))
            } else if breaking.contains(String(decoding: bare, as: UTF8.self)) {
                out.append(UInt8(ascii: "\n"))
            } else if nameText == "td" || nameText == "th" {
                out.append(contentsOf: Array(" | ".utf8))
            }
        }
        let lines = collapse(out)
        var text: [UInt8] = []
        text.reserveCapacity(out.count)
        for line in lines {
            if !text.isEmpty { text.append(UInt8(ascii: "\n")) }
            text.append(contentsOf: line)
        }
        return (title, String(decoding: text, as: UTF8.self))
    }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]
    private static let dropped: Set<String> = ["script", "style", "noscript", "template", "svg", "nav"]
    private static let breaking: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "tr", "table", "section", "article", "header",
        "footer", "main", "blockquote", "pre", "hr", "dt", "dd", "figcaption",
    ]

    /// Copies text up to the next tag (or `until`), decoding character references; returns where it stopped.
    private static func appendText(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to out: inout [UInt8], until limit: Int? = nil
    ) -> Int {
        let end = limit ?? bytes.count
        var i = start
        while i < end && (bytes[i] != UInt8(ascii: "<") || i == start) {
            if bytes[i] == UInt8(ascii: "&"), let (scalar, length) = entity(bytes, at: i) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i += length
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return i == start ? start + 1 : i
    }

    /// The five XML entities, &nbsp; and numeric references; others are left as written.
    private static func entity(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        var end = start + 1
        while end < min(bytes.count, start + 12), bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]), as: UTF8.self)
        var scalar = namedEntities[name]
        if scalar == nil, name.hasPrefix("#x") || name.hasPrefix("#X") {
            scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if scalar == nil, name.hasPrefix("#") {
            scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
        }
        return scalar.map { ($0, end - start + 1) }
    }

    /// Lines with runs of spaces, tabs, CRs and no-break spaces made one space, trimmed; empty lines dropped.
    private static func collapse(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var pendingSpace = false
        var i = 0
        func endLine() {
            if !line.isEmpty { lines.append(line) }
            line = []
            pendingSpace = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                endLine()
            } else if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0C {
                pendingSpace = !line.isEmpty
            } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                pendingSpace = !line.isEmpty
                i += 1
            } else {
                if pendingSpace { line.append(0x20) }
                pendingSpace = false
                line.append(b)
            }
            i += 1
        }
        endLine()
        return lines
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func lowercased(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, with prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return i + p.count <= bytes.count && bytes[i..<(i + p.count)].elementsEqual(p)
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, from start: Int) -> Int? {
        let n = Array(needle.utf8)
        guard let first = n.first, n.count <= bytes.count else { return nil }
        var i = start
        while i + n.count <= bytes.count {
            if bytes[i] == first && bytes[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    private static func findCaseInsensitive(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, from start: Int) -> Int? {
        let n = Array(needle.utf8)
        var i = start
        while i + n.count <= bytes.count {
            if bytes[i] == n[0] && zip(bytes[i..<(i + n.count)], n).allSatisfy({ lowercased($0) == $1 }) { return i }
            i += 1
        }
        return nil
    }
}
