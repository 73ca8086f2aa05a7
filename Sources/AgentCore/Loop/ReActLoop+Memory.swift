extension ReActLoop {
    /// Applies a `remember` call inside the loop: the memory.write event is the memory
    /// (the store projects it), so replay and rebuild see exactly what was saved.
    mutating func remember(_ arguments: JSONValue, step: Int) -> ToolOutput {
        let text = arguments["text"]?.stringValue ?? ""
        let kind = arguments["kind"]?.stringValue ?? "fact"
        let sources = Citations.resolve(text, in: catalog).map(\.source)
        let id = writeMemory(step: step, kind: kind, text: text, sources: sources)
        let cited = sources.isEmpty ? " It cites no source; cite [n] in the text to keep one." : ""
        return ToolOutput(text: "Remembered as \(id).\(cited)")
    }

    /// Saves what an answered run learned: the question with its answer, and each
    /// scratchpad note as a finding, with the sources they cite.
    mutating func saveRun(answer: String, citations: [NumberedSource]) {
        let step = spend.steps
        writeMemory(step: step, kind: "answer", text: "Q: \(task)\nA: \(answer)", sources: citations.map(\.source))
        for note in scratchpad.notes {
            let text = "\(note.key): \(note.value)"
            writeMemory(step: step, kind: "finding", text: text, sources: Citations.resolve(text, in: catalog).map(\.source))
        }
    }

    @discardableResult
    private mutating func writeMemory(step: Int, kind: String, text: String, sources: [Source]) -> String {
        let id = MemoryTools.memoryID(run: runID, index: memoriesWritten)
        memoriesWritten += 1
        let clean = MemoryTools.withoutCitations(text).trimmingWhitespace
        events.append(.memoryWrite(MemoryWriteRecord(step: step, id: id, kind: kind, text: clean, sources: sources)))
        return id
    }
}
