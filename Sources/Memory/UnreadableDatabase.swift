import Foundation
import Retrieval

/// A home database that SQLite cannot read, set aside so that `memory rebuild` can start
/// afresh from the transcripts.
public enum UnreadableDatabase {
    /// Opens the database at `path`; when it is not a readable database, moves it (with its
    /// -wal and -shm files) to `<path>.corrupt`, replacing an earlier one.
    /// - Returns: where it was moved, or nil when it opened.
    /// - Throws: `IndexError` when it cannot be opened for another reason or cannot be moved.
    public static func setAside(_ path: String) throws(IndexError) -> String? {
        do {
            _ = try AgentDatabase(path: path)
            return nil
        } catch  where error.kind == .unreadableDatabase {
            let files = FileManager.default
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: path + suffix) {
                try? files.removeItem(atPath: path + ".corrupt" + suffix)
                do { try files.moveItem(atPath: path + suffix, toPath: path + ".corrupt" + suffix) } catch {
                    throw IndexError("cannot move \(path + suffix) aside: \(error.localizedDescription)")
                }
            }
            return path + ".corrupt"
        }
    }
}
