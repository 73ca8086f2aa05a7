import Foundation

/// Reads the text layer of a PDF with poppler's `pdftotext -layout` and chunks it page by
/// page: each page's paragraphs are packed as plain text under the heading path
/// ["page N"], and line numbers count lines of pdftotext's output.
public struct PDFText: Sendable {
    /// The pdftotext program: a name looked up on PATH, or a path.
    public var executable: String
    /// How long pdftotext may run before it is stopped.
    public var timeout: Duration

    /// A reader using `executable` with a time limit.
    public init(executable: String = "pdftotext", timeout: Duration = .seconds(60)) {
        self.executable = executable
        self.timeout = timeout
    }

    /// The PDF at `path`, chunked. Blocks the calling thread while pdftotext runs.
    /// - Throws: `DocumentProblem` when pdftotext is missing, fails, times out, or finds no text.
    public func extract(path: String, limits: ChunkLimits = ChunkLimits()) throws(DocumentProblem) -> ChunkedDocument {
        guard let program = ExternalCommand.locate(executable) else {
            throw DocumentProblem("pdftotext is not installed: install the Debian package poppler-utils")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DocumentProblem("the file does not exist or cannot be read")
        }
        let output: ExternalCommand.Output
        do {
            output = try ExternalCommand.run(program, arguments: ["-layout", "-enc", "UTF-8", path, "-"], timeout: timeout)
        } catch {
            throw DocumentProblem("cannot run pdftotext: \(error.localizedDescription)")
        }
        if output.timedOut {
            throw DocumentProblem("pdftotext did not finish within \(timeout) and was stopped")
        }
        guard output.status == 0 else {
            let errors = String(decoding: output.standardError, as: UTF8.self)
            let first = errors.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            // The caller prefixes the path, so it is taken out of pdftotext's own words.
            let reason = first.replacingOccurrences(of: path, with: "the file").trimmingCharacters(in: .whitespaces)
            throw DocumentProblem(
                reason.isEmpty ? "pdftotext failed with status \(output.status)" : "pdftotext could not read it: \(reason)")
        }
        let document = Self.chunk(layoutText: String(decoding: output.standardOutput, as: UTF8.self), limits: limits)
        guard !document.chunks.isEmpty else { throw DocumentProblem("no text layer (scanned PDF?)") }
        return document
    }

    /// The plain text of the PDF in `bytes` (read from standard input), its pages apart by
    /// a blank line. pdftotext runs on a thread of its own; cancelling the task stops it.
    /// - Throws: `DocumentProblem` when pdftotext is missing, fails or times out;
    ///   `CancellationError` when cancelled.
    public func text(of bytes: [UInt8]) async throws -> String {
        guard let program = ExternalCommand.locate(executable) else {
            throw DocumentProblem("reading PDFs needs pdftotext (Debian package poppler-utils), which is not installed")
        }
        let stopper = ExternalCommand.Stopper()
        let timeout = self.timeout
        let output = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ExternalCommand.Output, any Error>) in
                // A blocking run never belongs on the cooperative pool's few threads.
                Thread {
                    continuation.resume(
                        with: Result {
                            do {
                                return try ExternalCommand.run(
                                    program, arguments: ["-q", "-enc", "UTF-8", "-eol", "unix", "-", "-"], input: Data(bytes),
                                    timeout: timeout, stopper: stopper)
                            } catch {
                                throw DocumentProblem("cannot run \(program): \(error.localizedDescription)")
                            }
                        })
                }.start()
            }
        } onCancel: {
            stopper.stop()
        }
        if output.stopped { throw CancellationError() }
        if output.timedOut { throw DocumentProblem("pdftotext did not finish within \(timeout) and was stopped") }
        guard output.status == 0 else { throw DocumentProblem("pdftotext could not read the PDF (exit status \(output.status))") }
        // Pages are separated by form feeds; a blank line reads better.
        return String(decoding: output.standardOutput, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n\n")
    }

    /// Chunks text already produced by `pdftotext -layout`: a form feed starts each new page.
    public static func chunk(layoutText: String, limits: ChunkLimits = ChunkLimits()) -> ChunkedDocument {
        var pages: [[TextLine]] = [[]]
        for line in SourceLines(layoutText).lines {
            var rest = line.text.unicodeScalars[...]
            while let feed = rest.firstIndex(of: "\u{0C}") {
                let before = Substring(rest[..<feed])
                if !before.isEmpty { pages[pages.count - 1].append(TextLine(before, number: line.number)) }
                pages.append([])
                rest = rest[rest.index(after: feed)...]
            }
            pages[pages.count - 1].append(TextLine(Substring(rest), number: line.number))
        }
        let chunks = pages.enumerated().flatMap { page, lines in
            TextChunker.chunks(of: lines[...], headingPath: ["page \(page + 1)"], limits: limits)
        }
        return ChunkedDocument(title: nil, chunks: chunks)
    }
}
