/// Names a declaration for its heading path: its first line of code, trimmed, without the
/// opening brace or colon, and cut to about 80 characters, e.g. "func parse(_ text: String)".
enum DeclarationHeading {
    /// The longest heading kept, in characters.
    static let maxLength = 80

    /// The heading of the declaration in `range`: its first code line that is not an
    /// attribute or decorator, or nil when the range holds only comments.
    static func of(_ range: Range<Int>, lines: [TextLine], code: [CodeLine]) -> String? {
        for index in range where code[index].hasCode && !code[index].startsInLiteral {
            let text = lines[index].text
            if isAttributeOnly(text) { continue }
            // Byte-level trimming: every character stripped here is ASCII.
            let bytes = text.utf8
            guard let first = bytes.firstIndex(where: { !$0.isASCIIWhitespace }),
                let last = bytes.lastIndex(where: { !"{:( \t".utf8.contains($0) })
            else { continue }
            let leading = bytes[first]
            let full = Substring(bytes[first...]).trimmingASCIIWhitespace()
            // A docstring or a C++ access label says less about the declaration than the line below.
            if leading == UInt8(ascii: "\"") || leading == UInt8(ascii: "'") || accessLabels.contains(full) { continue }
            guard first <= last else { continue }
            let heading = Substring(bytes[first...last])
            // Counting bytes first skips the slower character count for the usual short line.
            if heading.utf8.count > maxLength && heading.count > maxLength {
                return String(heading.prefix(maxLength - 1)) + "…"
            }
            return String(heading)
        }
        return nil
    }

    /// C++ access specifiers, which label the members below them.
    private static let accessLabels: Set<String> = ["public:", "private:", "protected:"]

    /// Words that make a declaration a container of other declarations, worth opening up
    /// when it is too big for one chunk; a function body is windowed whole instead.
    private static let containerWords: Set<Substring> = [
        "class", "struct", "enum", "extension", "protocol", "actor", "interface", "namespace", "impl", "trait", "mod",
        "union", "extern", "object",
    ]

    /// Whether the heading names a type, namespace, impl block or similar container: one of
    /// `containerWords` appears before any "(" or "=".
    static func isContainer(_ heading: String) -> Bool {
        let head = heading.utf8.prefix { $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: "=") }
        return head.split { !CodeScanState.isIdentifier($0) }.contains { containerWords.contains(Substring($0)) }
    }

    /// Whether a line holds only an attribute, annotation or decorator that belongs to the
    /// declaration below it: `@MainActor`, `@app.route("/")`, `#[derive(Debug)]`,
    /// `[[nodiscard]]`, `template <typename T>`.
    static func isAttributeOnly(_ line: Substring) -> Bool {
        let text = line.trimmingASCIIWhitespace()
        if text.hasPrefix("#[") || text.hasPrefix("#![") { return text.hasSuffix("]") }
        if text.hasPrefix("[[") { return text.hasSuffix("]]") }
        if text.hasPrefix("template") {
            let rest = text.dropFirst("template".count).drop { $0 == " " }
            return rest.hasPrefix("<") && text.hasSuffix(">")
        }
        guard text.hasPrefix("@") else { return false }
        let bytes = Array(text.utf8)
        var index = 1
        while index < bytes.count, CodeScanState.isIdentifier(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
        guard index > 1 else { return false }
        if index == bytes.count { return true }
        guard bytes[index] == UInt8(ascii: "(") else { return false }
        // The argument list must close at the line's end: `@available(iOS 13, *)`.
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "(") { depth += 1 }
            if bytes[index] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return index == bytes.count - 1 }
            }
            index += 1
        }
        // An argument list running on to the next lines (a multi-line decorator) also leads in.
        return true
    }
}
