import HTTP
import Testing

@Suite struct WebURLTests {
    @Test func curlNormalisesIPv4Notations() throws {
        for text in ["http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/", "http://127.1/", "http://%31%32%37.0.0.1/"] {
            #expect(try #require(WebURL(text), "\(text)").host == "127.0.0.1", "\(text)")
        }
    }

    @Test func theHostIsTheOneCurlWouldDial() throws {
        let tricky = try #require(WebURL("http://example.com@127.0.0.1:8080/x"))
        #expect(tricky.host == "127.0.0.1")
        #expect(tricky.port == 8080)
        #expect(tricky.hostAndPort == "127.0.0.1:8080")
        #expect(try #require(WebURL("http://[::ffff:7f00:1]:81/x")).host == "[::ffff:7f00:1]")
        #expect(try #require(WebURL("http://[fe80::1%25eth0]/")).host == "[fe80::1]")
    }

    @Test func partsAndDefaults() throws {
        let url = try #require(WebURL("HTTPS://Example.COM/a/../b?q=1#frag"))
        #expect(url.scheme == "https")
        #expect(url.port == 443)
        #expect(url.origin == "https://example.com")
        #expect(url.pathAndQuery == "/b?q=1")
        #expect(try #require(WebURL("http://example.com")).pathAndQuery == "/")
        #expect(try #require(WebURL("http://example.com:8080/")).origin == "http://example.com:8080")
        #expect(try #require(WebURL("file:///etc/passwd")).scheme == "file")
    }

    @Test func resolvesRedirectTargets() throws {
        let base = try #require(WebURL("http://a.example:8080/x/y?q"))
        #expect(base.resolving("../z")?.text == "http://a.example:8080/z")
        #expect(base.resolving("//other.example/p")?.text == "http://other.example/p")
        #expect(base.resolving("http://127.0.0.1:9/")?.hostAndPort == "127.0.0.1:9")
        #expect(base.resolving("file:///etc/passwd")?.scheme == "file")
    }

    @Test func rejectsWhatIsNotAURL() {
        #expect(WebURL("not a url") == nil)
        #expect(WebURL("//no-scheme.example/") == nil)
        #expect(WebURL("http://example.com:99999/") == nil)
    }
}
