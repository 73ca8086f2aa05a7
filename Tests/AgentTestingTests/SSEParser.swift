import Foundation

/// One dispatched server-sent event.
struct SSEEvent: Equatable, Sendable {
    /// The `event:` field, nil when absent.
    var event: String?
    /// The `data:` lines joined with "\n".
    var data: String

    /// The data parsed as a JSON object (nil for `[DONE]`).
    var json: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
    }
}

/// A minimal SSE line splitter that, like a real client, buffers bytes across reads so events
/// split mid-line or mid-character reassemble correctly.
struct SSEParser {
    private var pending: [UInt8] = []
    private var eventName: String?
    private var dataLines: [String] = []

    /// Feeds one read's worth of bytes and returns the events it completed.
    mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        pending += bytes
        var events: [SSEEvent] = []
        while let newline = pending.firstIndex(of: 10) {
            var line = Array(pending[..<newline])
            pending.removeFirst(newline + 1)
            if line.last == 13 { line.removeLast() }
            if line.isEmpty {
                if eventName != nil || !dataLines.isEmpty {
                    events.append(SSEEvent(event: eventName, data: dataLines.joined(separator: "\n")))
                }
                eventName = nil
                dataLines = []
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix(":") { continue }
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            var value = parts.count > 1 ? String(parts[1]) : ""
            if value.hasPrefix(" ") { value.removeFirst() }
            switch parts[0] {
            case "event": eventName = value
            case "data": dataLines.append(value)
            default: break
            }
        }
        return events
    }

    /// Parses a sequence of reads.
    static func parse(_ reads: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        return reads.flatMap { parser.feed($0) }
    }
}
