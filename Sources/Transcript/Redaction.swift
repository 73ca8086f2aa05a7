import AgentCore

/// Keeps known secrets (API keys) out of everything written about a run.
public enum Redaction {
    /// The event's transcript line with every secret replaced by `[REDACTED]`.
    public static func line(_ event: Event, hiding secrets: [String], cache: RequestLineCache? = nil) -> [UInt8] {
        var line = EventEncoding.lineBytes(event, cache: cache)
        for secret in secrets where secret.utf8.count >= 8 { redact(Array(secret.utf8), in: &line) }
        return line
    }

    /// Replaces every occurrence of `secret` in `line` with `[REDACTED]`. Every line of a
    /// run is scanned for every secret, and a request line is as long as the prompt.
    static func redact(_ secret: [UInt8], in line: inout [UInt8]) {
        guard !secret.isEmpty, line.count >= secret.count else { return }
        var hits: [Int] = []
        line.withUnsafeBytes { text in
            secret.withUnsafeBytes { key in
                var i = 0
                while let at = ByteSearch.firstIndex(of: key, in: text, from: i) {
                    hits.append(at)
                    i = at + key.count
                }
            }
        }
        guard !hits.isEmpty else { return }
        let mask = Array("[REDACTED]".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(line.count + hits.count * mask.count)
        var start = 0
        for at in hits {
            out.append(contentsOf: line[start..<at])
            out.append(contentsOf: mask)
            start = at + secret.count
        }
        out.append(contentsOf: line[start...])
        line = out
    }
}
