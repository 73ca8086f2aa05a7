/// A compact line diff: the differing middle of two texts with a little context.
///
/// Request bodies differ in one place far more often than in many, so trimming the
/// common head and tail says what changed without a full diff algorithm.
public enum LineDiff {
    /// `-`/`+` lines for what differs, with `context` unchanged lines around it.
    public static func unified(old: String, new: String, context: Int = 3, maxLines: Int = 80) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        var out: [String] = ["@@ line \(head + 1) @@"]
        for line in a[max(0, head - context)..<head] { out.append("  " + line) }
        for line in a[head..<(a.count - tail)] { out.append("- " + line) }
        for line in b[head..<(b.count - tail)] { out.append("+ " + line) }
        for line in a[(a.count - tail)..<min(a.count, a.count - tail + context)] { out.append("  " + line) }
        if out.count > maxLines {
            let cut = out.count - maxLines
            out = Array(out.prefix(maxLines)) + ["... (\(cut) more lines)"]
        }
        return out.joined(separator: "\n")
    }
}
