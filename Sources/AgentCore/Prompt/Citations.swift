/// Finds the `[n]` citations in an answer.
public enum Citations {
    /// The citation numbers in order of first appearance: `[1]`, `[2][3]`, `[1, 4]`, `[2-3]`.
    public static func numbers(in answer: String) -> [Int] {
        var found: [Int] = []
        var seen: Set<Int> = []
        var i = answer.startIndex
        while let open = answer[i...].firstIndex(of: "[") {
            guard let close = answer[open...].firstIndex(of: "]") else { break }
            let inside = answer[answer.index(after: open)..<close]
            i = answer.index(after: open)
            guard !inside.isEmpty, inside.count <= 40,
                inside.allSatisfy({ $0.isNumber || $0 == "," || $0 == " " || $0 == "-" || $0 == "–" })
            else { continue }
            for part in inside.split(whereSeparator: { $0 == "," || $0 == " " }) {
                let bounds = part.split(whereSeparator: { $0 == "-" || $0 == "–" }).compactMap { Int($0) }
                guard let low = bounds.first else { continue }
                let high = bounds.count > 1 ? bounds[1] : low
                guard low >= 1, high >= low, high - low < 50 else { continue }
                for n in low...high where seen.insert(n).inserted { found.append(n) }
            }
        }
        return found
    }

    /// The sources `answer` cites that `catalog` knows, in order of first citation.
    public static func resolve(_ answer: String, in catalog: SourceCatalog) -> [NumberedSource] {
        numbers(in: answer).compactMap { n in catalog.source(numbered: n).map { NumberedSource(number: n, source: $0) } }
    }
}
