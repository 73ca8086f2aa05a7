import AgentCore
import ArgumentParser
import Foundation
import Logging
import Retrieval

/// Runs an ingestion with progress and prints its report.
func ingest(
    _ paths: [String], removeVanished: Bool, homeOptions: HomeOptions, embedderOptions: EmbedderOptions, logger: Logger,
    collection: String = DocumentIndex.userDocuments
) async throws {
    let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: embedderOptions, collection: collection, logger: logger)
    defer { setup.close() }
    var targets = paths
    if targets.isEmpty {
        // sync without paths: what was named before; an index from before roots were
        // recorded has none, and then the folders of everything indexed stand in.
        targets = (try? setup.index.roots()) ?? []
        if targets.isEmpty {
            let uris = (try? setup.index.documents().map(\.uri)) ?? []
            targets = Array(Set(uris.map { ($0 as NSString).deletingLastPathComponent })).sorted()
        }
        if targets.isEmpty { throw CLIError.usage("nothing is indexed yet; name files or folders, e.g. research-agent docs sync ~/notes") }
    }
    print(try await setup.ingest(targets, removeVanished: removeVanished))
}

extension DocsSetup {
    /// Indexes `paths` with progress on stderr, says on stderr what was skipped, and
    /// returns a one-line summary.
    func ingest(_ paths: [String], removeVanished: Bool) async throws(CLIError) -> String {
        if embedder == nil {
            StandardError.line("docs: no embedder configured; documents are indexed for BM25 search only")
        }
        let progress = IngestProgress()
        let report: Ingestion.Report
        do {
            report = try await Ingestion(index: index, embedder: embedder)
                .run(paths, removeVanished: removeVanished, now: { Date().timeIntervalSince1970 }, progress: progress.update)
        } catch { progress.finish(); throw .failure(error.message) }
        progress.finish()
        for line in report.problems { StandardError.line("docs: \(line)") }
        if let failure = report.embedderFailure {
            StandardError.line("docs: the embedder failed (\(failure)); later documents are indexed for BM25 only; rerun to embed them")
        }
        var summary = "\(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged"
        if removeVanished { summary += ", \(report.removed) removed" }
        return summary + "; \(report.chunks) chunks written, \(report.embedded) embedded; \(report.problems.count) skipped"
    }
}
