import Foundation
import InstallPins
import LLM

/// A part of the offline default that `setup --models` names. llama-server comes with any
/// model; the corpus is a data file and needs no server.
public enum SetupComponent: String, CaseIterable, Sendable {
    /// Qwen2.5-Coder-1.5B, the default chat model.
    case defaultModel = "default"
    /// SmolLM2-135M, the small model tests use.
    case testModel = "test"
    /// all-MiniLM-L6-v2, the embedder.
    case embedModel = "embed"
    /// The offline search corpus.
    case corpus

    /// What setup installs when no list is given.
    public static let standard: [SetupComponent] = [.defaultModel, .embedModel, .corpus]

    /// The name `--check` reports it under.
    public var label: String {
        switch self {
        case .defaultModel: "model-default"
        case .testModel: "model-test"
        case .embedModel: "model-embed"
        case .corpus: "corpus"
        }
    }

    /// The variable its path is printed as.
    public var variable: String {
        switch self {
        case .defaultModel: "MODEL_DEFAULT"
        case .testModel: "MODEL_TEST"
        case .embedModel: "MODEL_EMBED"
        case .corpus: "CORPUS"
        }
    }

    /// Its pins.
    public var pinned: Pins.InstalledFile {
        switch self {
        case .defaultModel: Pins.defaultModel
        case .testModel: Pins.testModel
        case .embedModel: Pins.embedModel
        case .corpus: Pins.corpus
        }
    }

    /// Whether it runs on llama-server.
    public var needsServer: Bool { self != .corpus }

    /// Where it is installed.
    public func path(in install: LocalInstall) -> String {
        self == .corpus ? install.corpusFile : install.cache + "/models/" + pinned.file
    }

    /// The components of a comma-separated list such as "default,embed".
    /// - Throws: `SetupError` naming an unknown entry, or an empty list.
    public static func list(_ text: String) throws(SetupError) -> [SetupComponent] {
        let names = text.split(separator: ",", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = allCases.map(\.rawValue).joined(separator: ", ")
        var chosen: [SetupComponent] = []
        for name in names {
            guard let component = SetupComponent(rawValue: name) else {
                throw SetupError("--models: unknown model '\(name)'; expected a comma-separated list of \(expected)", kind: .usage)
            }
            if !chosen.contains(component) { chosen.append(component) }
        }
        guard !chosen.isEmpty else { throw SetupError("--models: name at least one of \(expected)", kind: .usage) }
        return allCases.filter(chosen.contains)
    }
}
