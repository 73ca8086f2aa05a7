import Foundation

/// Keeps `memory rebuild` apart from every other change to the memory tables, across
/// processes, by flock on a file beside the database. A rebuild reads the transcripts,
/// then replaces the tables in one transaction; a forget or a run's memory written between
/// the two would be undone by it. Every change takes the lock shared around its write,
/// and a rebuild takes it exclusive from its read to its commit, so a change either
/// reached its file before the rebuild read them or is applied after the rebuild.
struct RebuildLock {
    /// The lock file of the database at `databasePath`; nil for one that is not a file.
    static func path(for databasePath: String) -> String? {
        databasePath.hasPrefix("/") ? databasePath + ".rebuild-lock" : nil
    }

    /// Runs `body` holding the lock in `mode` (LOCK_SH or LOCK_EX), waiting for it; without
    /// a lock file (it cannot be opened), runs it unguarded.
    static func holding<T>(_ mode: Int32, databasePath: String, _ body: () async throws -> T) async rethrows -> T {
        guard let path = path(for: databasePath) else { return try await body() }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return try await body() }
        defer { close(fd) }
        while flock(fd, mode) != 0 && errno == EINTR {}
        return try await body()
    }
}
