import Foundation

/// What the three fake search providers share: the pages they know, matching a query to
/// them, the scripted failures, and decoding query strings.
final class FakeSearchCore: Sendable {
    let pages: [FakeSearchResult]
    let failures: ReplyScript<FakeSearchFailure>

    init(pages: [FakeSearchResult], failures: [FakeSearchFailure]) {
        self.pages = pages
        self.failures = ReplyScript(failures)
    }

    /// The pages sharing a word with `query`, most shared words first (ties keep their order).
    func matches(_ query: String, limit: Int) -> [FakeSearchResult] {
        let words = Set(Self.words(query))
        let scored = pages.enumerated().map { index, page in
            (page, index, Set(Self.words(page.title + " " + page.snippet + " " + (page.pageText ?? ""))).intersection(words).count)
        }
        return scored.filter { $0.2 > 0 }.sorted { ($0.2, -$0.1) > ($1.2, -$1.1) }.prefix(limit).map(\.0)
    }

    /// The next scripted failure to give; nil means answer normally (after waiting, for a slow one).
    func nextFailure(_ writer: ResponseWriter) -> FakeSearchFailure? {
        guard let failure = failures.next() else { return nil }
        switch failure {
        case .slow(let ms):
            writer.sleep(milliseconds: ms)
            return nil
        case .none:
            return nil
        default:
            return failure
        }
    }

    /// A body that starts as the provider's JSON and breaks off.
    static let malformedBody = Array(#"{"results": [{"title": "Half a result", "url": "https://exa"#.utf8)

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 2 }
    }

    /// The query string of `path` as name → value, percent-decoded, `+` as a space.
    static func queryItems(_ path: String) -> [String: String] {
        guard let question = path.firstIndex(of: "?") else { return [:] }
        var items: [String: String] = [:]
        for pair in path[path.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            items[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return items
    }
}
