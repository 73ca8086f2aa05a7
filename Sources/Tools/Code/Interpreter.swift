import Foundation

/// A language run_code can run, resolved to a real executable and what it needs bound.
public struct Interpreter: Sendable, Hashable {
    /// The language's name as the tool takes it.
    public var language: String
    /// The executable's real path (the same inside the sandbox).
    public var path: String
    /// Arguments before the code: the code follows them as one argument.
    public var leadingArguments: [String]
    /// Directories outside /usr the interpreter needs, bound read-only.
    public var readOnlyPaths: [String]
    /// Directories put first on the program's PATH.
    public var binDirectories: [String]

    /// The POSIX shell.
    public static let shell = Interpreter(language: "sh", path: "/bin/sh", leadingArguments: ["-c"], readOnlyPaths: [], binDirectories: [])

    /// The `python3` on `PATH`, resolved past shims (pyenv's `python3` is a shell script
    /// that fails in a new root) to the real binary and its installation prefix.
    /// - Throws: `SandboxError` naming what is missing.
    public static func python(environment: [String: String]) throws(SandboxError) -> Interpreter {
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let fm = FileManager.default
        guard let found = searchPath.split(separator: ":").map({ "\($0)/python3" }).first(where: { fm.isExecutableFile(atPath: $0) }) else {
            throw SandboxError("no python3 on PATH; install Python 3 or use language \"sh\"")
        }
        var executable = URL(fileURLWithPath: found).resolvingSymlinksInPath().path
        var prefix = URL(fileURLWithPath: executable).deletingLastPathComponent().deletingLastPathComponent().path
        if isScript(executable) {
            // Ask the shim which binary it runs; this runs the user's own Python, outside
            // the sandbox, with no code from the model.
            let answer = try ask(found, environment: environment)
            executable = URL(fileURLWithPath: answer.executable).resolvingSymlinksInPath().path
            prefix = answer.prefix
        }
        let extra = RootLayout.covered(prefix) ? [] : [prefix]
        return Interpreter(
            language: "python", path: executable, leadingArguments: ["-c"], readOnlyPaths: extra, binDirectories: [prefix + "/bin"])
    }

    /// Whether the file starts with `#!`.
    private static func isScript(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 2)) == Data("#!".utf8)
    }

    private static func ask(_ shim: String, environment: [String: String]) throws(SandboxError) -> (executable: String, prefix: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shim)
        process.arguments = ["-c", "import sys; print(sys.executable); print(sys.base_prefix)"]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw SandboxError("cannot run \(shim): \(error.localizedDescription)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard process.terminationStatus == 0, lines.count >= 2 else {
            throw SandboxError("\(shim) did not say where its interpreter is; put a real python3 first on PATH")
        }
        return (lines[0], lines[1])
    }
}
