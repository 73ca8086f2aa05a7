/// Packs consecutive blocks greedily into chunks up to the size limit; a block too big on
/// its own goes through `SlidingWindow` with its heading path.
struct BlockPacker: Sendable {
    /// The size bound and the overlap for oversize blocks.
    var limits: ChunkLimits
    /// Whether blocks under different headings may share a chunk (declarations in code) or
    /// not (sections of a document).
    var mergesAcrossHeadings: Bool

    /// The chunks of `blocks`, in order.
    func chunks(_ blocks: [Block]) -> [Chunk] {
        let window = SlidingWindow(limits: limits)
        let maxCharacters = window.maxCharacters
        var chunks: [Chunk] = []
        var pending: [Block] = []
        var size = 0

        func flush() {
            if !pending.isEmpty { chunks.append(Self.chunk(pending, size: size)) }
            pending.removeAll(keepingCapacity: true)
            size = 0
        }

        for block in blocks {
            if block.length > maxCharacters {
                flush()
                var windows = window.chunks(of: block.lines, headingPath: block.headingPath)
                // Text collapsed from several source lines may come from any of them.
                if block.lastLine > block.lines.last?.number ?? 0 {
                    for index in windows.indices { windows[index].endLine = max(windows[index].endLine, block.lastLine) }
                }
                chunks += windows
                continue
            }
            if let previous = pending.last {
                let joined = size + Self.separator(previous, block).count + block.length
                if joined > maxCharacters || (!mergesAcrossHeadings && previous.headingPath != block.headingPath) {
                    flush()
                }
            }
            if let previous = pending.last { size += Self.separator(previous, block).count }
            size += block.length
            pending.append(block)
        }
        flush()
        return chunks
    }

    /// A line break between blocks on adjacent lines, a blank line where the source had a gap.
    static func separator(_ previous: Block, _ next: Block) -> String {
        next.firstLine <= previous.lastLine + 1 ? "\n" : "\n\n"
    }

    /// One chunk of blocks that fit together, under the heading path of its largest block
    /// that has one (a run of comments or imports says less than the declaration beside it).
    static func chunk(_ blocks: [Block], size: Int) -> Chunk {
        var text = ""
        text.reserveCapacity(size * 2)
        var largest = blocks[0]
        for (index, block) in blocks.enumerated() {
            if index > 0 { text += separator(blocks[index - 1], block) }
            var isFirstLine = true
            for line in block.lines {
                if !isFirstLine { text.append("\n") }
                isFirstLine = false
                text.append(contentsOf: line.text)
            }
            if (largest.headingPath.isEmpty && !block.headingPath.isEmpty)
                || (block.length > largest.length && !block.headingPath.isEmpty)
            {
                largest = block
            }
        }
        let start = blocks.map(\.firstLine).min() ?? 1
        let end = blocks.map(\.lastLine).max() ?? start
        return Chunk(text: text, headingPath: largest.headingPath, startLine: start, endLine: end)
    }
}
