import Foundation
import SandboxLauncher

/// Runs untrusted programs under every isolation layer the kernel grants.
///
/// The work happens in the C target `SandboxLauncher`: it forks, applies the layers in
/// the child and waits for the tree, all on a thread of its own. That thread lives exactly
/// as long as the run, which the children's parent-death signal relies on, and it keeps
/// the blocking wait off the concurrency pool.
public struct Sandbox: Sendable {
    /// The uid and gid the program runs as when the caller is root (nobody).
    public static let unprivilegedID: UInt32 = 65534

    /// A sandbox.
    public init() {}

    /// Runs `request` to its end, a limit, or the task's cancellation.
    /// - Throws: `SandboxError` when the run could not be set up at all (no pipes, no fork).
    public func run(_ request: SandboxRequest) async throws(SandboxError) -> SandboxResult {
        var cancel: [Int32] = [-1, -1]
        let piped = sa_cancel_pipe(&cancel)
        guard piped == 0 else { throw SandboxError("cannot create a pipe: \(String(cString: strerror(piped)))") }
        defer {
            close(cancel[0])
            close(cancel[1])
        }
        if geteuid() == 0 {
            // The program runs as nobody, and the scratch dir is its only writable place.
            _ = chown(request.scratch, Self.unprivilegedID, Self.unprivilegedID)
        }
        let readEnd = cancel[0], writeEnd = cancel[1]
        let outcome: Result<SandboxResult, SandboxError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: Self.runBlocking(request, cancelFD: readEnd)) }.start()
            }
        } onCancel: {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
        return try outcome.get()
    }

    /// Runs `request` on the calling thread, which stays blocked until the run ends.
    public static func runNow(_ request: SandboxRequest) throws(SandboxError) -> SandboxResult {
        if geteuid() == 0 { _ = chown(request.scratch, unprivilegedID, unprivilegedID) }
        return try runBlocking(request, cancelFD: -1).get()
    }

    /// The blocking part, on the run's own thread.
    private static func runBlocking(_ request: SandboxRequest, cancelFD: Int32) -> Result<SandboxResult, SandboxError> {
        let strings = CStringStore()
        defer { strings.release() }
        let layout = RootLayout(scratch: request.scratch, readOnlyPaths: request.readOnlyPaths)
        let mounts = layout.entries.map {
            sa_mount(source: strings.add($0.source), target: strings.add($0.target), kind: $0.kind, optional: $0.optional ? 1 : 0)
        }
        let argv = strings.vector([request.program] + request.arguments)
        let envp = strings.vector(request.environment.keys.sorted().map { "\($0)=\(request.environment[$0] ?? "")" })
        let limits = request.limits
        var result = sa_result()
        let rc: Int32 = mounts.withUnsafeBufferPointer { mountBuffer in
            request.stdin.withUnsafeBufferPointer { input in
                argv.withUnsafeBufferPointer { args in
                    envp.withUnsafeBufferPointer { env in
                        var spec = sa_spec()
                        spec.program = UnsafePointer(strings.add(request.program))
                        spec.argv = args.baseAddress
                        spec.envp = env.baseAddress
                        spec.scratch = UnsafePointer(strings.add(request.scratch))
                        spec.scratch_inside = UnsafePointer(strings.add(RootLayout.scratchInside))
                        spec.mounts = mountBuffer.baseAddress
                        spec.mount_count = Int32(mountBuffer.count)
                        spec.stdin_data = input.baseAddress
                        spec.stdin_length = input.count
                        spec.limits = sa_limits(
                            wall_seconds: limits.wallSeconds, cpu_seconds: limits.cpuSeconds, memory_bytes: limits.memoryBytes,
                            processes: limits.processes, file_bytes: limits.fileBytes, open_files: limits.openFiles,
                            output_bytes: limits.outputBytes, output_kill_bytes: limits.outputBytes * 8)
                        spec.strict = request.strict ? 1 : 0
                        spec.cancel_fd = cancelFD
                        spec.unprivileged_id = unprivilegedID
                        return sa_run(&spec, &result)
                    }
                }
            }
        }
        guard rc == 0 else { return .failure(SandboxError("cannot start the sandbox: \(String(cString: strerror(rc)))")) }
        defer { sa_result_free(&result) }
        return .success(SandboxResult(result, limits: limits))
    }
}

/// The sandbox could not be set up at all; refused layers are reported in the result instead.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// C strings that must outlive a call into C: duplicated once, released together.
private final class CStringStore {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    /// A copy of `text` that lives until `release()`.
    func add(_ text: String) -> UnsafeMutablePointer<CChar>? {
        guard let copy = strdup(text) else { return nil }
        pointers.append(copy)
        return copy
    }

    /// A NULL-terminated vector of copies.
    func vector(_ texts: [String]) -> [UnsafePointer<CChar>?] {
        texts.map { add($0).map { UnsafePointer($0) } } + [nil]
    }

    func release() {
        for pointer in pointers { free(pointer) }
        pointers.removeAll()
    }
}
