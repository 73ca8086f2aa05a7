import Retrieval
import Testing

@Suite struct CodeChunkerTests {
    /// Small enough that each declaration of the samples is a chunk of its own.
    static let small = ChunkLimits(maxCharacters: 120, overlapCharacters: 20)

    /// The chunks of each sample under `small`: line range and heading path.
    static let expected: [SourceLanguage: [(ClosedRange<Int>, [String])]] = [
        .swift: [
            (1...1, [#"import Foundation"#]),
            (3...5, [#"public func parse(_ text: String) -> Int"#]),
            (5...7, [#"public func parse(_ text: String) -> Int"#]),
            (8...11, [#"public func parse(_ text: String) -> Int"#]),
            (11...12, [#"public func parse(_ text: String) -> Int"#]),
            (13...14, [#"public func parse(_ text: String) -> Int"#]),
            (16...17, [#"public struct Parser: Sendable"#]),
            (19...20, [#"public struct Parser: Sendable"#, #"mutating func step(_ c: Character)"#]),
            (21...22, [#"public struct Parser: Sendable"#, #"mutating func step(_ c: Character)"#]),
            (23...27, [#"extension Parser"#]),
        ],
        .c: [
            (1...2, [#"#include <stdio.h>"#]),
            (4...8, [#"static int count(const char *s)"#]),
            (9...13, [#"static int count(const char *s)"#]),
            (15...17, [#"struct point"#]),
            (19...23, [#"int main(int argc, char **argv)"#]),
        ],
        .python: [
            (1...3, [#"import sys"#]),
            (6...8, [#"def helper(x)"#]),
            (11...15, [#"def show(id)"#]),
            (15...16, [#"def show(id)"#]),
            (19...23, [#"class Store(Base)"#, #"def __init__(self)"#]),
            (25...27, [#"class Store(Base)"#, #"def size(self)"#]),
            (29...35, [#"class Store(Base)"#, #"async def load(self, path)"#]),
            (38...41, [#"if __name__ == "__main__""#]),
        ],
        .cpp: [
            (1...7, [#"namespace geo"#, #"class Shape"#]),
            (8...10, [#"namespace geo"#, #"class Shape"#, #"virtual ~Shape() = default;"#]),
            (11...16, [#"namespace geo"#, #"class Shape"#, #"std::string name() const { return R"(raw "}" string)"; }"#]),
            (18...22, [#"int main()"#]),
        ],
        .javascript: [
            (1...4, [#"const pattern = /[{}]/g;"#]),
            (6...8, [#"export function render(name)"#]),
            (9...9, [#"export function render(name)"#]),
            (11...15, [#"class Widget extends Base"#, #"constructor(el)"#]),
            (17...22, [#"class Widget extends Base"#, #"draw()"#]),
        ],
        .go: [
            (1...6, [#"import"#]),
            (8...11, [#"type Config struct"#]),
            (13...15, [#"func (c *Config) String() string"#]),
            (17...22, [#"func main()"#]),
        ],
        .typescript: [
            (1...5, [#"interface Options"#]),
            (7...10, [#"export type Handler = (input: string) => void;"#]),
            (11...13, [#"export class AppComponent"#, #"constructor(private readonly options: Options) {}"#]),
            (15...20, [#"export class AppComponent"#, #"handle(input: string): string"#]),
        ],
        .java: [
            (1...8, [#"public class Greeter"#]),
            (9...9, [#"public class Greeter"#, #"private static final String OPEN = "{";"#]),
            (11...14, [#"public class Greeter"#, #"public String toString()"#]),
            (16...18, [#"public class Greeter"#, #"public String greet(List<String> names)"#]),
            (19...22, [#"public class Greeter"#, #"public String greet(List<String> names)"#]),
            (23...23, [#"public class Greeter"#]),
        ],
        .rust: [
            (1...8, [#"pub enum Token<'a>"#]),
            (10...10, [#"impl<'a> fmt::Display for Token<'a>"#]),
            (11...12, [#"impl<'a> fmt::Display for Token<'a>"#, #"fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result"#]),
            (12...14, [#"impl<'a> fmt::Display for Token<'a>"#, #"fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result"#]),
            (15...16, [#"impl<'a> fmt::Display for Token<'a>"#, #"fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result"#]),
            (17...22, [#"fn brace() -> char"#]),
        ],
    ]

    @Test(arguments: SourceLanguage.allCases)
    func declarationsBecomeChunksUnderTheirHeadings(language: SourceLanguage) {
        let text = CodeSamples.sample(language)
        let document = CodeChunker(language: language).chunk(text, limits: Self.small)
        let expected = Self.expected[language] ?? []
        #expect(ranges(document) == expected.map(\.0))
        #expect(document.chunks.map(\.headingPath) == expected.map(\.1))
        #expect(document.title == nil)
        expectValidChunks(document, source: text, limits: Self.small)
        expectCoverage(document, source: text)
    }

    @Test(arguments: SourceLanguage.allCases)
    func aSmallFileIsOneChunkUnderItsLargestDeclaration(language: SourceLanguage) {
        let text = CodeSamples.sample(language)
        let document = CodeChunker(language: language).chunk(text)
        #expect(ranges(document) == [1...numberedLines(text).count])
        #expect(document.chunks.first?.headingPath.isEmpty == false)
        expectValidChunks(document, source: text)
    }

    @Test func pythonDecoratorsAndCommentsStayWithTheirFunction() {
        let document = CodeChunker(language: .python).chunk(CodeSamples.pythonSample, limits: Self.small)
        let show = document.chunks.first { $0.headingPath == ["def show(id)"] }
        #expect(show?.text.hasPrefix("@app.route(\"/items/{id}\")\n@login_required\ndef show(id):") == true)
        let helper = document.chunks.first { $0.headingPath == ["def helper(x)"] }
        #expect(helper?.text.hasPrefix("# Helpers for the { registry }.\ndef helper(x):") == true)
        let size = document.chunks.first { $0.headingPath == ["class Store(Base)", "def size(self)"] }
        #expect(size?.text.hasPrefix("    @property\n    def size(self):") == true)
        let main = document.chunks.last
        #expect(main?.text.hasSuffix("else:\n    pass") == true)
    }

    @Test func rustWhereClausesAndAllmanBracesStayWithTheirDeclaration() {
        let rust = "impl<T> Show for Wrapper<T>\nwhere\n    T: Clone,\n{\n    fn show(&self) -> String { String::new() }\n}\n"
        let c = "int\nmain(void)\n{\n    return 0;\n}\n"
        let limits = ChunkLimits(maxCharacters: 40, overlapCharacters: 0)
        let impl = CodeChunker(language: .rust).chunk(rust, limits: limits)
        #expect(impl.chunks.first?.headingPath == ["impl<T> Show for Wrapper<T>"])
        #expect(impl.chunks.map(\.endLine).max() == 6)
        let main = CodeChunker(language: .c).chunk(c, limits: ChunkLimits(maxCharacters: 60, overlapCharacters: 0))
        #expect(ranges(main) == [1...5])
    }

    @Test func anOversizeFunctionIsWindowedUnderItsHeading() {
        let body = (1...60).map { "    let value\($0) = compute(\($0)) // step \($0)" }.joined(separator: "\n")
        let text = "import Foundation\n\nfunc big() -> Int {\n\(body)\n    return 0\n}\n"
        let document = CodeChunker(language: .swift).chunk(text)
        #expect(document.chunks.count > 3)
        #expect(document.chunks.first?.headingPath == ["import Foundation"])
        #expect(document.chunks.dropFirst().allSatisfy { $0.headingPath == ["func big() -> Int"] })
        expectValidChunks(document, source: text)
        expectCoverage(document, source: text)
    }

    @Test func anOversizeTypeIsOpenedIntoItsMembers() {
        let methods = (1...8).map { index in
            "    /// Method \(index).\n    func method\(index)(x: Int) -> Int {\n"
                + (1...4).map { "        let v\($0) = x * \($0) + \(index) // keep busy" }.joined(separator: "\n")
                + "\n        return x\n    }"
        }
        let text = "final class Store {\n    var items: [Int] = []\n\n" + methods.joined(separator: "\n\n") + "\n}\n"
        let limits = ChunkLimits(maxCharacters: 300, overlapCharacters: 40)
        let document = CodeChunker(language: .swift).chunk(text, limits: limits)
        let paths = Set(document.chunks.map(\.headingPath))
        for index in 1...8 { #expect(paths.contains(["final class Store", "func method\(index)(x: Int) -> Int"])) }
        let third = document.chunks.first { $0.headingPath.last == "func method3(x: Int) -> Int" }
        #expect(third?.text.hasPrefix("    /// Method 3.") == true)
        expectValidChunks(document, source: text, limits: limits)
        expectCoverage(document, source: text)
    }

    @Test(arguments: [
        "func a() {\n    if x {\n        y()\n}\n\nfunc b() {\n}\n",
        "}\n}\nfunc a() {}\n\nfunc b() {}\n",
        "/* never closed\nfunc a() {}\n\nfunc b() {}\n",
        "let s = \"\"\"\nfunc a() {}\n",
    ])
    func unbalancedBracesFallBackToPlainWindows(text: String) {
        let document = CodeChunker(language: .swift).chunk(text)
        #expect(!document.chunks.isEmpty)
        #expect(document.chunks.allSatisfy { $0.headingPath.isEmpty })
        expectValidChunks(document, source: text)
        expectCoverage(document, source: text)
    }

    @Test func anUnbalancedPythonBracketFallsBackToPlainWindows() {
        let text = "x = (1,\n\ndef f():\n    pass\n"
        let document = CodeChunker(language: .python).chunk(text)
        #expect(ranges(document) == [1...4])
        #expect(document.chunks.allSatisfy { $0.headingPath.isEmpty })
    }

    @Test func anUnterminatedOneLineStringEndsWithItsLine() {
        let text = "let s = \"abc\nfunc a() {\n    1\n}\n"
        let document = CodeChunker(language: .swift).chunk(text, limits: ChunkLimits(maxCharacters: 14, overlapCharacters: 0))
        #expect(document.chunks.map(\.headingPath).contains(["func a()"]))
    }

    @Test func longHeadingsAreShortened() {
        let parameters = (1...30).map { "p\($0): Int" }.joined(separator: ", ")
        let text = "func wide(\(parameters)) {\n}\n"
        let heading = CodeChunker(language: .swift).chunk(text).chunks.first?.headingPath.first ?? ""
        #expect(heading.count == 80 && heading.hasPrefix("func wide(p1: Int") && heading.hasSuffix("…"))
    }

    @Test(arguments: SourceLanguage.allCases)
    func noiseNeverBreaksTheInvariants(language: SourceLanguage) {
        var generator = SeededGenerator(seed: UInt64(language.rawValue.utf8.count))
        let alphabet = Array("{}()[]\"'`/*#\\\n\n  abcr$:;,@<>=.é界🙂\t")
        for _ in 0..<20 {
            let text = String((0..<400).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let limits = ChunkLimits(maxCharacters: 50, overlapCharacters: 10)
            let document = CodeChunker(language: language).chunk(text, limits: limits)
            expectValidChunks(document, source: text, limits: limits)
            expectCoverage(document, source: text)
        }
    }

    @Test func aMinifiedLineIsWindowedQuickly() {
        let text = String(repeating: "f(a,/x/g);if(b){c=d/e}", count: 20_000)
        let started = ContinuousClock.now
        let document = CodeChunker(language: .javascript).chunk(text)
        // A quadratic scan of this 460 KB line would take minutes; linear takes well under a second.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(document.chunks.count > 500)
        expectValidChunks(document, source: text)
    }

    @Test func languagesComeFromFileExtensions() {
        let table: [String: SourceLanguage] = [
            "swift": .swift, "py": .python, "c": .c, "h": .c, "cc": .cpp, "cpp": .cpp, "cxx": .cpp, "hpp": .cpp, "hh": .cpp,
            "hxx": .cpp, "js": .javascript, "mjs": .javascript, "cjs": .javascript, "jsx": .javascript, "ts": .typescript,
            "tsx": .typescript, "go": .go, "rs": .rust, "java": .java, "SWIFT": .swift,
        ]
        for (fileExtension, language) in table { #expect(SourceLanguage(fileExtension: fileExtension) == language) }
        #expect(SourceLanguage(fileExtension: "md") == nil)
        #expect(SourceLanguage(fileExtension: "") == nil)
    }
}
