import Foundation
import Glibc

/// Finds the files to index under the paths a user names: folders are walked in name
/// order, ignore files honoured, hidden entries (.git, .venv) skipped, symlinks followed
/// once (a link back into a folder already being walked is a loop, reported and skipped).
public struct DocumentWalker: Sendable {
    /// A file to index.
    public struct File: Sendable, Equatable {
        /// Its absolute, symlink-free path: the document's uri.
        public var path: String
        /// Its size in bytes.
        public var size: Int
        /// Its modification time, seconds since 1970.
        public var mtime: Double

        /// A file found at `path`.
        public init(path: String, size: Int, mtime: Double) {
            self.path = path
            self.size = size
            self.mtime = mtime
        }
    }

    /// Something that was not walked, with why, in one line.
    public struct Skipped: Sendable, Equatable {
        /// The path as found.
        public var path: String
        /// Why.
        public var reason: String
    }

    /// What a walk found.
    public struct Result: Sendable {
        /// Files to index, in walk order, each once.
        public var files: [File] = []
        /// Paths skipped, with reasons.
        public var skipped: [Skipped] = []
        /// The folders walked (absolute): documents under them that were not found vanished.
        public var roots: [String] = []
        /// Paths named that do not exist, absolute with `.` and `..` resolved (each is also
        /// in `skipped`): a sync removes what was indexed from them.
        public var missing: [String] = []
        /// The folders and files named that were walked, as real paths.
        public var named: [String] = []
    }

    /// No options yet: the walk's rules are fixed.
    public init() {}

    /// Walks `paths` (files or folders; relative to the current directory).
    public func walk(_ paths: [String]) -> Result {
        var result = Result()
        var seenFiles = Set<String>()
        for given in paths {
            let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
            guard let real = Self.realPath(absolute) else {
                let error = errno
                // Only a path that is not there is gone; an unreadable or unmounted one may
                // come back, and a sync must not drop what was indexed from it.
                guard error == ENOENT || error == ENOTDIR else {
                    result.skipped.append(Skipped(path: given, reason: String(cString: strerror(error))))
                    continue
                }
                result.skipped.append(Skipped(path: given, reason: "no such file or folder"))
                result.missing.append(URL(fileURLWithPath: absolute).standardizedFileURL.path)
                continue
            }
            var info = stat()
            guard stat(real, &info) == 0 else {
                result.skipped.append(Skipped(path: given, reason: String(cString: strerror(errno))))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                result.roots.append(real)
                result.named.append(real)
                var active = Set<String>()
                walkFolder(
                    real, relative: "", rules: rules(in: real, relative: "", inherited: IgnoreRules()), active: &active, seen: &seenFiles,
                    into: &result)
            } else if (info.st_mode & S_IFMT) != S_IFREG {
                // Reading a pipe could wait forever, and a device never ends.
                result.skipped.append(Skipped(path: given, reason: "not a regular file (a pipe, socket or device)"))
            } else if seenFiles.insert(real).inserted {
                result.named.append(real)
                result.files.append(File(path: real, size: Int(info.st_size), mtime: Self.seconds(info.st_mtim)))
            }
        }
        return result
    }

    private func walkFolder(
        _ folder: String, relative: String, rules: IgnoreRules, active: inout Set<String>, seen: inout Set<String>,
        into result: inout Result
    ) {
        active.insert(folder)
        defer { active.remove(folder) }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
            result.skipped.append(Skipped(path: folder, reason: "cannot read the folder: \((error as NSError).localizedDescription)"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var link = stat(), info = stat()
            guard lstat(path, &link) == 0 else { continue }
            let isLink = (link.st_mode & S_IFMT) == S_IFLNK
            guard stat(path, &info) == 0 else {
                result.skipped.append(Skipped(path: path, reason: isLink ? "broken symlink" : String(cString: strerror(errno))))
                continue
            }
            let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
            if rules.ignores(rel, isDirectory: isFolder) { continue }
            let real = isLink ? (Self.realPath(path) ?? path) : path
            if isFolder {
                if active.contains(real) {
                    result.skipped.append(Skipped(path: path, reason: "symlink loop back to \(real)"))
                    continue
                }
                walkFolder(
                    real, relative: rel, rules: self.rules(in: real, relative: rel, inherited: rules), active: &active, seen: &seen,
                    into: &result)
            } else if (info.st_mode & S_IFMT) == S_IFREG, seen.insert(real).inserted {
                result.files.append(File(path: real, size: Int(info.st_size), mtime: Self.seconds(info.st_mtim)))
            }
        }
    }

    private func rules(in folder: String, relative: String, inherited: IgnoreRules) -> IgnoreRules {
        var rules = inherited
        for name in IgnoreRules.fileNames {
            if let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) { rules.add(text, base: relative) }
        }
        return rules
    }

    /// `path` with symlinks, `.` and `..` resolved; nil when it cannot be (errno says why).
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func seconds(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
}
