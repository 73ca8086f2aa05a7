import AgentCore
import Foundation
import Memory
import Transcript

/// The sessions recorded under a home: each run's run.start names its session, so the
/// transcripts are the only record a session needs.
enum SessionArchive {
    /// The runs of the session `id` names (a whole id or its start; empty for the most
    /// recent session), in the order they ran.
    static func runs(in home: Home, session id: String) throws(CLIError) -> (id: String, runs: [RecordedRun]) {
        let folder = home.transcripts
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".jsonl") && $0 != MemoryRebuild.operationsFileName
        }
        var found: [(session: String, ts: Instant, path: String)] = []
        for name in names {
            let path = folder + "/" + name
            guard let head = firstLine(of: path), head.contains("\"session\""),
                let json = try? JSONValue.parse(head), let event = try? EventDecoding.event(json),
                case .runStart(let start) = event.payload, let session = start.session,
                // A fork of a session's question keeps its context but is no question of the session.
                start.fork == nil
            else { continue }
            found.append((session.id, event.ts, path))
        }
        guard let newest = found.filter({ id.isEmpty || $0.session.hasPrefix(id.lowercased()) }).max(by: { $0.ts < $1.ts }) else {
            throw .failure(
                id.isEmpty
                    ? "no session to resume in \(folder); start one with research-agent investigate"
                    : "no session whose id starts with '\(id)' in \(folder)")
        }
        let matching = Set(found.filter { $0.session.hasPrefix(id.lowercased()) }.map(\.session))
        if !id.isEmpty && matching.count > 1 {
            throw .failure("'\(id)' starts the ids of \(matching.count) sessions; give more of it")
        }
        var runs: [RecordedRun] = []
        for item in found.filter({ $0.session == newest.session }).sorted(by: { $0.ts < $1.ts }) {
            let file: TranscriptFile
            do { file = try TranscriptFile(path: item.path) } catch { throw .failure(error.message) }
            guard let start = file.start, let first = file.events.first else { continue }
            runs.append(
                RecordedRun(runID: first.run, path: item.path, start: start, end: file.end, sources: FoundSources.of(file.events)))
        }
        return (newest.session, runs)
    }

    /// The first line of a file, read without loading the rest (run.start is the first).
    static func firstLine(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        while bytes.count < 16 << 20, let chunk = try? handle.read(upToCount: 64 << 10), !chunk.isEmpty {
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                bytes += chunk[chunk.startIndex..<newline]
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes += chunk
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
