import AgentCore
import Synchronization

/// A response cache in memory, for tests of tools that use the http cache.
public final class MemoryResponseCache: ResponseCache {
    private let entries = Mutex<[String: CachedResponse]>([:])

    /// An empty cache, or one holding `entries`.
    public init(_ entries: [String: CachedResponse] = [:]) {
        self.entries.withLock { $0 = entries }
    }

    /// Every entry, by key.
    public var all: [String: CachedResponse] { entries.withLock { $0 } }

    /// The entry stored under `key`, if any.
    public func response(forKey key: String) async throws -> CachedResponse? {
        entries.withLock { $0[key] }
    }

    /// Keeps `response` under `key`.
    public func store(_ response: CachedResponse, forKey key: String) async throws {
        entries.withLock { $0[key] = response }
    }
}
