import AgentCore
import Glibc

/// Keeps known secrets (API keys) out of everything written about a run.
public enum Redaction {
    /// The event's transcript line with every secret replaced by `[REDACTED]`.
    public static func line(_ event: Event, hiding secrets: [String], cache: RequestLineCache? = nil) -> [UInt8] {
        var line = EventEncoding.lineBytes(event, cache: cache)
        for secret in secrets where secret.utf8.count >= 8 { redact(Array(secret.utf8), in: &line) }
        return line
    }

    /// Replaces every occurrence of `secret` in `line` with `[REDACTED]`. Every line of a
    /// run is scanned for every secret, and a request line is as long as the prompt, so the
    /// scan is memchr and memcmp (vectorised in libc) rather than a byte loop.
    static func redact(_ secret: [UInt8], in line: inout [UInt8]) {
        guard !secret.isEmpty, line.count >= secret.count else { return }
        // memchr looks for the key's rarest-looking byte: an upper-case letter or a digit
        // turns up far less often in prompts than the "s" that most keys start with.
        let pivot = secret.firstIndex { (65...90).contains($0) } ?? secret.firstIndex { (48...57).contains($0) } ?? secret.count - 1
        var hits: [Int] = []
        line.withUnsafeBytes { text in
            secret.withUnsafeBytes { key in
                guard let base = text.baseAddress, let keyBase = key.baseAddress else { return }
                let last = text.count - key.count  // the last offset a match can start at
                var i = 0
                while i <= last, let found = memchr(base + i + pivot, Int32(key[pivot]), last - i + 1) {
                    let at = base.distance(to: UnsafeRawPointer(found)) - pivot
                    if memcmp(base + at, keyBase, key.count) == 0 {
                        hits.append(at)
                        i = at + key.count
                    } else {
                        i = at + 1
                    }
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
