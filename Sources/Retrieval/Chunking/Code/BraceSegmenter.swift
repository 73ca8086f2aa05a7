/// Splits a run of brace-language lines at one depth into declarations. A declaration ends
/// at a blank line, at a `;`, where the block it opened closes, or (for languages without
/// semicolons) before a line that starts a new statement at its indentation. Comments and
/// attributes above a declaration stay with it.
struct BraceSegmenter {
    /// The document's lines.
    let lines: [TextLine]
    /// The scanner's facts about each line.
    let code: [CodeLine]

    /// The declarations among `range`, whose lines all sit at brace depth `depth` or deeper.
    func declarations(in range: Range<Int>, depth: Int) -> [Range<Int>] {
        var declarations: [Range<Int>] = []
        var start: Int?
        var opensBlock = false
        var indent = 0
        for index in range {
            let info = code[index]
            let quiet = info.depthAtStart <= depth && info.bracketsAtStart == 0 && !info.startsInLiteral
            if lines[index].isBlank && quiet {
                if let first = start { declarations.append(first..<index) }
                start = nil
                continue
            }
            if start == nil {
                start = index
                opensBlock = false
                indent = info.indent
            }
            if info.maxDepth > depth { opensBlock = true }
            let atRest = info.depthAtEnd <= depth && info.bracketsAtEnd == 0 && !info.endsInLiteral
            guard atRest, info.hasCode, let first = start else { continue }
            let ends: Bool
            if info.lastCode == UInt8(ascii: ";") {
                ends = true
            } else if Self.continues(info.lastCode) {
                ends = false
            } else if opensBlock {
                ends = true
            } else {
                ends = !DeclarationHeading.isAttributeOnly(lines[index].text) && startsStatement(index + 1, in: range, indent: indent)
            }
            if ends {
                declarations.append(first..<(index + 1))
                start = nil
            }
        }
        if let first = start { declarations.append(first..<range.upperBound) }
        return declarations
    }

    /// Whether a line ending in this byte must go on (an operator, a comma, an open bracket).
    private static func continues(_ last: UInt8) -> Bool {
        ",([=+-*/%&|^<.:\\".utf8.contains(last)
    }

    /// Whether line `index` begins a new statement at `indent`: not deeper, not an opening
    /// brace on its own line, not `else`, `catch`, `finally` or a `where` clause.
    private func startsStatement(_ index: Int, in range: Range<Int>, indent: Int) -> Bool {
        guard index < range.upperBound else { return true }
        let line = lines[index]
        if line.isBlank { return true }
        if code[index].indent > indent || code[index].startsInLiteral { return false }
        let text = line.text.drop { $0 == " " || $0 == "\t" }
        guard let first = text.utf8.first else { return true }
        let second = text.utf8.dropFirst().first
        if first == UInt8(ascii: "/") { return second == UInt8(ascii: "/") || second == UInt8(ascii: "*") }
        if first == UInt8(ascii: "[") { return second == UInt8(ascii: "[") }
        guard CodeScanState.isIdentifier(first) || first == UInt8(ascii: "@") || first == UInt8(ascii: "#") || first == UInt8(ascii: "$")
        else { return false }
        let word = text.prefix { $0.isLetter }
        return !["where", "else", "catch", "finally"].contains(word)
    }
}
