/// Decides how the bytes of an SSE stream are cut into HTTP chunks.
enum EventStreamSplitter {
    /// One chunk per event, or (awkward) chunks that cut mid-JSON, between the two newlines that
    /// end an event and inside multi-byte UTF-8 characters; every third event gets no cut of its
    /// own, so it shares a chunk with its neighbours.
    static func chunks(for events: [[UInt8]], awkward: Bool) -> [[UInt8]] {
        guard awkward else { return events.filter { !$0.isEmpty } }
        var stream: [UInt8] = []
        var cuts: [Int] = []
        for (index, event) in events.enumerated() {
            let base = stream.count
            stream.append(contentsOf: event)
            guard index % 3 != 2 else { continue }
            cuts.append(contentsOf: cutPoints(in: event).map { base + $0 })
        }
        var chunks: [[UInt8]] = []
        var start = 0
        for cut in Set(cuts).sorted() where cut > start && cut < stream.count {
            chunks.append(Array(stream[start..<cut]))
            start = cut
        }
        if start < stream.count { chunks.append(Array(stream[start...])) }
        return chunks
    }

    /// Offsets inside one event where a chunk boundary should fall.
    private static func cutPoints(in event: [UInt8]) -> [Int] {
        var points: [Int] = []
        // Somewhere inside the JSON payload.
        points.append(event.count * 2 / 5)
        // Right after the lead byte of the first multi-byte character.
        if let lead = event.firstIndex(where: { $0 >= 0xC0 }) {
            points.append(lead + 1)
        }
        // Between the two newlines that terminate the event.
        if event.count >= 2, event[event.count - 1] == 10, event[event.count - 2] == 10 {
            points.append(event.count - 1)
        }
        return points.filter { $0 > 0 && $0 < event.count }
    }
}
