/// The part of a tool result that belongs to each source the result numbers, for a
/// request that shows a source without the rest of the run (a re-read).
public enum SourceExcerpts {
    /// The most characters an excerpt keeps.
    public static let maxCharacters = 2_000

    /// Each of `numbers` with its part of `text`: from the line that starts with `[n] ` to
    /// the line before the next such line of another of `numbers`. A result that numbers
    /// one source on no such line (a page read in full) is all that source's, under `[n]`.
    public static func split(_ text: String, numbers: [Int]) -> [Int: String] {
        let wanted = Set(numbers)
        var parts: [Int: [Substring]] = [:]
        var current: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let n = leadingNumber(line), wanted.contains(n) { current = n }
            if let current { parts[current, default: []].append(line) }
        }
        if parts.isEmpty, wanted.count == 1, let only = wanted.first { parts[only] = ["[\(only)]", text[...]] }
        return parts.mapValues { String($0.joined(separator: "\n").trimmingWhitespace.prefix(maxCharacters)) }
    }

    /// `n` when `line` starts with `[n] `.
    private static func leadingNumber(_ line: Substring) -> Int? {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return nil }
        let digits = line[line.index(after: line.startIndex)..<close]
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            line[line.index(after: close)...].first == " "
        else { return nil }
        return Int(digits)
    }
}
