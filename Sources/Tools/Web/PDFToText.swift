import Foundation
import Synchronization

/// The text of a PDF, from poppler's `pdftotext - -` (stdin to stdout).
enum PDFToText {
    /// Runs pdftotext on `bytes`; cancelling the task kills it.
    /// - Throws: `FetchError` when pdftotext is missing or fails, `CancellationError` when cancelled.
    static func extract(_ bytes: [UInt8]) async throws -> String {
        guard let tool = executable() else {
            throw FetchError(.unreadable, "reading PDFs needs pdftotext (Debian package poppler-utils), which is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-q", "-enc", "UTF-8", "-eol", "unix", "-", "-"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let killed = Atomic<Bool>(false)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                // Blocking pipe I/O and the wait happen on threads of their own, never the cooperative pool.
                Thread {
                    do { try process.run() } catch {
                        continuation.resume(throwing: FetchError(.unreadable, "could not start pdftotext: \(error.localizedDescription)"))
                        return
                    }
                    // Feeding stdin from another thread while reading stdout here avoids a pipe deadlock.
                    Thread {
                        try? input.fileHandleForWriting.write(contentsOf: Data(bytes))
                        try? input.fileHandleForWriting.close()
                    }.start()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    if killed.load(ordering: .acquiring) {
                        continuation.resume(throwing: CancellationError())
                    } else if process.terminationStatus != 0 {
                        let status = process.terminationStatus
                        continuation.resume(throwing: FetchError(.unreadable, "pdftotext could not read the PDF (exit status \(status))"))
                    } else {
                        let text = String(decoding: data, as: UTF8.self)
                        // Pages are separated by form feeds; a blank line reads better.
                        continuation.resume(returning: text.replacingOccurrences(of: "\u{0C}", with: "\n\n"))
                    }
                }.start()
            }
        } onCancel: {
            killed.store(true, ordering: .releasing)
            if process.isRunning { process.terminate() }
        }
    }

    /// pdftotext on PATH, if installed.
    private static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/pdftotext" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
