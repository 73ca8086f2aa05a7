/// Writes scripted responses onto a ResponseWriter, applying split, pacing and cut settings.
struct StreamDelivery: Sendable {
    /// Split the event stream at awkward byte positions.
    var splitEvents: Bool
    /// Pause between chunk writes, so chunks arrive as separate reads.
    var chunkDelayMilliseconds: Int

    /// Streams SSE events as a chunked 200 response; with `cutAfter` only that many events are
    /// sent and the connection is then cut without the terminating chunk.
    func stream(events: [[UInt8]], headers: [(String, String)], cutAfter limit: Int?, to writer: ResponseWriter) {
        let sent = limit.map { Array(events.prefix(max(0, $0))) } ?? events
        writer.startChunked(status: 200, headers: headers)
        for (index, chunk) in EventStreamSplitter.chunks(for: sent, awkward: splitEvents).enumerated() {
            if index > 0 && chunkDelayMilliseconds > 0 {
                writer.sleep(milliseconds: chunkDelayMilliseconds)
            }
            writer.writeChunk(chunk)
        }
        if limit != nil {
            writer.cut()
        } else {
            writer.endChunked()
        }
    }

    /// Sends a JSON body with Content-Length; when `truncate` is set only half the body goes out
    /// before the cut (a non-streaming response has no events to count).
    func json(status: Int, headers: [(String, String)], body: WireJSON, truncate: Bool, to writer: ResponseWriter) {
        send(status: status, headers: headers, body: body.bytes, truncate: truncate, to: writer)
    }

    /// Sends a pre-serialized body, optionally truncated as in `json`.
    func send(status: Int, headers: [(String, String)], body: [UInt8], truncate: Bool, to writer: ResponseWriter) {
        let all = [("Content-Type", "application/json")] + headers
        if truncate {
            writer.respondTruncated(status: status, headers: all, body: body, keeping: body.count / 2)
        } else {
            writer.respond(status: status, headers: all, body: body)
        }
    }
}
