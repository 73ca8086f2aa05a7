import Synchronization

/// The last lines a server wrote to stderr (and any junk on its stdout), shown in a few
/// lines when it fails to start or dies.
final class StderrTail: Sendable {
    private let lines = Mutex<[String]>([])
    private let partial = Mutex<[UInt8]>([])
    /// How many lines are kept.
    let capacity: Int

    /// A tail of `capacity` lines.
    init(capacity: Int = 40) { self.capacity = capacity }

    /// Adds one finished line.
    func append(line: String) {
        let cut = line.count > 300 ? String(line.prefix(300)) + "…" : line
        lines.withLock { kept in
            kept.append(cut)
            if kept.count > capacity { kept.removeFirst(kept.count - capacity) }
        }
    }

    /// Adds raw bytes as the server wrote them, split into lines.
    func append(bytes: some Sequence<UInt8>) {
        var finished: [String] = []
        partial.withLock { buffer in
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    finished.append(String(decoding: buffer, as: UTF8.self))
                    buffer.removeAll(keepingCapacity: true)
                } else if buffer.count < 4096 {
                    buffer.append(byte)
                }
            }
        }
        for line in finished where !line.isEmpty { append(line: line) }
    }

    /// Keeps a last line that ended without a newline (the stream has closed).
    func flush() {
        let rest = partial.withLock { buffer in
            defer { buffer = [] }
            return String(decoding: buffer, as: UTF8.self)
        }
        if !rest.isEmpty { append(line: rest) }
    }

    /// The last `count` non-empty lines, each indented, or nil when there are none.
    func last(_ count: Int = 6) -> String? {
        let kept = lines.withLock { Array($0.suffix(count)) }
        return kept.isEmpty ? nil : kept.map { "    " + $0 }.joined(separator: "\n")
    }
}
