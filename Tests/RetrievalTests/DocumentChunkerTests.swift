import Foundation
import Retrieval
import Testing

/// Every chunker over real and generated inputs: the chunk invariants hold and every
/// non-blank line lands in some chunk.
@Suite struct DocumentChunkerTests {
    /// The repository this test file lives in.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The default limits and a tight pair that forces windows and opened-up declarations.
    static let limitSets = [ChunkLimits(), ChunkLimits(maxCharacters: 200, overlapCharacters: 40)]

    /// Files under the repository's source, test, script, doc and bench folders, plus its
    /// top-level Markdown.
    static func repositoryFiles() -> [URL] {
        var files: [URL] = []
        for folder in ["Sources", "Tests", "scripts", "docs", "bench", "tools"] {
            let directory = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in walker where !file.hasDirectoryPath { files.append(file) }
        }
        let topLevel = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        files += topLevel.filter { $0.pathExtension == "md" }
        return files.sorted { $0.path < $1.path }
    }

    /// The chunker for a file, by extension.
    static func chunker(for file: URL) -> (any DocumentChunker)? {
        if let language = SourceLanguage(fileExtension: file.pathExtension) { return CodeChunker(language: language) }
        switch file.pathExtension {
        case "md": return MarkdownChunker()
        case "html", "htm": return HTMLChunker()
        case "txt", "sh", "json", "modulemap": return TextChunker()
        default: return nil
        }
    }

    // The long tests below are async and yield between files: a test that holds a thread of
    // the cooperative pool (two on this machine) for seconds starves every timing test
    // running beside it.
    @Test func repositoryFilesChunkCleanly() async throws {
        var checked = 0
        for file in Self.repositoryFiles() {
            await Task.yield()
            guard let chunker = Self.chunker(for: file), let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for limits in Self.limitSets {
                for chunker in [chunker, TextChunker()] as [any DocumentChunker] {
                    let document = chunker.chunk(text, limits: limits)
                    expectValidChunks(document, source: text, limits: limits)
                    expectCoverage(document, source: text)
                }
            }
            checked += 1
        }
        #expect(checked > 50)
    }

    @Test func everySwiftFileHereIsReadAsDeclarations() async throws {
        let swiftFiles = Self.repositoryFiles().filter { $0.pathExtension == "swift" }
        for file in swiftFiles {
            await Task.yield()
            let text = try String(contentsOf: file, encoding: .utf8)
            let document = CodeChunker(language: .swift).chunk(text, limits: ChunkLimits(maxCharacters: 200, overlapCharacters: 40))
            // A plain-text fallback (unbalanced braces) leaves every heading path empty.
            #expect(document.chunks.contains { !$0.headingPath.isEmpty }, "\(file.lastPathComponent) was not read as code")
        }
    }

    @Test func largeGeneratedInputsChunkCleanly() async {
        // The Markdown starts with three lines of front matter, which no chunk holds.
        let frontMatter: Set<Int> = [1, 2, 3]
        let markdown = Self.largeMarkdown()
        let swift = Self.concatenatedSwift()
        let inputs: [(String, any DocumentChunker, Set<Int>)] = [
            (markdown, MarkdownChunker(), frontMatter),
            (markdown.replacingOccurrences(of: "\n", with: "\r\n"), MarkdownChunker(), frontMatter),
            (markdown, TextChunker(), []),
            (String(repeating: "word ", count: 20_000), TextChunker(), []),
            (swift, CodeChunker(language: .swift), []),
            // Swift read as Rust: wrong lexical rules must still give valid chunks.
            (swift, CodeChunker(language: .rust), []),
        ]
        for (index, (text, chunker, skipped)) in inputs.enumerated() {
            // The misread Swift runs once; it only has to stay valid.
            for limits in index == inputs.count - 1 ? [ChunkLimits()] : Self.limitSets {
                await Task.yield()
                let document = chunker.chunk(text, limits: limits)
                expectValidChunks(document, source: text, limits: limits)
                expectCoverage(document, source: text, skipping: skipped)
            }
        }
    }

    @Test func aLargeGeneratedPageChunksCleanly() {
        var html = "<html><head><title>Big</title></head><body>\n"
        for section in 1...200 {
            html += "<h2>Section \(section)</h2>\n<p>Paragraph \(section) with <a href=\"/s/\(section)\">a link</a> and\n"
            html += String(repeating: "some more words ", count: section % 7 * 20) + "</p>\n"
            html += "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>\(section)</td></tr></table>\n"
            html += "<pre>code \(section)\n  indented</pre>\n"
        }
        html += "</body></html>\n"
        for limits in Self.limitSets {
            let document = HTMLChunker().chunk(html, limits: limits)
            #expect(document.title == "Big")
            #expect(document.chunks.count >= 200)
            expectValidChunks(document, source: html, limits: limits, textFromSource: false)
        }
    }

    /// About 150 KB of Markdown: nested headings, fences, lists, long lines, Unicode.
    static func largeMarkdown() -> String {
        var text = "---\ntitle: Generated\n---\n"
        for section in 1...200 {
            text += "\(String(repeating: "#", count: section % 4 + 1)) Section \(section)\n\n"
            text += "Intro for section \(section), with **bold** text and 界 and 🙂.\n\n"
            text += "```swift\n# not a heading \(section)\nlet x = \(section)\n```\n\n"
            text += "- item one\n- item two\n\n"
            text += String(repeating: "A long line that goes on. ", count: section % 50) + "\n\n"
            if section % 10 == 0 { text += "Setext \(section)\n----\n\n" }
        }
        return text
    }

    /// This repository's Swift sources (not its tests) end to end.
    static func concatenatedSwift() -> String {
        let sources = root.appendingPathComponent("Sources").path + "/"
        let files = repositoryFiles().filter { $0.pathExtension == "swift" && $0.path.hasPrefix(sources) }
        return files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
    }
}
