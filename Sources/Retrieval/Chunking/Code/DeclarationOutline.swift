/// Turns a scanned source file into blocks, one per declaration, each under the heading
/// path of its enclosing declarations. A declaration too big for one chunk is opened up:
/// its header, its members (recursively) and its closing line become separate blocks.
struct DeclarationOutline {
    /// The document's lines.
    let lines: [TextLine]
    /// The scanner's facts about each line.
    let code: [CodeLine]
    /// The language, which decides between braces and indentation.
    let language: SourceLanguage
    /// The size above which a declaration is opened up.
    let maxCharacters: Int

    /// How deep declarations are opened up; deeper ones go to the sliding window whole.
    private static let maxNesting = 6

    /// The blocks of `range`, whose declarations sit at brace depth `depth`.
    func blocks(in range: Range<Int>, depth: Int = 0, path: [String] = []) -> [Block] {
        let declarations =
            language.usesBraces
            ? BraceSegmenter(lines: lines, code: code).declarations(in: range, depth: depth)
            : IndentSegmenter(lines: lines, code: code).declarations(in: range)
        var blocks: [Block] = []
        for declaration in declarations {
            let heading = DeclarationHeading.of(declaration, lines: lines, code: code)
            let headingPath = heading.map { path + [$0] } ?? path
            guard let block = Block(lines[declaration], headingPath: headingPath) else { continue }
            guard block.length > maxCharacters, path.count < Self.maxNesting, let heading, DeclarationHeading.isContainer(heading),
                let parts = language.usesBraces ? braceParts(of: declaration, depth: depth) : indentParts(of: declaration)
            else {
                blocks.append(block)
                continue
            }
            if let header = Block(lines[parts.header], headingPath: headingPath) { blocks.append(header) }
            blocks += self.blocks(in: parts.body, depth: parts.depth, path: headingPath)
            if let footer = Block(lines[parts.footer], headingPath: headingPath) { blocks.append(footer) }
        }
        return blocks
    }

    /// A declaration split around its body.
    private struct Parts {
        var header: Range<Int>
        var body: Range<Int>
        var footer: Range<Int>
        /// The brace depth of the body's members.
        var depth: Int
    }

    /// The header up to the line that opens the block, the body, and the line that closes it;
    /// nil when the block closes and reopens (`} else {`) or has no body lines.
    private func braceParts(of declaration: Range<Int>, depth: Int) -> Parts? {
        guard let opening = declaration.first(where: { code[$0].depthAtEnd > depth }) else { return nil }
        let inner = code[opening].depthAtEnd
        guard let closing = (opening + 1..<declaration.upperBound).first(where: { code[$0].depthAtEnd <= depth }),
            closing > opening + 1
        else { return nil }
        let body = (opening + 1)..<closing
        guard body.allSatisfy({ code[$0].minDepth >= inner }), code[closing].depthAtStart >= inner else { return nil }
        return Parts(header: declaration.lowerBound..<(opening + 1), body: body, footer: closing..<declaration.upperBound, depth: inner)
    }

    /// The header up to the line ending in `:`, and the indented body after it.
    private func indentParts(of declaration: Range<Int>) -> Parts? {
        guard let first = declaration.first(where: { code[$0].hasCode && !DeclarationHeading.isAttributeOnly(lines[$0].text) }),
            let end = (first..<declaration.upperBound).first(where: { code[$0].bracketsAtEnd == 0 && !code[$0].endsInLiteral }),
            code[end].lastCode == UInt8(ascii: ":"), end + 1 < declaration.upperBound
        else { return nil }
        let body = (end + 1)..<declaration.upperBound
        guard let member = body.first(where: { code[$0].hasCode }), code[member].indent > code[first].indent else { return nil }
        return Parts(
            header: declaration.lowerBound..<(end + 1), body: body, footer: declaration.upperBound..<declaration.upperBound, depth: 0)
    }
}
