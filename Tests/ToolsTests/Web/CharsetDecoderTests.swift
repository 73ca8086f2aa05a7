import AgentTesting
import Foundation
import Testing
@testable import Tools

@Suite struct CharsetDecoderTests {
    @Test func theHeaderCharsetComesFirst() {
        let decoded = CharsetDecoder.decode(WebPageFixtures.latin1Page, declared: "ISO-8859-1", html: true)
        #expect(decoded.text.contains("Garçon"))
        #expect(decoded.charset == "windows-1252")  // the web's meaning of the Latin-1 label
    }

    @Test func aMetaTagDecidesWhenTheHeaderIsSilent() {
        #expect(CharsetDecoder.decode(WebPageFixtures.windows1252Page, declared: nil, html: true).text.contains("“Smart quotes” cost 10 €"))
        #expect(CharsetDecoder.decode(WebPageFixtures.shiftJISPage, declared: nil, html: true).text.contains("東京"))
        #expect(CharsetDecoder.metaCharset(Array("<META HTTP-EQUIV='content-type' CONTENT='text/html; charset=koi8-r'>".utf8)) == "koi8-r")
        #expect(CharsetDecoder.metaCharset(Array(#"<meta name="x" content="charset is not here">"#.utf8)) == nil)
    }

    @Test func byteOrderMarksWin() {
        let utf16 = [0xFF, 0xFE] + Array("hé".data(using: .utf16LittleEndian) ?? Data())
        #expect(CharsetDecoder.decode(utf16, declared: "iso-8859-1", html: false).text == "hé")
        #expect(CharsetDecoder.decode([0xEF, 0xBB, 0xBF] + Array("hé".utf8), declared: "windows-1252", html: false).text == "hé")
    }

    @Test func withoutADeclarationUTF8ThenWindows1252() {
        #expect(CharsetDecoder.decode(Array("naïve".utf8), declared: nil, html: false).charset == "UTF-8")
        let latin = CharsetDecoder.decode([0x63, 0x61, 0x66, 0xE9, 0x20, 0x80], declared: nil, html: false)
        #expect(latin.text == "café €")
        #expect(latin.charset == "windows-1252")
    }

    @Test func anUnknownLabelFallsBack() {
        #expect(CharsetDecoder.decode(Array("plain".utf8), declared: "x-unheard-of", html: false).text == "plain")
        #expect(CharsetDecoder.encoding(label: "\"UTF8\"") == .utf8)
        #expect(CharsetDecoder.encoding(label: "us-ascii") == .windowsCP1252)
    }
}
