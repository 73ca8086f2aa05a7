import AgentCore
import Foundation

/// A sandboxed run told to the model: how it ended, which limit stopped it and what to
/// do about it, then the output of each stream within the observation's budget.
struct CodeReport {
    let result: SandboxResult
    let limits: SandboxLimits
    /// The longest wall clock this call could have asked for (`RunCodeTool.longestWall`).
    let longestWall: Double
    /// Bytes the whole text may take.
    let budget: Int
    let strict: Bool

    var text: String {
        var lines = [status]
        if let advice { lines.append(advice) }
        // Each stream gets its share of the budget; stderr matters most when things failed.
        let share = max(256, (budget - 600) / 2)
        lines.append(section("stdout", result.stdout, total: result.stdoutTotal, share: share))
        lines.append(section("stderr", result.stderr, total: result.stderrTotal, share: share))
        return lines.joined(separator: "\n")
    }

    private var status: String {
        let times = "wall \(Self.seconds(result.wallSeconds)), CPU \(Self.seconds(result.cpuSeconds))"
        switch result.termination {
        case .exited(let code): return "exit status \(code) (\(times))"
        case .signaled(let signal): return "killed by signal \(signal) (\(Self.signalName(signal))) (\(times))"
        case .notStarted(let step, let reason):
            if strict { return "not run: the sandbox is incomplete on this machine (\(step): \(reason)) and --sandbox strict is set" }
            return "not run: the sandbox could not start the program (\(step): \(reason))"
        }
    }

    /// Which limit stopped the program and what the model can change.
    private var advice: String? {
        switch result.limit {
        case .wall?:
            if limits.wallSeconds >= RunCodeTool.maxWallSeconds {
                "stopped: the wall-clock limit of \(Self.seconds(limits.wallSeconds)), the longest a call may run, was reached. Do less work per call."
            } else if limits.wallSeconds >= longestWall {
                "stopped: the wall-clock limit of \(Self.seconds(limits.wallSeconds)), all the time this call could have (the run's time left or the tool's timeout), was reached. Do less work per call."
            } else {
                "stopped: the wall-clock limit of \(Self.seconds(limits.wallSeconds)) was reached. Do less work per call, or pass a larger timeout_s."
            }
        case .cpu?: "stopped: the CPU limit of \(limits.cpuSeconds) s was used up. Use a faster algorithm or less data."
        case .memory?:
            "the program ran out of memory (limit \(Self.size(limits.memoryBytes))). Process the data in pieces or use smaller structures."
        case .processes?: "the program hit the limit of \(limits.processes) processes. Start fewer processes or threads."
        case .fileSize?: "a file reached the file-size limit of \(Self.size(limits.fileBytes)). Write less, or write summaries."
        case .output?:
            "stopped: the program printed more than \(Self.size(limits.outputBytes * 8)). Print a summary; write bulk data to a file in /scratch."
        case .cancelled?: "stopped: the run was cancelled."
        case nil: nil
        }
    }

    private func section(_ name: String, _ text: String, total: Int, share: Int) -> String {
        if total == 0 { return "\(name): (empty)" }
        var shown = text
        if shown.utf8.count > share {
            shown = String(decoding: Array(shown.utf8.prefix(share)), as: UTF8.self)
            if shown.last == "\u{FFFD}" { shown.removeLast() }
        }
        var out = "\(name):\n\(shown)"
        if shown.utf8.count < total {
            if !out.hasSuffix("\n") { out += "\n" }
            out += "[\(name) cut: \(shown.utf8.count) of \(total) bytes shown]"
        }
        return out
    }

    /// A size in whole MiB, or KiB below one MiB (a limit of 0 MiB reads as a bug).
    static func size(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB" }

    static func seconds(_ value: Double) -> String { String(format: value < 10 ? "%.2f s" : "%.1f s", value) }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: "SIGKILL"
        case SIGXCPU: "SIGXCPU: CPU limit"
        case SIGXFSZ: "SIGXFSZ: file-size limit"
        case SIGSYS: "SIGSYS: forbidden system call"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGTERM: "SIGTERM"
        default: "signal"
        }
    }
}
