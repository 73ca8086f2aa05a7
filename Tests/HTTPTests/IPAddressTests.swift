import HTTP
import Testing

@Suite struct IPAddressTests {
    /// Every way of writing 127.0.0.1 that the C resolver accepts, and the IPv6 forms that carry it.
    static let loopbackSpellings = [
        "127.0.0.1", "2130706433", "0177.0.0.1", "0177.0.0.01", "0x7f.1", "0x7f.0.0.1", "0x7F000001", "017700000001",
        "127.1", "127.0.1", "0x7f.0x0.0x0.0x1", "127.0.0.1.", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
        "[0:0:0:0:0:ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]",
    ]

    @Test(arguments: loopbackSpellings) func everyNotationOfLoopback(_ host: String) throws {
        let address = try #require(IPAddress(host: host))
        #expect(address.addressClass == .loopback)
    }

    @Test func parsesEachNotationToTheSameAddress() {
        for host in ["2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7F000001", "127.0.0.1."] {
            #expect(IPAddress(host: host) == .v4(0x7F00_0001), "\(host)")
        }
        #expect(IPAddress(host: "2852039166") == IPAddress(host: "169.254.169.254"))
        #expect(IPAddress(host: "0251.0376.0251.0376") == IPAddress(host: "169.254.169.254"))
        #expect(IPAddress(host: "169.254.43518") == IPAddress(host: "169.254.169.254"))
    }

    @Test func namesAndNonsenseAreNotAddresses() {
        for host in ["example.com", "1.2.3.4.5", "999.1.1.1", "127.0.0.1 x", "", "[::1", "::g", "0x", "localhost", "127.0.0.1.."] {
            #expect(IPAddress(host: host) == nil, "\(host)")
        }
    }

    @Test func ipv6WithZoneAndBrackets() throws {
        #expect(IPAddress(host: "[fe80::1%eth0]")?.addressClass == .linkLocal)
        #expect(IPAddress(host: "[::1]") == IPAddress(host: "0:0:0:0:0:0:0:1"))
        #expect(try #require(IPAddress(host: "[0:0:0:0:0:ffff:7f00:1]")).description == "::ffff:127.0.0.1")
        #expect(IPAddress(host: "::ffff:127.0.0.1")?.urlHost == "[::ffff:127.0.0.1]")
    }

    @Test func embeddedIPv4() {
        #expect(IPAddress(host: "::ffff:10.0.0.1")?.embeddedIPv4 == .v4(0x0A00_0001))
        #expect(IPAddress(host: "64:ff9b::808:808")?.embeddedIPv4 == .v4(0x0808_0808))
        #expect(IPAddress(host: "2002:a9fe:a9fe::1")?.embeddedIPv4 == IPAddress(host: "169.254.169.254"))
        #expect(IPAddress(host: "::1")?.embeddedIPv4 == nil)
        #expect(IPAddress(host: "::")?.embeddedIPv4 == nil)
        #expect(IPAddress(host: "2606:4700::1111")?.embeddedIPv4 == nil)
    }

    @Test func fromSocketBytes() {
        #expect(IPAddress(bytes: [127, 0, 0, 1]) == .v4(0x7F00_0001))
        #expect(IPAddress(bytes: [UInt8](repeating: 0, count: 15) + [1])?.addressClass == .loopback)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
