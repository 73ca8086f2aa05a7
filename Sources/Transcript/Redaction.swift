import AgentCore

/// Keeps known secrets (API keys) out of everything written about a run.
public enum Redaction {
    /// The event's transcript line with every secret replaced by `[REDACTED]`.
    public static func line(_ event: Event, hiding secrets: [String], cache: RequestLineCache? = nil) -> [UInt8] {
        var line = EventEncoding.lineBytes(event, cache: cache)
        for secret in secrets where secret.utf8.count >= 8 { redact(Array(secret.utf8), in: &line) }
        return line
    }

    /// Replaces every occurrence of `secret` in `line` with `[REDACTED]`.
    static func redact(_ secret: [UInt8], in line: inout [UInt8]) {
        guard let first = secret.first, line.count >= secret.count else { return }
        var out: [UInt8] = []
        var i = 0
        var changed = false
        while i < line.count {
            if line[i] == first, i + secret.count <= line.count, line[i..<(i + secret.count)].elementsEqual(secret) {
                if !changed {
                    out.reserveCapacity(line.count)
                    out.append(contentsOf: line[0..<i])
                    changed = true
                }
                out.append(contentsOf: Array("[REDACTED]".utf8))
                i += secret.count
                continue
            }
            if changed { out.append(line[i]) }
            i += 1
        }
        if changed { line = out }
    }

}
