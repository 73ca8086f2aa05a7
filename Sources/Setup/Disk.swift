import Foundation

/// Free space, used space and free memory, for the checks before an install.
enum Disk {
    /// Bytes available to this user on the file system of `path`.
    static func available(at path: String) -> Int64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// The apparent size of everything under `path` (0 when it does not exist).
    static func usage(of path: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return FileStamp.size(of: path) ?? 0 }
        var total: Int64 = 0
        while let name = walker.nextObject() as? String {
            var info = stat()
            if lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { total += Int64(info.st_size) }
        }
        return total
    }

    /// MemAvailable from /proc/meminfo, in bytes.
    static func memoryAvailable() -> Int64 {
        let text = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int64($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
