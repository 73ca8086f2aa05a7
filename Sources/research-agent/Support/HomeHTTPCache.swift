import AgentCore
import Retrieval
import Synchronization

/// The home's http_cache table, opened on first use so runs that fetch nothing never open the database.
final class HomeHTTPCache: ResponseCache {
    private let path: String
    private let table = Mutex<HTTPCacheTable?>(nil)

    /// The cache in the database at `path` (memory/agent.sqlite).
    init(path: String) {
        self.path = path
    }

    func response(forKey key: String) async throws -> CachedResponse? {
        try await open().response(forKey: key)
    }

    func store(_ response: CachedResponse, forKey key: String) async throws {
        try await open().store(response, forKey: key)
    }

    private func open() throws -> HTTPCacheTable {
        try table.withLock { table in
            if let table { return table }
            let opened = HTTPCacheTable(database: try AgentDatabase(path: path))
            table = opened
            return opened
        }
    }
}
