import Foundation

/// How an installed file stands against its pins.
public enum InstallState: Sendable, Equatable {
    /// In place and matching (by its stamp, or by hashing it).
    case ok
    /// Not there.
    case missing
    /// There but wrong; the detail says how.
    case corrupt(String)
    /// Its stamp is stale and it was not hashed (the quick check).
    case unverified

    /// The word `--check` prints.
    public var word: String {
        switch self {
        case .ok: "ok"
        case .missing: "missing"
        case .corrupt: "corrupt"
        case .unverified: "unverified"
        }
    }

    /// Why it is corrupt, if it is.
    public var detail: String? {
        if case .corrupt(let detail) = self { return detail }
        return nil
    }
}

/// How checks treat a file whose stamp no longer matches.
enum CheckDepth {
    /// Report it unverified: a few stat calls for the fast path.
    case quick
    /// Hash it; do not write a stamp (`--check` changes nothing).
    case hash
    /// Hash it and stamp it when it matches (under the install lock).
    case hashAndStamp
}

extension InstallState {
    /// The state of the pinned file at `path`.
    static func of(file path: String, sha256 want: String, size wantSize: Int64, depth: CheckDepth) -> InstallState {
        guard let meta = FileStamp.meta(of: path) else { return .missing }
        if let stamp = FileStamp.read(for: path), stamp.sha256 == want, stamp.meta == meta { return .ok }
        let size = FileStamp.size(of: path) ?? -1
        guard size == wantSize else { return .corrupt("size \(size), expected \(wantSize)") }
        if depth == .quick { return .unverified }
        guard let actual = try? FileDigest.sha256(of: path) else { return .corrupt("unreadable") }
        guard actual == want else { return .corrupt("sha256 \(actual), expected \(want)") }
        if depth == .hashAndStamp { try? FileStamp.write(for: path, sha256: want) }
        return .ok
    }

    /// The state of the server binary. It is built here for this CPU, so no hash can be
    /// pinned: its stamp, written once it passed the smoke test, records the hash it had
    /// and the flags it was built with.
    static func of(server path: String, recipe: String, depth: CheckDepth) -> InstallState {
        guard let meta = FileStamp.meta(of: path) else { return .missing }
        guard FileManager.default.isExecutableFile(atPath: path) else { return .corrupt("not executable") }
        // The stamp is in place before the binary, so a binary without one was not
        // installed by setup and has not passed its smoke test.
        guard let stamp = FileStamp.read(for: path) else { return .corrupt("no stamp \(path).sha256: not installed by setup") }
        guard stamp.recipe == recipe else { return .corrupt("built with other flags than setup uses") }
        if stamp.meta == meta { return .ok }
        if depth == .quick { return .unverified }
        guard let actual = try? FileDigest.sha256(of: path) else { return .corrupt("unreadable") }
        guard actual == stamp.sha256 else {
            return .corrupt("sha256 \(actual), expected \(stamp.sha256) (recorded when it was installed)")
        }
        if depth == .hashAndStamp { try? FileStamp.write(for: path, sha256: actual, recipe: recipe) }
        return .ok
    }
}
