/// Splits a passage too big for one chunk into overlapping windows. Windows end at line
/// breaks; a line longer than the limit is cut at a sentence end, else a space, else
/// anywhere, and every piece keeps its line's number.
public struct SlidingWindow: Sendable {
    /// The size bound and the overlap between consecutive windows.
    public var limits: ChunkLimits

    /// A sliding window with the given limits.
    public init(limits: ChunkLimits = ChunkLimits()) {
        self.limits = limits
    }

    /// Windows over `text`, whose first line is line `firstLine` of its source.
    public func chunks(of text: String, firstLine: Int = 1, headingPath: [String] = []) -> [Chunk] {
        let lines = SourceLines(text).lines.map { line in
            TextLine(line.text, number: line.number + firstLine - 1, length: line.length, isBlank: line.isBlank)
        }
        return chunks(of: lines[...], headingPath: headingPath)
    }

    /// The largest chunk, never below one character.
    var maxCharacters: Int { max(1, limits.maxCharacters) }

    /// The overlap, capped at half a window so every window brings mostly new text.
    var overlapCharacters: Int { max(0, min(limits.overlapCharacters, maxCharacters / 2)) }

    /// Windows over lines already split from a source; blank lines never start or end one.
    func chunks(of lines: ArraySlice<TextLine>, headingPath: [String]) -> [Chunk] {
        let maxCharacters = maxCharacters
        let overlap = overlapCharacters
        var units: [TextLine] = []
        units.reserveCapacity(lines.count)
        let splitter = LineSplitter(maxCharacters: maxCharacters, overlapCharacters: overlap)
        for line in lines {
            if line.length <= maxCharacters {
                units.append(line)
            } else {
                units.append(contentsOf: splitter.pieces(of: line))
            }
        }

        var chunks: [Chunk] = []
        var start = 0
        while start < units.count {
            while start < units.count && units[start].isBlank { start += 1 }
            guard start < units.count else { break }
            // Every unit fits on its own, so each window takes at least one.
            var end = start
            var size = 0
            while end < units.count {
                let added = units[end].length + (end > start ? 1 : 0)
                if size + added > maxCharacters { break }
                size += added
                end += 1
            }
            var last = end - 1
            while last > start && units[last].isBlank { last -= 1 }
            chunks.append(Self.chunk(units[start...last], headingPath: headingPath))
            guard end < units.count else { break }

            // Step back over whole lines worth about `overlap` characters, leaving room for
            // the next line so the following window always moves forward.
            var next = end
            var tail = 0
            while next - 1 > start {
                let candidate = tail + units[next - 1].length + (next < end ? 1 : 0)
                if candidate > overlap || candidate + 1 + units[end].length > maxCharacters { break }
                tail = candidate
                next -= 1
            }
            start = next
        }
        return chunks
    }

    /// One chunk holding `lines` joined by line breaks.
    static func chunk(_ lines: ArraySlice<TextLine>, headingPath: [String]) -> Chunk {
        var text = ""
        text.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + 1 })
        var isFirst = true
        for line in lines {
            if !isFirst { text.append("\n") }
            isFirst = false
            text.append(contentsOf: line.text)
        }
        let first = lines.first?.number ?? 1
        let last = lines.last?.number ?? first
        return Chunk(text: text, headingPath: headingPath, startLine: first, endLine: last)
    }
}
