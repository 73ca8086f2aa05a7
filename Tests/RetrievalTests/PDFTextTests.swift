import AgentTesting
import Foundation
import Retrieval
import Testing

@Suite struct PDFTextTests {
    /// A fresh directory for one test's files, removed by `cleanUp`.
    private static func scratch() throws -> URL {
        let directory = URL(fileURLWithPath: TestDirectory.path("pdftext"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private static func problem(_ body: () throws(DocumentProblem) -> ChunkedDocument) -> DocumentProblem? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func pagesBecomeChunksUnderTheirPageNumbers() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("two.pdf")
        try MinimalPDF.text(pages: [["Hello PDF world", "Second line (here)"], ["Page two text"]]).write(to: file)
        let document = try PDFText().extract(path: file.path)
        #expect(
            document
                == ChunkedDocument(
                    title: nil,
                    chunks: [
                        Chunk(text: "Hello PDF world\nSecond line (here)", headingPath: ["page 1"], startLine: 1, endLine: 2),
                        Chunk(text: "Page two text", headingPath: ["page 2"], startLine: 3, endLine: 3),
                    ]))
    }

    @Test func layoutTextSplitsAtFormFeedsAndKeepsOutputLineNumbers() {
        let layout = "  Title\n\n  body one\n\u{0C}\n  second page\n  more\n\u{0C}\u{0C}  fourth\n\u{0C}"
        let document = PDFText.chunk(layoutText: layout)
        #expect(
            document.chunks == [
                Chunk(text: "  Title\n\n  body one", headingPath: ["page 1"], startLine: 1, endLine: 3),
                Chunk(text: "  second page\n  more", headingPath: ["page 2"], startLine: 5, endLine: 6),
                Chunk(text: "  fourth", headingPath: ["page 4"], startLine: 7, endLine: 7),
            ])
        expectValidChunks(document, source: layout)
    }

    @Test func longPagesAreChunkedWithinTheLimit() {
        let page = (1...80).map { "Line \($0) of a dense page with words." }.joined(separator: "\n")
        let layout = page + "\n\u{0C}" + page + "\n\u{0C}"
        let limits = ChunkLimits(maxCharacters: 300, overlapCharacters: 50)
        let document = PDFText.chunk(layoutText: layout, limits: limits)
        #expect(Set(document.chunks.map(\.headingPath)) == [["page 1"], ["page 2"]])
        expectValidChunks(document, source: layout, limits: limits)
        expectCoverage(document, source: layout)
    }

    @Test func aPDFWithoutTextIsReportedAsScanned() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("scan.pdf")
        try MinimalPDF.imageOnly().write(to: file)
        #expect(
            Self.problem { () throws(DocumentProblem) in try PDFText().extract(path: file.path) }
                == DocumentProblem("no text layer (scanned PDF?)"))
    }

    @Test func aFileThatIsNotAPDFGivesPdftotextsFirstComplaintWithoutThePath() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("notes.pdf")
        try Data("just some words, not a PDF\n".utf8).write(to: file)
        let problem = Self.problem { () throws(DocumentProblem) in try PDFText().extract(path: file.path) }
        #expect(problem?.message.hasPrefix("pdftotext could not read it: Syntax Warning: May not be a PDF file") == true)
        #expect(problem?.message.contains(directory.path) == false)
        #expect(problem?.message.contains("\n") == false)
    }

    @Test func missingFilesAndMissingPdftotextSayWhatToDo() {
        let missingFile = Self.problem { () throws(DocumentProblem) in try PDFText().extract(path: "/nonexistent/file.pdf") }
        #expect(missingFile == DocumentProblem("the file does not exist or cannot be read"))
        let missingTool = Self.problem { () throws(DocumentProblem) in
            try PDFText(executable: "pdftotext-not-installed-here").extract(path: "/nonexistent/file.pdf")
        }
        #expect(missingTool?.message.contains("poppler-utils") == true)
    }

    @Test func aHungPdftotextIsStoppedAtTheTimeout() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("slow-pdftotext")
        try TestDirectory.writeExecutable("#!/bin/sh\nexec sleep 30\n", to: script.path)
        let file = directory.appendingPathComponent("any.pdf")
        try MinimalPDF.text(pages: [["x"]]).write(to: file)
        let started = ContinuousClock.now
        let problem = Self.problem { () throws(DocumentProblem) in
            try PDFText(executable: script.path, timeout: .milliseconds(200)).extract(path: file.path)
        }
        #expect(problem?.message.hasPrefix("pdftotext did not finish within") == true, "\(String(describing: problem))")
        // Far below the script's 30 seconds, with room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func bytesOnStandardInputGiveTheTextWithPagesApart() async throws {
        let text = try await PDFText().text(of: Array(MinimalPDF.text(pages: [["Hello PDF world"], ["Page two text"]])))
        #expect(text.contains("Hello PDF world") && text.contains("Page two text"))
        #expect(!text.contains("\u{0C}") && text.contains("\n\n"))
        await #expect { _ = try await PDFText().text(of: Array("not a pdf".utf8)) } throws: {
            ($0 as? DocumentProblem)?.message.hasPrefix("pdftotext could not read the PDF") == true
        }
        await #expect { _ = try await PDFText(executable: "pdftotext-not-installed-here").text(of: [1]) } throws: {
            ($0 as? DocumentProblem)?.message.contains("poppler-utils") == true
        }
    }

    @Test func cancellingTheTaskStopsPdftotext() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("slow-pdftotext")
        let pidFile = directory.appendingPathComponent("pid")
        try TestDirectory.writeExecutable("#!/bin/sh\necho $$ > '\(pidFile.path)'\nexec sleep 600\n", to: script.path)
        let task = Task { try await PDFText(executable: script.path, timeout: .seconds(60)).text(of: [1, 2, 3]) }
        // Cancelled once it runs: the kill ends it; were there none, the time limit would,
        // with a DocumentProblem instead of CancellationError.
        while (try? String(contentsOf: pidFile, encoding: .utf8))?.isEmpty != false { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // The process is gone (killed and reaped), well before its 600 seconds.
        let pid = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }
}
