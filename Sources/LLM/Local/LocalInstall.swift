import Foundation
import InstallPins

/// Where setup puts the offline default, inside the machine-wide cache (never in a
/// repository or a home): the llama.cpp server and the model files.
public struct LocalInstall: Sendable, Equatable {
    /// The cache directory.
    public var cache: String

    /// The llama.cpp release the server is built from.
    public static let llamaVersion = Pins.llamaCpp.version
    /// The default chat model's name (its file is `<name>.gguf` under models/).
    public static let defaultModel = modelName(Pins.defaultModel)
    /// The small model tests use.
    public static let testModel = modelName(Pins.testModel)
    /// The embedding model's name.
    public static let embeddingModel = modelName(Pins.embedModel)

    private static func modelName(_ pin: Pins.InstalledFile) -> String { String(pin.file.dropLast(".gguf".count)) }

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

    /// Where the offline search corpus and its index live.
    public var corpusDirectory: String { cache + "/corpora/wikipedia" }

    /// The corpus's summaries file, as setup installs it.
    public var corpusFile: String { corpusDirectory + "/" + Pins.corpus.file }

    /// The GGUF file of a model by name.
    public func modelFile(_ name: String) -> String { "\(cache)/models/\(name).gguf" }

    /// Whether the server and `model` are both in place.
    public func has(model: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: server) && FileManager.default.fileExists(atPath: modelFile(model))
    }
}
