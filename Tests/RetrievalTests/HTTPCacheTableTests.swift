import AgentCore
import Retrieval
import Testing

@Suite struct HTTPCacheTableTests {
    @Test func storesReplacesAndReadsBack() async throws {
        let table = HTTPCacheTable(database: try freshDatabase())
        #expect(try await table.response(forKey: "fetch_url GET https://example.org/") == nil)
        let first = CachedResponse(
            url: "https://example.org/", status: 200, headers: ["content-type": "text/html; charset=utf-8", "x-cut-at-bytes": "10"],
            body: [0, 1, 2, 255], fetchedAt: Instant(milliseconds: 1_795_000_000_123))
        try await table.store(first, forKey: "fetch_url GET https://example.org/")
        #expect(try await table.response(forKey: "fetch_url GET https://example.org/") == first)
        var second = first
        second.body = Array("new".utf8)
        second.headers = [:]
        try await table.store(second, forKey: "fetch_url GET https://example.org/")
        #expect(try await table.response(forKey: "fetch_url GET https://example.org/") == second)
        let count = try await table.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM http_cache") }
        #expect(count == 1)
    }
}
