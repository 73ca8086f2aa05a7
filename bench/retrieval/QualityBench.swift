import AgentCore
import Foundation
import HTTP
import LLM
import Logging
import Retrieval

/// `bench-retrieval quality`: recall@1/5/10 and MRR of bm25, vector and hybrid search over
/// the retrieval question sets (bench/questions/retrieval-*.jsonl), per slice and per half
/// (tune, held-out). The indexes are kept in `--dir`, so a second run re-embeds nothing.
/// `--rank-fusion` measures hybrid as it was before (reciprocal rank fusion); `--sweep`
/// runs the settings tried on the tuning half and writes them to `--out`.
enum QualityBench {
    /// One question: where its answer is, as document and a verbatim piece of the answer.
    struct Question {
        var id: String
        var slice: String
        var question: String
        var gold: [(doc: String, evidence: String)]
        /// Every other question of a slice is held out: tuning never looks at these.
        var heldOut: Bool
    }

    /// The slices searched in the technical-docs index; every other slice is Wikipedia.
    static let techSlices: Set<String> = ["tech"]

    static func run(_ arguments: [String]) async throws {
        var dir = ".build/retrieval-quality"
        var questionFiles = ["wiki", "bridge", "tech"].map { "bench/questions/retrieval-\($0).jsonl" }
        var techRoot = "bench/corpora/tech"
        var data = WikiCorpus.installed
        var out: String?
        var showMisses = false
        var sweep = false
        var fusion = DocumentSearch.Tuning().fusion
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--dir": dir = it.next() ?? dir
            case "--questions": questionFiles = (it.next() ?? "").split(separator: ",").map(String.init)
            case "--tech": techRoot = it.next() ?? techRoot
            case "--data": data = it.next() ?? data
            case "--out": out = it.next()
            case "--misses": showMisses = true
            case "--sweep": sweep = true
            case "--rank-fusion": fusion = .reciprocalRank(k: 60)
            default: throw BenchError("unknown argument \(a); see docs/BENCHMARKS.md")
            }
        }
        let questions = try questionFiles.flatMap(load)
        let env = ProcessInfo.processInfo.environment
        let choice = try EmbedderChoice.choose(embedder: "local", model: nil, environment: env)
        guard
            let embedder = choice.makeEmbedder(
                client: HTTPClient(userAgent: "bench-retrieval"), logger: Logger(label: "bench"), environment: env) as? LocalEmbedder
        else { throw BenchError("the local embedder is not installed: run research-agent setup --models embed") }
        defer { embedder.stop() }

        let wikiFiles = dir + "/wiki-files"
        if !FileManager.default.fileExists(atPath: wikiFiles) {
            let corpus = try WikiCorpus.load(data)
            _ = try corpus.write(count: corpus.articles.count, to: wikiFiles + ".part")
            try FileManager.default.moveItem(atPath: wikiFiles + ".part", toPath: wikiFiles)
        }
        let wiki = try await index(dir + "/wiki.sqlite", files: wikiFiles, embedder: embedder)
        let tech = try await index(dir + "/tech.sqlite", files: URL(fileURLWithPath: techRoot).standardizedFileURL.path, embedder: embedder)

        CorpusBench.log("embedding \(questions.count) questions...")
        var vectors: [String: [Float]] = [:]
        for q in questions { vectors[q.question] = try await embedder.embed([q.question]).first }
        let precomputed = QueryBench.Precomputed(model: embedder.model, dimensions: 384, vectors: vectors)
        // ranks[mode][question id] = 1-based rank of the first answer-bearing passage, or nil.
        func ranks(_ tuning: DocumentSearch.Tuning, modes: [SearchMode] = SearchMode.allCases, of questions: [Question]) async throws
            -> [SearchMode: [String: Int]]
        {
            let wikiSearch = DocumentSearch(index: wiki, embedder: precomputed, tuning: tuning)
            let techSearch = DocumentSearch(index: tech, embedder: precomputed, tuning: tuning)
            var ranks: [SearchMode: [String: Int]] = [:]
            for mode in modes {
                for q in questions {
                    let search = techSlices.contains(q.slice) ? techSearch : wikiSearch
                    let result = try await search.search(q.question, k: 10, mode: mode)
                    // A failed query embedding turns a search into BM25 for good: no figure may come from that.
                    guard result.mode == mode else {
                        throw BenchError("\(q.id): searched by \(result.mode), not \(mode): \(result.notice ?? "")")
                    }
                    let passages = result.passages
                    ranks[mode, default: [:]][q.id] = passages.firstIndex { answers(q, $0) }.map { $0 + 1 }
                }
            }
            return ranks
        }
        if sweep {
            let rows = try await sweepTuning(questions.filter { !$0.heldOut }, ranks: ranks)
            let json = try JSONSerialization.data(withJSONObject: ["tuning_half": rows], options: [.prettyPrinted, .sortedKeys])
            try json.write(to: URL(fileURLWithPath: out ?? "bench/results/retrieval-sweep.json"))
            return
        }
        let ranks = try await ranks(DocumentSearch.Tuning(fusion: fusion), of: questions)
        var groups: [(String, [Question])] = [
            ("heldout", questions.filter(\.heldOut)), ("tune", questions.filter { !$0.heldOut }), ("all", questions),
        ]
        for slice in Set(questions.map(\.slice)).sorted() {
            groups.append(("heldout/\(slice)", questions.filter { $0.heldOut && $0.slice == slice }))
            groups.append(("tune/\(slice)", questions.filter { !$0.heldOut && $0.slice == slice }))
        }
        var result: [String: Any] = ["questions": questions.count, "embedder": embedder.model]
        var table: [String: Any] = [:]
        for (name, group) in groups {
            var row: [String: Any] = ["questions": group.count]
            for mode in SearchMode.allCases { row[mode.rawValue] = metrics(group.map { ranks[mode]?[$0.id] ?? nil }) }
            table[name] = row
            let line = SearchMode.allCases.map { mode in
                let m = row[mode.rawValue] as? [String: Double] ?? [:]
                return "\(mode.rawValue) "
                    + ["r@1", "r@5", "r@10", "mrr"].map { String(Int(((m[$0] ?? 0) * 1000).rounded())) }.joined(separator: "/")
            }
            print("\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) n=\(group.count)\t" + line.joined(separator: "  "))
        }
        if showMisses {
            for q in questions where !q.heldOut && (ranks[.hybrid]?[q.id] ?? nil).map({ $0 > 5 }) ?? true {
                let r = SearchMode.allCases.map { "\($0.rawValue)=\((ranks[$0]?[q.id] ?? nil).map(String.init) ?? "-")" }
                print("miss \(q.id) \(r.joined(separator: " ")) \(q.question)")
            }
        }
        result["metrics"] = table
        result["ranks"] = Dictionary(
            uniqueKeysWithValues: SearchMode.allCases.map { m in (m.rawValue, (ranks[m] ?? [:]).compactMapValues { $0 }) })
        result["machine"] = ["cores": ProcessInfo.processInfo.activeProcessorCount, "loadavg": CorpusBench.loadAverage()]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        let named = fusion == DocumentSearch.Tuning().fusion ? "retrieval-quality" : "retrieval-quality-rank-fusion"
        try json.write(to: URL(fileURLWithPath: out ?? "bench/results/\(named).json"))
    }

    /// BM25 and fusion settings tried on the tuning half only: r@5 and MRR per slice, printed
    /// and returned as rows.
    static func sweepTuning(
        _ questions: [Question],
        ranks: (DocumentSearch.Tuning, [SearchMode], [Question]) async throws -> [SearchMode: [String: Int]]
    ) async throws -> [[String: Any]] {
        let slices = Set(questions.map(\.slice)).sorted()
        var rows: [[String: Any]] = []
        func show(_ label: String, _ mode: SearchMode, _ r: [String: Int]) {
            var row: [String: Any] = ["mode": mode.rawValue, "setting": label]
            let cells = (["all"] + slices).map { slice -> String in
                let m = metrics(questions.filter { slice == "all" || $0.slice == slice }.map { r[$0.id] })
                row[slice] = m
                return "\(slice) \(Int(((m["r@5"] ?? 0) * 1000).rounded()))/\(Int(((m["mrr"] ?? 0) * 1000).rounded()))"
            }
            rows.append(row)
            print("\(mode.rawValue) \(label.padding(toLength: 42, withPad: " ", startingAt: 0)) " + cells.joined(separator: "  "))
        }
        let vector = try await ranks(DocumentSearch.Tuning(), [.vector], questions)
        show("", .vector, vector[.vector] ?? [:])
        for heading in [1.0, 2, 4, 8] {
            show(
                "heading \(heading)", .bm25,
                try await ranks(DocumentSearch.Tuning(headingWeight: heading), [.bm25], questions)[.bm25] ?? [:])
        }
        let fusions: [RankFusion] =
            [.reciprocalRank(k: 60), .reciprocalRank(k: 10)] + [0.3, 0.4, 0.5, 0.6, 0.7].map { .convex(vectorWeight: $0) }
        for fusion in fusions {
            for candidates in [10, 20, 50, 100] {
                let t = DocumentSearch.Tuning(fusion: fusion, candidates: candidates)
                show("\(fusion) n=\(candidates)", .hybrid, try await ranks(t, [.hybrid], questions)[.hybrid] ?? [:])
            }
        }
        return rows
    }

    /// Whether `passage` holds the answer: it comes from a gold document and contains that
    /// document's evidence.
    static func answers(_ q: Question, _ passage: Passage) -> Bool {
        q.gold.contains { g in
            let fromDoc = passage.uri.hasSuffix("/" + g.doc) || passage.headingPath.first == g.doc || passage.title == g.doc
            return fromDoc && (passage.text.contains(g.evidence) || passage.headingPath.contains { $0.contains(g.evidence) })
        }
    }

    /// recall@1, @5, @10 and mean reciprocal rank (at 10) of first-hit ranks.
    static func metrics(_ ranks: [Int?]) -> [String: Double] {
        let n = Double(max(ranks.count, 1))
        func recall(_ k: Int) -> Double { Double(ranks.filter { ($0 ?? .max) <= k }.count) / n }
        let mrr = ranks.reduce(0.0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / n
        return ["r@1": recall(1), "r@5": recall(5), "r@10": recall(10), "mrr": mrr]
    }

    /// The index at `path` brought up to date with `files` (a no-op when nothing changed).
    static func index(_ path: String, files: String, embedder: any Embedder) async throws -> DocumentIndex {
        let index = DocumentIndex(database: try AgentDatabase(path: path))
        CorpusBench.log("indexing \(files) into \(path)...")
        let report = try await Ingestion(index: index, embedder: embedder).run([files], removeVanished: true, now: { 0 })
        if let failure = report.embedderFailure { throw BenchError("embedding failed: \(failure)") }
        CorpusBench.log("\(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged")
        return index
    }

    /// Questions of one JSONL file; a question's half follows its place in its slice.
    static func load(_ path: String) throws -> [Question] {
        var seen: [String: Int] = [:]
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = o["id"] as? String,
                let slice = o["slice"] as? String, let question = o["question"] as? String, let gold = o["gold"] as? [[String: String]]
            else { throw BenchError("\(path): a line is not a question: \(line.prefix(80))") }
            let place = seen[slice, default: 0]
            seen[slice] = place + 1
            return Question(
                id: id, slice: slice, question: question, gold: gold.map { ($0["doc"] ?? "", $0["evidence"] ?? "") },
                heldOut: place % 2 == 1)
        }
    }
}
