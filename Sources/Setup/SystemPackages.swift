import Foundation

/// The Debian packages the install runs: cmake, ninja-build and the compilers for the
/// build, python3 with pip for the downloads. Checked by command, so that tools installed
/// another way count; missing ones are installed with apt-get (through sudo when not root).
struct SystemPackages {
    let needsCompiler: Bool
    let log: String
    let say: @Sendable (String) -> Void

    /// Installs what is missing and returns the python that has pip.
    func ensure() async throws(SetupError) -> String {
        var missing: [String] = []
        if needsCompiler {
            for (command, package) in [("cmake", "cmake"), ("ninja", "ninja-build"), ("g++", "g++"), ("gcc", "gcc")]
            where ChildProcess.locate(command) == nil {
                missing.append(package)
            }
        }
        // Only `pip download` and `pip install --target` are used, which PEP 668 does not
        // restrict; nothing is installed into any Python.
        var python: String?
        for candidate in ["python3", "/usr/bin/python3"] where python == nil {
            if await ChildProcess.succeeds([candidate, "-m", "pip", "--version"]) { python = candidate }
        }
        if python == nil { missing.append("python3-pip") }
        guard !missing.isEmpty else { return python ?? "python3" }

        var sudo: [String] = []
        if getuid() != 0 {
            guard ChildProcess.locate("sudo") != nil else {
                throw SetupError("need root to install \(missing.joined(separator: " ")): run as root, install sudo, or install them first")
            }
            sudo = ["sudo"]
        }
        say("installing with apt-get: \(missing.joined(separator: " "))")
        // In the foreground: sudo may need the terminal to ask for a password.
        guard try await ChildProcess.run(sudo + ["apt-get", "update"], log: log, ownSession: false) == 0 else {
            throw SetupError.logged("apt-get update failed", log: log)
        }
        let install = sudo + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "--no-install-recommends"] + missing
        guard try await ChildProcess.run(install, log: log, ownSession: false) == 0 else {
            throw SetupError.logged("apt-get install \(missing.joined(separator: " ")) failed", log: log)
        }
        guard await ChildProcess.succeeds(["/usr/bin/python3", "-m", "pip", "--version"]) else {
            throw SetupError("/usr/bin/python3 -m pip does not work after installing python3-pip")
        }
        return python ?? "/usr/bin/python3"
    }
}
