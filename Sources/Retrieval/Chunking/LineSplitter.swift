/// Cuts one line longer than a chunk into pieces that fit, preferring to end a piece at a
/// sentence end, then at a space, and starting the next piece about `overlapCharacters`
/// earlier at a word start.
struct LineSplitter: Sendable {
    /// The largest piece, in Unicode scalars.
    var maxCharacters: Int
    /// How much consecutive pieces share, in Unicode scalars.
    var overlapCharacters: Int

    /// The pieces of `line`, each trimmed, non-empty and numbered as `line`.
    func pieces(of line: TextLine) -> [TextLine] {
        let view = line.text.unicodeScalars
        let scalars = Array(view)
        var indices = Array(view.indices)
        indices.append(view.endIndex)
        let count = scalars.count
        var pieces: [TextLine] = []
        var start = 0
        while start < count {
            while start < count && Self.isSpace(scalars[start]) { start += 1 }
            guard start < count else { break }
            let end = count - start <= maxCharacters ? count : cut(scalars, from: start)
            var trimmed = end
            while trimmed > start && Self.isSpace(scalars[trimmed - 1]) { trimmed -= 1 }
            if trimmed > start {
                let text = Substring(view[indices[start]..<indices[trimmed]])
                pieces.append(TextLine(text, number: line.number, length: trimmed - start, isBlank: false))
            }
            guard end < count else { break }
            start = nextStart(scalars, previousStart: start, end: end)
        }
        return pieces
    }

    /// Where a piece starting at `start` should end (exclusive), for a rest longer than a piece.
    private func cut(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        let hard = start + maxCharacters
        // A sentence end in the second half of the window keeps whole sentences together.
        var position = hard
        while position > start + maxCharacters / 2 {
            if Self.endsSentence(scalars, at: position) { return position }
            position -= 1
        }
        position = hard
        while position > start + maxCharacters / 4 {
            if Self.isSpace(scalars[position]) { return position }
            position -= 1
        }
        return hard
    }

    /// The start of the next piece: the first word start within the overlap, else `end`.
    private func nextStart(_ scalars: [Unicode.Scalar], previousStart: Int, end: Int) -> Int {
        guard overlapCharacters > 0 else { return end }
        var position = max(previousStart + 1, end - overlapCharacters)
        while position < end {
            if Self.isSpace(scalars[position - 1]) && !Self.isSpace(scalars[position]) { return position }
            position += 1
        }
        return end
    }

    /// Whether a sentence ends just before `position`: a terminator, perhaps a closing quote
    /// or bracket, then a space (or an ideographic full stop, which needs none).
    private static func endsSentence(_ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        guard position > 0, position < scalars.count else { return false }
        var last = position - 1
        if "\"')]”’".unicodeScalars.contains(scalars[last]), last > 0 { last -= 1 }
        let terminator = scalars[last]
        if terminator == "。" || terminator == "！" || terminator == "？" { return true }
        return (terminator == "." || terminator == "!" || terminator == "?") && isSpace(scalars[position])
    }

    /// Whether a scalar is whitespace; the ASCII test comes first because it is the common case.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }
}
