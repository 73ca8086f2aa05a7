import Foundation

/// Where setup puts the offline default, inside the machine-wide cache (never in a
/// repository or a home): the llama.cpp server and the model files.
public struct LocalInstall: Sendable, Equatable {
    /// The cache directory.
    public var cache: String

    /// The llama.cpp release the server is built from (pinned in scripts/local-model.env).
    public static let llamaVersion = "0.3.36"
    /// The default chat model's name (its file is `<name>.gguf` under models/).
    public static let defaultModel = "qwen2.5-coder-1.5b-instruct-q4_k_m"
    /// The small model tests use.
    public static let testModel = "smollm2-135m-instruct-q4_1"
    /// The embedding model's name.
    public static let embeddingModel = "all-minilm-l6-v2-f16"

    /// The cache of `$RESEARCH_AGENT_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/research-agent`.
    public init(environment: [String: String]) {
        if let dir = environment["RESEARCH_AGENT_CACHE"], !dir.isEmpty {
            cache = dir
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.cache"
            cache = base + "/research-agent"
        }
    }

    /// The server binary.
    public var server: String { "\(cache)/llama.cpp/\(Self.llamaVersion)/bin/llama-server" }

    /// The GGUF file of a model by name.
    public func modelFile(_ name: String) -> String { "\(cache)/models/\(name).gguf" }

    /// Whether the server and `model` are both in place.
    public func has(model: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: server) && FileManager.default.fileExists(atPath: modelFile(model))
    }
}
