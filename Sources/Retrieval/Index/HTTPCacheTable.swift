import Foundation
import AgentCore
import GRDB

/// The http_cache table: web responses kept so evaluation runs can be repeated offline.
public struct HTTPCacheTable: ResponseCache {
    /// The database holding the table.
    public let database: AgentDatabase

    /// The table in `database` (created by its migrations).
    public init(database: AgentDatabase) {
        self.database = database
    }

    /// Adds the table; called from `AgentDatabase.migrator` in migration order.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-http-cache") { db in
            try db.execute(
                sql: """
                    CREATE TABLE http_cache (
                        key TEXT PRIMARY KEY,
                        url TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        headers TEXT NOT NULL,
                        body BLOB NOT NULL,
                        fetched_at INTEGER NOT NULL);
                    """)
        }
    }

    /// The row stored under `key`, if any.
    public func response(forKey key: String) async throws -> CachedResponse? {
        try await database.pool.read { db -> CachedResponse? in
            let sql = "SELECT url, status, headers, body, fetched_at FROM http_cache WHERE key = ?"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [key]) else { return nil }
            let headerText: String = row["headers"]
            var headers: [String: String] = [:]
            if let object = try? JSONValue.parse(headerText).objectValue {
                for (name, value) in object { if let text = value.stringValue { headers[name] = text } }
            }
            let body: [UInt8] = (row["body"] as Data?).map { Array($0) } ?? []
            return CachedResponse(
                url: row["url"], status: row["status"], headers: headers, body: body,
                fetchedAt: Instant(milliseconds: row["fetched_at"]))
        }
    }

    /// Writes the row for `key`, replacing any there.
    public func store(_ response: CachedResponse, forKey key: String) async throws {
        var headers = JSONObject()
        for name in response.headers.keys.sorted() { headers[name] = .string(response.headers[name] ?? "") }
        let headerText = JSONValue.object(headers).canonicalText
        try await database.pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO http_cache (key, url, status, headers, body, fetched_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key, response.url, response.status, headerText, Data(response.body), response.fetchedAt.milliseconds])
        }
    }
}
