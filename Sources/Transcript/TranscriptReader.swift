import AgentCore
import Foundation

/// A transcript read from disk: its events, and whether its last line was torn.
public struct TranscriptFile: Sendable {
    /// The events, in file order.
    public var events: [Event]
    /// True when the last line was cut off (a run killed mid-write) and was skipped.
    public var tornLastLine: Bool

    /// Reads and validates every line of `path`.
    ///
    /// A malformed last line without its newline is a torn write and is skipped; any other
    /// malformed line is an error that names its line number and what is wrong.
    public init(path: String) throws(TranscriptError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranscriptError(
                message: UnreadableFile.reason(path).map { "cannot read transcript \(path): \($0)" }
                    ?? "no transcript at \(path): check the path (transcripts live in <home>/transcripts/)")
        }
        try self.init(data: data, name: path)
    }

    /// Reads transcript bytes; `name` appears in errors.
    public init(data: Data, name: String) throws(TranscriptError) {
        events = []
        tornLastLine = false
        let endsWithNewline = data.last == UInt8(ascii: "\n")
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Requests after a run's first may be deltas of its one before: read forward, keeping
        // the last body of each run (a file written by two runs at once interleaves them).
        var previousBodies: [String: JSONValue] = [:]
        var recent: [String: RecentTexts] = [:]
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if line.isEmpty || line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
            do {
                let json = try JSONValue.parse(Data(line))
                let run = json["run"]?.stringValue ?? ""
                let event = try EventDecoding.event(json, previousBody: previousBodies[run], recent: recent[run] ?? RecentTexts())
                if case .llmRequest(let r) = event.payload { previousBodies[event.run] = r.body }
                recent[event.run, default: RecentTexts()].note(event)
                events.append(event)
            } catch {
                if isLast && !endsWithNewline {
                    tornLastLine = true
                    break
                }
                let why: String
                if let e = error as? FieldError { why = e.description } else { why = "\(error)" }
                throw TranscriptError(message: "\(name):\(index + 1): \(why)")
            }
        }
        guard !events.isEmpty else { throw TranscriptError(message: "\(name): no events (is this a transcript?)") }
        guard case .runStart = events[0].payload else {
            throw TranscriptError(message: "\(name):1: the first event is \(events[0].type), expected run.start")
        }
    }

    /// The run.start record.
    public var start: RunStart? {
        if case .runStart(let r) = events.first?.payload { return r }
        return nil
    }

    /// The run.end record, if the run finished.
    public var end: RunEndRecord? {
        for event in events.reversed() { if case .runEnd(let r) = event.payload { return r } }
        return nil
    }

    /// The llm.request records, in order.
    public var requests: [LLMRequestRecord] {
        events.compactMap { if case .llmRequest(let r) = $0.payload { return r } else { return nil } }
    }
}
