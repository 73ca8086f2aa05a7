import Foundation
import SandboxLauncher

/// What the sandbox's new root holds: the system read-only, a few device nodes, the
/// interpreter's prefix, and the scratch directory. Nothing else of the host (no home
/// directories, no /run with its sockets, no /etc/shadow) exists inside.
struct RootLayout {
    /// One entry of the root.
    struct Entry {
        var source: String
        var target: String
        var kind: sa_mount_kind
        var optional: Bool
    }

    /// Where the scratch directory appears.
    static let scratchInside = "/scratch"

    private(set) var entries: [Entry] = []

    /// The layout for `scratch` with `readOnlyPaths` bound at their own paths.
    init(scratch: String, readOnlyPaths: [String]) {
        let fm = FileManager.default
        for top in ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"] {
            // Merged-/usr systems have these as symbolic links: recreate them as such.
            if let link = try? fm.destinationOfSymbolicLink(atPath: top) {
                entries.append(Entry(source: link, target: top, kind: SA_MOUNT_SYMLINK, optional: false))
            } else if fm.fileExists(atPath: top) {
                entries.append(Entry(source: top, target: top, kind: SA_MOUNT_READONLY, optional: true))
            }
        }
        // What the dynamic loader, the locale and name lookups read; nothing with secrets.
        for file in ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf", "alternatives"] {
            entries.append(Entry(source: "/etc/" + file, target: "/etc/" + file, kind: SA_MOUNT_READONLY, optional: true))
        }
        for path in readOnlyPaths where !Self.covered(path) {
            entries.append(Entry(source: path, target: path, kind: SA_MOUNT_READONLY, optional: false))
        }
        for device in ["null", "zero", "full", "random", "urandom"] {
            entries.append(Entry(source: "/dev/" + device, target: "/dev/" + device, kind: SA_MOUNT_DEVICE, optional: true))
        }
        for (name, target) in [
            ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"),
        ] {
            entries.append(Entry(source: target, target: "/dev/" + name, kind: SA_MOUNT_SYMLINK, optional: false))
        }
        entries.append(Entry(source: scratch, target: Self.scratchInside, kind: SA_MOUNT_WRITABLE, optional: false))
    }

    /// Whether `path` is already inside a bound system directory.
    static func covered(_ path: String) -> Bool {
        path == "/usr" || path.hasPrefix("/usr/")
    }
}
