import Foundation
import HTTP
import LLM
import Logging

/// Where tests find the real local model that setup installed, and whether they must.
///
/// scripts/test.sh installs the server and the small test models first, so these tests
/// run wherever the README's test command runs. A developer who has not run setup can set
/// RESEARCH_AGENT_TESTS_WITHOUT_LOCAL_MODEL=1 to skip them; otherwise a missing install is
/// a failure, not a silent skip.
public enum RealLocalModel {
    /// The cache setup installs into, as the program resolves it.
    public static var install: LocalInstall { LocalInstall(environment: ProcessInfo.processInfo.environment) }

    /// The cache's path.
    public static var cache: String { install.cache }

    /// False when the developer asked to skip tests that need the real local model.
    public static var required: Bool {
        ProcessInfo.processInfo.environment["RESEARCH_AGENT_TESTS_WITHOUT_LOCAL_MODEL"] != "1"
    }

    /// The path of an installed model file, or a message saying how to install it.
    public static func model(_ name: String) -> Result<String, SetupMissing> {
        guard install.has(model: name) else {
            return .failure(
                SetupMissing(
                    message: "\(install.modelFile(name)) or \(install.server) is missing: run research-agent setup --models test"))
        }
        return .success(install.modelFile(name))
    }

    /// The installed embedding model on its own local server, started on first use; the
    /// caller stops it.
    /// - Throws: `SetupMissing` when setup has not installed it.
    public static func embedder() throws -> LocalEmbedder {
        _ = try model(LocalInstall.embeddingModel).get()
        let environment = ["RESEARCH_AGENT_CACHE": cache]
        let choice = try EmbedderChoice.choose(embedder: "local", model: nil, environment: environment)
        guard
            let made = choice.makeEmbedder(client: HTTPClient(userAgent: "tests"), logger: Logger(label: "tests"), environment: environment)
                as? LocalEmbedder
        else {
            throw SetupMissing(message: "the local embedder could not be made from \(cache)")
        }
        return made
    }

    /// The local model is not installed.
    public struct SetupMissing: Error, CustomStringConvertible {
        /// What to run.
        public var message: String
        /// The message.
        public var description: String { message }
    }
}
