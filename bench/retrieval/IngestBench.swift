import AgentCore
import Foundation
import Retrieval

/// `bench-retrieval ingest`: files and chunks per second into a fresh index, without and
/// with embeddings, and a rerun over unchanged files; the in-run reference is reading and
/// hashing the same files (the floor any ingestion pays).
enum IngestBench {
    static func run(corpus: WikiCorpus, documents: Int, embedder: (any Embedder)?, workspace: String) async throws -> [String: Any] {
        let files = workspace + "/files"
        let paths = try corpus.write(count: documents, to: files)
        var result: [String: Any] = ["documents": paths.count]

        let reference = try seconds {
            for p in paths { _ = try DocumentReader().contents(of: DocumentWalker.File(path: p, size: 0, mtime: 0)) }
        }
        result["reference_read_and_hash_files_per_s"] = Double(paths.count) / reference

        let plain = DocumentIndex(database: try AgentDatabase(path: workspace + "/bm25/agent.sqlite"))
        var report = Ingestion.Report()
        let bm25 = try await timed {
            report = try await Ingestion(index: plain, embedder: nil).run([files], removeVanished: false, now: { 0 })
        }
        var without: [String: Any] = ["seconds": bm25, "chunks": report.chunks, "skipped": report.problems.count]
        without["files_per_s"] = Double(report.added) / bm25
        without["chunks_per_s"] = Double(report.chunks) / bm25
        result["without_embeddings"] = without
        result["ratio_to_reference"] = bm25 / reference

        let rerun = try await timed {
            report = try await Ingestion(index: plain, embedder: nil).run([files], removeVanished: true, now: { 0 })
        }
        result["rerun_unchanged"] = ["seconds": rerun, "files_per_s": Double(report.unchanged) / rerun]

        if let embedder {
            let index = DocumentIndex(database: try AgentDatabase(path: workspace + "/hybrid/agent.sqlite"))
            let took = try await timed {
                report = try await Ingestion(index: index, embedder: embedder).run([files], removeVanished: false, now: { 0 })
            }
            var with: [String: Any] = ["embedder": embedder.model, "seconds": took, "chunks": report.chunks]
            with["files_per_s"] = Double(report.added) / took
            with["chunks_per_s"] = Double(report.chunks) / took
            with["embeddings_per_s"] = Double(report.embedded) / took
            result["with_embeddings"] = with
        }
        return result
    }

    static func timed(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
