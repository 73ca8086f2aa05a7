import Foundation
import SandboxLauncher

extension SandboxResult {
    /// The launcher's raw result in Swift terms.
    init(_ raw: sa_result, limits: SandboxLimits) {
        stdout = Self.text(raw.out, count: raw.out_length)
        stderr = Self.text(raw.err, count: raw.err_length)
        stdoutTotal = raw.out_total
        stderrTotal = raw.err_total
        stdoutCut = raw.out_total > raw.out_length
        stderrCut = raw.err_total > raw.err_length
        wallSeconds = raw.wall_seconds
        cpuSeconds = raw.cpu_seconds
        landlockABI = Int(raw.landlock_abi)
        var held: Set<SandboxLayer> = []
        var refused: [SandboxLayer: String] = [:]
        let reasons = withUnsafeBytes(of: raw.refused_errno) { Array($0.bindMemory(to: Int32.self)) }
        for layer in SandboxLayer.allCases {
            if raw.layers_refused & (1 << layer.rawValue) != 0 {
                refused[layer] = String(cString: strerror(reasons[layer.rawValue]))
            } else if raw.layers_held & (1 << layer.rawValue) != 0 {
                held.insert(layer)
            }
        }
        self.held = held
        self.refused = refused
        if raw.not_started != 0 {
            termination = .notStarted(
                step: String(cString: sa_layer_name(raw.failed_step)), reason: String(cString: strerror(raw.failed_errno)))
        } else if raw.exited != 0 {
            termination = .exited(raw.exit_code)
        } else {
            termination = .signaled(raw.signal)
        }
        limit =
            switch raw.limit {
            case SA_LIMIT_WALL: .wall
            case SA_LIMIT_CPU: .cpu
            case SA_LIMIT_FILE_SIZE: .fileSize
            case SA_LIMIT_OUTPUT: .output
            case SA_LIMIT_CANCELLED: .cancelled
            default: Self.guessedLimit(stderr: stderr, termination: termination)
            }
    }

    /// Memory and process limits make calls fail rather than kill: recognise their usual messages.
    private static func guessedLimit(stderr: String, termination: Termination) -> Limit? {
        if termination == .exited(0) { return nil }
        if stderr.contains("MemoryError") || stderr.contains("Cannot allocate memory") || stderr.contains("bad_alloc") { return .memory }
        // Python ignores SIGXFSZ, so a write past the limit fails with EFBIG instead.
        if stderr.contains("File too large") { return .fileSize }
        if stderr.contains("Resource temporarily unavailable") || stderr.contains("fork: retry") || stderr.contains("Cannot fork") {
            return .processes
        }
        return nil
    }

    /// UTF-8 text of a buffer, without a character cut in half at the end.
    private static func text(_ bytes: UnsafeMutablePointer<UInt8>?, count: Int) -> String {
        guard let bytes, count > 0 else { return "" }
        var buffer = Array(UnsafeBufferPointer(start: bytes, count: count))
        if let lead = buffer.lastIndex(where: { $0 & 0xC0 != 0x80 }), buffer[lead] >= 0xC0 {
            let expected = buffer[lead] >= 0xF0 ? 4 : buffer[lead] >= 0xE0 ? 3 : 2
            if buffer.count - lead < expected { buffer.removeSubrange(lead...) }
        }
        return String(decoding: buffer, as: UTF8.self)
    }
}
