/// A one-line excerpt of a passage around the first word of a query, for result lists.
public enum Snippet {
    /// Up to `width` characters of `text` on one line, starting shortly before the first
    /// query term found (or at the start), with "…" where text was cut.
    public static func make(_ text: String, query: String, width: Int = 160) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > width else { return flat }
        let lower = flat.lowercased()
        let hit = FTSQuery.terms(query).compactMap { lower.range(of: $0)?.lowerBound }.min()
        let offset = hit.map { max(0, lower.distance(from: lower.startIndex, to: $0) - width / 4) } ?? 0
        let start = flat.index(flat.startIndex, offsetBy: min(offset, flat.count - width))
        let end = flat.index(start, offsetBy: width)
        return (start > flat.startIndex ? "…" : "") + flat[start..<end] + (end < flat.endIndex ? "…" : "")
    }
}
