import Foundation
import HTTP
import InstallPins
import LLM
import Logging

/// Builds llama-server from the pinned source with cmake, smoke-tests it on a model and
/// installs it with its stamp.
struct ServerBuild {
    let installer: Installer
    let work: WorkDirectory

    /// No network code (nothing to fetch at run time), one static binary, only the server
    /// target. The build uses -march=native; the -mno-amx-* flags take AMX back out (they
    /// win over -march in any order): on CPUs with AMX, ggml's AMX matmul segfaults at the
    /// first decode (ldtilecfg on an invalid tile config, llama.cpp issue 20824 / PR 26954),
    /// seen on a Xeon with amx_int8.
    static let configureFlags: [String] = {
        let noAMX = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
        return [
            "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release", "-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF", "-DLLAMA_BUILD_TESTS=OFF",
            "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_BUILD_SERVER=ON", "-DBUILD_SHARED_LIBS=OFF", "-DCMAKE_C_FLAGS=\(noAMX)",
            "-DCMAKE_CXX_FLAGS=\(noAMX)",
        ]
    }()

    /// Recorded in the server's stamp and the build tree: a binary or tree made with other
    /// flags is made again.
    static let recipe = "cmake " + configureFlags.joined(separator: " ") + " --target llama-server"

    /// Two jobs: about 330 MB per compiler, and bigger machines stay usable for others.
    static let jobs = 2

    private var log: String { work.log }

    func run() async throws(SetupError) {
        let files = FileManager.default
        let source = installer.sourceDirectory, build = installer.buildDirectory
        let archive = installer.downloads + "/" + Pins.llamaCpp.source.file
        if !files.fileExists(atPath: source) { try await unpack(archive, into: source) }
        // build.ninja is written last by cmake's configure step: without it the configure
        // did not finish, and a tree configured with other flags must not be reused; either
        // way the build tree starts afresh. With it, ninja resumes where it stopped.
        let recorded = try? String(contentsOfFile: build + "/setup.recipe", encoding: .utf8)
        if !files.fileExists(atPath: build + "/build.ninja") || recorded != Self.recipe {
            try? files.removeItem(atPath: build)
            guard try await ChildProcess.run(["cmake", "-S", source, "-B", build] + Self.configureFlags, log: log, environment: env) == 0
            else {
                throw SetupError.logged("cmake configure failed", log: log)
            }
            try? Self.recipe.write(toFile: build + "/setup.recipe", atomically: true, encoding: .utf8)
        }
        let built = try await ChildProcess.run(
            ["cmake", "--build", build, "--target", "llama-server", "-j", String(Self.jobs)], log: log, environment: env)
        guard built == 0 else { throw SetupError.logged("building llama-server failed", log: log) }

        let final = installer.install.server
        let staged = URL(fileURLWithPath: final).deletingLastPathComponent().path + "/\(Installer.temporaryPrefix).llama-server.\(getpid())"
        SetupInterrupts.shared.temporary(staged)
        try? files.removeItem(atPath: staged)
        do { try files.copyItem(atPath: build + "/bin/llama-server", toPath: staged) } catch {
            throw SetupError("cannot copy the built llama-server: \(error.localizedDescription)")
        }
        _ = chmod(staged, 0o755)
        try await smokeTest(staged)
        // Stamp first: a binary at the final path without a stamp is treated as foreign.
        try FileStamp.write(for: staged, sha256: try FileDigest.sha256(of: staged), recipe: Self.recipe, at: final)
        guard rename(staged, final) == 0 else { throw SetupError("cannot move \(staged) to \(final): \(String(cString: strerror(errno)))") }
        // The source, build tree and archive (about 450 MB) are only needed to build again.
        for path in [source, build, archive] { try? files.removeItem(atPath: path) }
    }

    private var env: [String: String] { ["TMPDIR": work.path] }

    /// Checks the archive against its pin and unpacks llama.cpp's directory from it.
    private func unpack(_ archive: String, into source: String) async throws(SetupError) {
        let actual = try FileDigest.sha256(of: archive)
        guard actual == Pins.llamaCpp.sourceSHA256 else {
            try? FileManager.default.removeItem(atPath: archive)
            throw SetupError(
                "sha256 mismatch: \(archive): expected \(Pins.llamaCpp.sourceSHA256), actual \(actual); deleted it, rerun to fetch it again"
            )
        }
        let inside = Pins.llamaCpp.source.member
        let target = try WorkDirectory.makeTemporary(directory: installer.llamaDirectory, prefix: Installer.temporaryPrefix + ".src")
        SetupInterrupts.shared.temporary(target)
        let depth = inside.split(separator: "/").count
        guard try await ChildProcess.run(["tar", "-xzf", archive, "-C", target, "--strip-components=\(depth)", inside], log: log) == 0
        else {
            throw SetupError.logged("could not unpack \(archive)", log: log)
        }
        guard FileManager.default.fileExists(atPath: target + "/CMakeLists.txt") else {
            throw SetupError("\(archive) has no \(inside)/CMakeLists.txt")
        }
        guard rename(target, source) == 0 else {
            throw SetupError("cannot move \(target) to \(source): \(String(cString: strerror(errno)))")
        }
    }

    /// Starts the staged binary as research-agent starts it, on the smallest chat model
    /// selected (else the embedder), and asks it one thing.
    private func smokeTest(_ binary: String) async throws(SetupError) {
        let install = installer.install
        let chat = [SetupComponent.testModel, .defaultModel].first(where: installer.components.contains)
        let model = (chat ?? .embedModel).path(in: install)
        let client = HTTPClient(userAgent: "research-agent-setup")
        let server = LocalServer(
            launch: .init(binary: binary, model: model, contextTokens: 512, embedding: chat == nil, stateDirectory: work.path),
            client: client, logger: Logger(label: "setup"))
        defer { server.stop() }
        let fail = { (reason: String) in
            SetupError(
                "the built llama-server failed its smoke test with \(model) (the build tree is kept in \(installer.buildDirectory)): \(reason)"
            )
        }
        do {
            let base = try await server.baseURL(startupTimeout: .seconds(180))
            let (path, body) =
                chat == nil
                ? ("/v1/embeddings", #"{"input":"Say OK."}"#)
                : ("/v1/chat/completions", #"{"messages":[{"role":"user","content":"Say OK."}],"max_tokens":4}"#)
            let response = try await client.send(
                HTTPRequest(
                    method: "POST", url: base + path, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                    body: Array(body.utf8), totalTimeout: .seconds(120)))
            let text = String(decoding: response.body, as: UTF8.self)
            guard response.head.status == 200 else { throw fail("HTTP \(response.head.status): \(text.prefix(200))") }
            SetupLog.append("smoke test reply: \(text.prefix(300))", to: log)
        } catch let error as SetupError {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}
