import Foundation

/// What setup knows about an installed file without reading it: `<file>.sha256` holds
/// "sha256 size mtime inode", and while size, mtime and inode still match, the file is
/// trusted without hashing 1.1 GB again. The server's stamp has a second line, "recipe
/// <build flags>": a binary built with other flags is built again.
struct FileStamp: Equatable {
    /// The hash the file had when stamped.
    var sha256: String
    /// "size mtime inode" of the file when stamped.
    var meta: String
    /// The build recipe (the server only).
    var recipe: String?

    /// "size mtime inode" of the file at `path` (mtime in seconds with nine decimals), or
    /// nil when it does not exist.
    static func meta(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let nanos = String(info.st_mtim.tv_nsec)
        let padded = String(repeating: "0", count: max(0, 9 - nanos.count)) + nanos
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(padded) \(info.st_ino)"
    }

    /// The size of the file at `path`, or nil when it does not exist.
    static func size(of path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }

    /// The stamp next to `path`, or nil when there is none or it is unreadable.
    static func read(for path: String) -> FileStamp? {
        guard let text = try? String(contentsOfFile: path + ".sha256", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, let space = first.firstIndex(of: " ") else { return nil }
        let recipe = lines.count > 1 && lines[1].hasPrefix("recipe ") ? String(lines[1].dropFirst(7)) : nil
        return FileStamp(sha256: String(first[..<space]), meta: String(first[first.index(after: space)...]), recipe: recipe)
    }

    /// Writes the stamp of `file` (whose hash is `sha256`) to `<at>.sha256`, through a
    /// temporary file and a rename; `at` defaults to `file` (the server's binary is stamped
    /// at its final place while it is still staged: a rename keeps size, mtime and inode).
    static func write(for file: String, sha256: String, recipe: String? = nil, at final: String? = nil) throws(SetupError) {
        guard let meta = meta(of: file) else { throw SetupError("cannot stamp \(file): it does not exist") }
        let target = (final ?? file) + ".sha256"
        var text = "\(sha256) \(meta)\n"
        if let recipe { text += "recipe \(recipe)\n" }
        let staged = URL(fileURLWithPath: target).deletingLastPathComponent().path + "/" + Installer.temporaryPrefix + ".stamp.\(getpid())"
        do {
            try text.write(toFile: staged, atomically: false, encoding: .utf8)
            _ = chmod(staged, 0o644)
            guard rename(staged, target) == 0 else { throw SetupError("cannot write \(target): \(String(cString: strerror(errno)))") }
        } catch let error as SetupError {
            throw error
        } catch {
            throw SetupError("cannot write \(target): \(error.localizedDescription)")
        }
    }
}
