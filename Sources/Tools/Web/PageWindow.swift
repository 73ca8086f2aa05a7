import AgentCore

/// One part of a page as the model sees it: a header naming the source, the text, and how to read on.
enum PageWindow {
    /// The output text for characters `offset ..< offset + length` of `page`, cited as `[number]`.
    ///
    /// A part ends at a line break or space near its end when there is one, so the next part
    /// starts at a word; the note at the end gives the exact offset to ask for.
    /// The part also stays within `maxBytes` of UTF-8, less room for the header and the note, so
    /// the registry's output cap never cuts off the offset that reads on.
    static func render(_ page: ReadablePage, number: Int, requestedURL: String, offset: Int, length: Int, maxBytes: Int = .max) -> String {
        // Offsets count Unicode scalars: no grapheme breaking over megabytes of text.
        let text = page.text.unicodeScalars
        let start = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) ?? text.endIndex
        var end = start
        var taken = 0
        var bytes = 0
        let byteBudget = max(256, maxBytes - 1024 - page.finalURL.utf8.count * 3 - (page.title?.utf8.count ?? 0))
        while end < text.endIndex && taken < length {
            bytes += UTF8.width(text[end])
            if bytes > byteBudget { break }
            text.formIndex(after: &end)
            taken += 1
        }
        if end < text.endIndex {
            // Look back at most a tenth of the part for a natural break.
            let floor = text.index(end, offsetBy: -max(1, length / 10), limitedBy: start) ?? start
            if let lineBreak = text[floor..<end].lastIndex(of: "\n") {
                end = text.index(after: lineBreak)
            } else if let space = text[floor..<end].lastIndex(of: " ") {
                end = text.index(after: space)
            }
        }
        let shown = text.distance(from: start, to: end)
        let last = offset + shown
        var out = "[\(number)] \(page.title ?? page.finalURL)\n"
        out += "URL: \(page.finalURL)"
        if let first = page.redirects.first { out += " (redirected from \(first))" }
        if let cachedAt = page.cachedAt { out += "\nFrom the http cache: fetched \(cachedAt.rfc3339)" }
        out += "\n\(page.mediaType), \(group(page.characterCount)) characters"
        if shown < page.characterCount {
            out += "; characters \(group(offset + 1))-\(group(last)) below"
        }
        out += "\n\n" + String(text[start..<end])
        if let cap = page.cutAtBytes {
            out += "\n\n[The page is longer than the \(group(cap))-byte download limit; only that much was read.]"
        }
        if last < page.characterCount {
            let next: JSONValue = ["url": .string(requestedURL), "offset": .int(last)]
            out +=
                "\n\n[Page continues: \(group(page.characterCount - last)) more characters. "
                + "Call fetch_url with \(next.canonicalText) for the next part.]"
        }
        return out
    }

    /// 12345 as "12,345".
    static func group(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}
