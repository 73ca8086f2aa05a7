import AgentCore
import AgentTesting
import Foundation
import HTTP
@testable import Tools

/// Pages the fake providers know, with words the tests search for.
let searchPages = [
    FakeSearchResult(
        title: "HNSW graphs for vector search", url: "https://vectors.example/hnsw",
        snippet: "HNSW builds a layered graph so vector search visits few nodes.",
        pageText: "Hierarchical navigable small world graphs keep recall high at 10M vectors with M=16 and ef=200."),
    FakeSearchResult(
        title: "Product quantization explained", url: "https://vectors.example/pq",
        snippet: "Product quantization compresses each vector into a few bytes for search at scale.",
        pageText: "PQ splits a vector into sub-vectors and stores a codebook index for each."),
    FakeSearchResult(title: "Banana bread", url: "https://recipes.example/banana", snippet: "Three bananas, flour and sugar."),
]

/// Runs one web_search call with the tool's default limits and `timeout` seconds.
func webSearch(_ tool: WebSearchTool, _ query: String, k: Int? = nil, timeout: Double = 30, sources: SourceCatalog = SourceCatalog())
    async throws -> ToolOutput
{
    var arguments: JSONObject = ["query": .string(query)]
    if let k { arguments["k"] = .int(k) }
    var limits = WebSearchTool.manifest.limits
    limits.timeoutSeconds = timeout
    return try await tool.run(.object(arguments), context: ToolContext(runID: "r", step: 1, sources: sources, limits: limits))
}

/// A web_search tool over `api` with a short first backoff, so retried tests stay quick.
func liveTool(_ api: any SearchAPI, cache: (any ResponseCache)? = nil, mode: CacheMode = .off) -> WebSearchTool {
    WebSearchTool(
        engine: LiveSearch(
            api: api, cache: cache, cacheMode: mode, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100))))
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let (s, atto) = (ContinuousClock.now - start).components
    return Double(s) + Double(atto) / 1e18
}
