/// Recognises the Markdown line forms the chunker cares about: headings, code fences and
/// the start of an HTML comment. Works on the line's UTF-8 bytes; every marker is ASCII.
enum MarkdownLine {
    /// An ATX heading ("## Install"): its level and text without the closing hashes.
    static func atxHeading(_ line: Substring) -> (level: Int, text: String)? {
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count && index < 3 && bytes[index] == 0x20 { index += 1 }
        var level = 0
        while index < bytes.count && bytes[index] == 0x23 {
            level += 1
            index += 1
        }
        guard (1...6).contains(level) else { return nil }
        // "#hashtag" is a paragraph: the hashes need a space or the line's end after them.
        guard index == bytes.count || bytes[index] == 0x20 || bytes[index] == 0x09 else { return nil }
        var end = bytes.count
        while end > index && bytes[end - 1].isASCIIWhitespace { end -= 1 }
        var closing = end
        while closing > index && bytes[closing - 1] == 0x23 { closing -= 1 }
        if closing < end && (closing == index || bytes[closing - 1] == 0x20 || bytes[closing - 1] == 0x09) {
            end = closing
        }
        let text = String(decoding: bytes[index..<end], as: UTF8.self).trimmingASCIIWhitespace()
        return (level, text)
    }

    /// The level of a setext underline: 1 for "===", 2 for "---", nil for anything else.
    static func setextLevel(_ line: Substring) -> Int? {
        let trimmed = line.utf8.drop { $0 == 0x20 }
        guard line.utf8.count - trimmed.count <= 3, let marker = trimmed.first, marker == 0x3D || marker == 0x2D else {
            return nil
        }
        var rest = trimmed.drop { $0 == marker }
        rest = rest.drop { $0.isASCIIWhitespace }
        guard rest.isEmpty else { return nil }
        return marker == 0x3D ? 1 : 2
    }

    /// Whether this paragraph line may be part of a setext heading's text; a list item, quote
    /// or table row above "---" makes the "---" a thematic break.
    static func canBeSetextText(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.utf8.first else { return false }
        if first == UInt8(ascii: ">") || first == UInt8(ascii: "|") { return false }
        let second = trimmed.utf8.dropFirst().first
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            return !(second == 0x20 || second == 0x09)
        }
        let digits = trimmed.utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }
        if !digits.isEmpty {
            let after = trimmed.utf8.dropFirst(digits.count)
            if let marker = after.first, marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")") {
                return false
            }
        }
        return true
    }

    /// A code fence opening ("```swift", "~~~"): its marker byte and length.
    static func fenceOpening(_ line: Substring) -> (marker: UInt8, count: Int)? {
        let trimmed = line.utf8.drop { $0 == 0x20 || $0 == 0x09 }
        guard let marker = trimmed.first, marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
        let count = trimmed.prefix { $0 == marker }.count
        guard count >= 3 else { return nil }
        // A backtick fence's info string cannot hold a backtick (that is inline code).
        if marker == UInt8(ascii: "`") && trimmed.dropFirst(count).contains(marker) { return nil }
        return (marker, count)
    }

    /// Whether `line` closes a fence opened with `count` of `marker`.
    static func closesFence(_ line: Substring, marker: UInt8, count: Int) -> Bool {
        let trimmed = line.utf8.drop { $0 == 0x20 || $0 == 0x09 }
        let run = trimmed.prefix { $0 == marker }.count
        return run >= count && trimmed.dropFirst(run).allSatisfy(\.isASCIIWhitespace)
    }

    /// Whether the line opens an HTML comment that it does not close, so lines up to "-->"
    /// are opaque (a "# " inside is not a heading).
    static func opensComment(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("<!--") && !trimmed.dropFirst(4).contains("-->")
    }
}
