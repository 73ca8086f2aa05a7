import AgentCore
import Testing
@testable import Tools

@Suite struct UntrustedTextTests {
    @Test func hiddenCharactersAreRemoved() {
        let text = "a\u{1B}[31mred\u{1B}[0m\r\nb\rc\u{0}\u{7F}\u{85}\u{202E}evil\u{202C}\u{E0041}\u{E0042}\u{FEFF}\td"
        #expect(UntrustedText.clean(text) == "a[31mred[0m\nb\ncevil\td")
    }
}

@Suite struct HostPortTests {
    @Test func canonicalForms() throws {
        #expect(try HostPort(parsing: "127.0.0.1:8080").description == "127.0.0.1:8080")
        #expect(try HostPort(parsing: " Example.COM.:443 ").description == "example.com:443")
        #expect(try HostPort(parsing: "[::FFFF:7f00:1]:80") == HostPort(parsing: "[::ffff:127.0.0.1]:80"))
        #expect(try HostPort(parsing: "2130706433:80") == HostPort(parsing: "127.0.0.1:80"))
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", ":80", "::1:80", "[::1:80", "host:port"])
    func badFormsSayWhatIsExpected(_ text: String) {
        #expect { _ = try HostPort(parsing: text) } throws: { error in
            "\(error)" == "expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, not '\(text)'"
        }
    }
}
