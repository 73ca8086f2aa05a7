import Foundation
import LLM
import Retrieval

/// The Wikipedia lead summaries used as a benchmark corpus: the offline search corpus's
/// file (CC BY-SA 4.0), which `research-agent setup --models corpus` installs.
struct WikiCorpus {
    /// One article: title, one-line description, lead text.
    struct Article {
        var title: String
        var description: String
        var extract: String
    }

    var articles: [Article]

    /// Where setup installs the file: the offline corpus in the cache.
    static var installed: String {
        LocalInstall(environment: ProcessInfo.processInfo.environment).cache + "/corpora/wikipedia/" + WikipediaSummaries.fileName
    }

    /// Reads the JSON object keyed by title; articles sorted by title for a stable order.
    static func load(_ path: String) throws -> WikiCorpus {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else {
            throw BenchError("\(path) is not a JSON object of articles")
        }
        let articles = object.keys.sorted().compactMap { key -> Article? in
            guard let a = object[key], let extract = a["extract"] as? String, !extract.isEmpty else { return nil }
            return Article(title: a["title"] as? String ?? key, description: a["description"] as? String ?? "", extract: extract)
        }
        return WikiCorpus(articles: articles)
    }

    /// Writes the first `count` articles as Markdown files, 100 per folder, under `root`.
    func write(count: Int, to root: String) throws -> [String] {
        var paths: [String] = []
        for (i, a) in articles.prefix(count).enumerated() {
            let folder = "\(root)/\(i / 100)"
            if i % 100 == 0 { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let safe = a.title.map { $0.isLetter || $0.isNumber ? $0 : "_" }
            let path = "\(folder)/\(String(safe)).md"
            try "# \(a.title)\n\n\(a.description)\n\n\(a.extract)\n".write(toFile: path, atomically: false, encoding: .utf8)
            paths.append(path)
        }
        return paths
    }
}

/// A benchmark that cannot run, in one line.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Percentiles of a sample, in the sample's unit.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

/// Seconds `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
