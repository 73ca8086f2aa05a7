// The sandbox's cost: `python3 -c pass` sandboxed against bare, and snippets per second.
//
// Usage: bench-sandbox startup [runs]           bare and sandboxed starts, interleaved
//        bench-sandbox throughput [snippets] [parallel]
//                                               short Python snippets, `parallel` at a time,
//                                               sandboxed and bare
// Bare runs use posix_spawn of the same interpreter binary and wait for it, the cheapest
// way to start a process. Prints one JSON object.
import Foundation
import Synchronization
import Tools

/// Measurements, as functions of the run's fixed inputs.
enum Bench {
    /// Seconds since an arbitrary start, monotonic.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Starts `arguments` with posix_spawn, output to /dev/null, and waits; the wall seconds.
    static func bare(_ arguments: [String]) -> Double {
        let started = now()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let variables: [String] = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        var status: Int32 = 0
        if rc == 0 { waitpid(pid, &status, 0) }
        posix_spawn_file_actions_destroy(&actions)
        for p in argv + envp { free(p) }
        return now() - started
    }

    /// One sandboxed run of the interpreter, blocking; the wall seconds as the caller sees them.
    static func sandboxed(_ code: String, python: Interpreter, scratch: String) -> Double {
        let request = SandboxRequest(
            program: python.path, arguments: ["-c", code], environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], scratch: scratch,
            readOnlyPaths: python.readOnlyPaths)
        let started = now()
        guard let result = try? Sandbox.runNow(request), result.termination == .exited(0), result.refused.isEmpty else {
            FileHandle.standardError.write(Data("bench-sandbox: a sandboxed run failed or lacked a layer\n".utf8))
            exit(1)
        }
        return now() - started
    }

    /// Runs `work` `count` times, `parallel` at a time on threads; the wall seconds in all.
    static func measure(count: Int, parallel: Int, _ work: @escaping @Sendable () -> Double) -> Double {
        let started = now()
        let next = Mutex(0)
        let group = DispatchGroup()
        for _ in 0..<parallel {
            group.enter()
            Thread {
                while next.withLock({ n -> Bool in
                    n += 1
                    return n <= count
                }) { _ = work() }
                group.leave()
            }.start()
        }
        group.wait()
        return now() - started
    }

    /// CPU seconds used so far by this thread and by every reaped descendant.
    static func cpu() -> Double {
        var mine = rusage(), children = rusage()
        getrusage(1, &mine)  // RUSAGE_THREAD, which Glibc does not export to Swift
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(mine.ru_utime) + seconds(mine.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    static func ms(_ seconds: Double) -> Double { (seconds * 10_000).rounded() / 10 }

    static func printJSON(_ object: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}

let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "startup"
let first = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) : nil
let second = CommandLine.arguments.count > 3 ? Int(CommandLine.arguments[3]) : nil
guard let python = CodeSandbox(environment: ProcessInfo.processInfo.environment).interpreters["python"] else {
    FileHandle.standardError.write(Data("bench-sandbox: no python3 on PATH\n".utf8))
    exit(1)
}
let scratch = NSTemporaryDirectory() + "bench-sandbox-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

switch mode {
case "startup":
    let runs = first ?? 100
    var plain: [Double] = [], boxed: [Double] = [], plainCPU: [Double] = [], boxedCPU: [Double] = []
    // Warm both paths once (page cache, the filter's one-time compilation).
    _ = Bench.bare([python.path, "-c", "pass"])
    _ = Bench.sandboxed("pass", python: python, scratch: scratch)
    for _ in 0..<runs {
        var before = Bench.cpu()
        plain.append(Bench.bare([python.path, "-c", "pass"]))
        plainCPU.append(Bench.cpu() - before)
        before = Bench.cpu()
        boxed.append(Bench.sandboxed("pass", python: python, scratch: scratch))
        boxedCPU.append(Bench.cpu() - before)
    }
    let p = Bench.percentile
    Bench.printJSON([
        "bench": "sandbox-startup", "runs": runs, "interpreter": python.path, "load_average": Bench.loadAverage(),
        "bare_ms": ["p10": Bench.ms(p(plain, 0.1)), "median": Bench.ms(p(plain, 0.5))],
        "sandboxed_ms": ["p10": Bench.ms(p(boxed, 0.1)), "median": Bench.ms(p(boxed, 0.5))],
        "added_ms": ["p10": Bench.ms(p(boxed, 0.1) - p(plain, 0.1)), "median": Bench.ms(p(boxed, 0.5) - p(plain, 0.5))],
        // CPU time does not wait for the other work on the machine: the steadier figure.
        "cpu_ms": [
            "bare_median": Bench.ms(p(plainCPU, 0.5)), "sandboxed_median": Bench.ms(p(boxedCPU, 0.5)),
            "added_median": Bench.ms(p(boxedCPU, 0.5) - p(plainCPU, 0.5)),
        ],
    ])
case "throughput":
    let snippets = first ?? 100
    let parallel = second ?? 4
    let snippet = "print(sum(i * i for i in range(10000)))"
    let path = python.path
    let bareSeconds = Bench.measure(count: snippets, parallel: parallel) { Bench.bare([path, "-c", snippet]) }
    let boxedSeconds = Bench.measure(count: snippets, parallel: parallel) { Bench.sandboxed(snippet, python: python, scratch: scratch) }
    Bench.printJSON([
        "bench": "sandbox-throughput", "snippets": snippets, "parallel": parallel, "load_average": Bench.loadAverage(),
        "bare_per_s": (Double(snippets) / bareSeconds * 10).rounded() / 10,
        "sandboxed_per_s": (Double(snippets) / boxedSeconds * 10).rounded() / 10,
    ])
default:
    FileHandle.standardError.write(Data("usage: bench-sandbox startup [runs] | throughput [snippets] [parallel]\n".utf8))
    exit(2)
}
