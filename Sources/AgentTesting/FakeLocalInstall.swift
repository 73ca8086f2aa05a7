import Foundation

/// A model cache laid out as setup leaves it, with a small stand-in for llama-server
/// (fake-llama-server.py) so lifecycle tests run without building llama.cpp.
public enum FakeLocalInstall {
    /// The default chat model's file name, as setup installs it.
    public static let defaultModelFile = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

    /// Creates a fresh cache directory holding the stand-in server and an empty model file.
    public static func make() throws -> String {
        let cache = TestDirectory.path("cache")
        let bin = cache + "/llama.cpp/0.3.36/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cache + "/models", withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fake-llama-server.py").path
        try FileManager.default.createSymbolicLink(atPath: bin + "/llama-server", withDestinationPath: script)
        _ = FileManager.default.createFile(atPath: cache + "/models/" + defaultModelFile, contents: Data("GGUF".utf8))
        return cache
    }

    /// The pid of the server a run in `cache` started, from its pid file.
    public static func serverPID(cache: String) -> Int32? {
        let run = cache + "/run"
        guard let file = (try? FileManager.default.contentsOfDirectory(atPath: run))?.first(where: { $0.hasSuffix(".pid") }),
            let text = try? String(contentsOfFile: run + "/" + file, encoding: .utf8)
        else { return nil }
        return text.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Whether `pid` runs (a zombie does not count).
    public static func alive(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return kill(pid, 0) == 0 && !stat.contains(") Z ")
    }
}
