import Foundation
import LLM

/// Where a user's data lives: memory/, transcripts/, config.toml and tools/ overrides.
///
/// `--home DIR` wins; otherwise the current directory when it holds memory/ and
/// transcripts/ (the repository is a valid home), else ~/.research-agent.
struct Home {
    /// The home's path.
    var path: String

    /// Resolves the home from `--home` and the environment.
    static func resolve(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Home {
        if let flag, !flag.isEmpty { return Home(path: absolute(flag)) }
        let cwd = FileManager.default.currentDirectoryPath
        let fm = FileManager.default
        if fm.fileExists(atPath: cwd + "/memory") && fm.fileExists(atPath: cwd + "/transcripts") { return Home(path: cwd) }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return Home(path: user + "/.research-agent")
    }

    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath + "/" + expanded) as NSString).standardizingPath
    }

    var transcripts: String { path + "/transcripts" }
    var memory: String { path + "/memory" }
    var configFile: String { path + "/config.toml" }
    var toolsDirectory: String { path + "/tools" }

    /// Creates the home's folders; says in one line why when it cannot.
    func prepare() throws(CLIError) {
        for dir in [path, transcripts, memory] {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw .failure("cannot create \(dir): \(error.fileReason); pick another home with --home DIR")
            }
        }
        guard FileManager.default.isWritableFile(atPath: transcripts) else {
            throw .failure("\(transcripts) is not writable; pick another home with --home DIR")
        }
    }

    /// The machine-wide cache (local model server, model files, offline corpora).
    static func cache(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        absolute(LocalInstall(environment: environment).cache)
    }
}
