import HTTP
import Testing

@Suite struct AddressClassTests {
    static let table: [(String, AddressClass)] = [
        ("127.255.255.254", .loopback), ("::1", .loopback),
        ("10.0.0.1", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("::ffff:10.0.0.1", .privateNetwork), ("::ffff:192.168.0.1", .privateNetwork),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace), ("100.100.100.200", .sharedAddressSpace),
        ("169.254.0.1", .linkLocal), ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("169.254.169.254", .cloudMetadata), ("2852039166", .cloudMetadata), ("0xa9.0xfe.0xa9.0xfe", .cloudMetadata),
        ("::ffff:169.254.169.254", .cloudMetadata), ("::ffff:a9fe:a9fe", .cloudMetadata), ("fd00:ec2::254", .cloudMetadata),
        ("2002:a9fe:a9fe::1", .cloudMetadata),
        ("0.0.0.0", .unspecified), ("0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast), ("ff02::1", .multicast),
        ("255.255.255.255", .broadcast),
        ("fc00::1", .uniqueLocal), ("fd12:3456::1", .uniqueLocal),
        ("fec0::1", .siteLocal),
        ("240.0.0.1", .reserved), ("192.0.0.192", .reserved), ("192.0.2.1", .reserved), ("198.18.0.1", .reserved),
        ("203.0.113.9", .reserved), ("2001:db8::1", .reserved), ("100::1", .reserved), ("::ffff:0:7f00:1", .reserved),
        ("8.8.8.8", .publicInternet), ("1.1.1.1", .publicInternet), ("172.32.0.1", .publicInternet),
        ("100.128.0.1", .publicInternet), ("169.253.255.255", .publicInternet), ("2606:4700::1111", .publicInternet),
        ("2001:4860:4860::8888", .publicInternet), ("64:ff9b::808:808", .publicInternet), ("::ffff:8.8.8.8", .publicInternet),
    ]

    @Test(arguments: table) func classifies(_ host: String, _ expected: AddressClass) throws {
        #expect(try #require(IPAddress(host: host)).addressClass == expected)
    }
}

@Suite struct AddressPolicyTests {
    let policy = AddressPolicy.publicOnly

    @Test func refusalSaysWhatAndWhy() throws {
        #expect(policy.refusal(for: try #require(IPAddress(host: "127.0.0.1"))) == "127.0.0.1 is a loopback address")
        #expect(
            policy.refusal(for: try #require(IPAddress(host: "::ffff:10.1.2.3")))
                == "::ffff:10.1.2.3 (which embeds 10.1.2.3) is a private-network address (RFC 1918)")
        #expect(policy.refusal(for: try #require(IPAddress(host: "93.184.216.34"))) == nil)
    }

    @Test func hostRefusalsNameWhatWasWritten() {
        #expect(policy.refusal(forHost: "2130706433") == "2130706433 means 127.0.0.1 is a loopback address")
        #expect(policy.refusal(forHost: "[::1]") == "::1 is a loopback address")
        #expect(policy.refusal(forHost: "169.254.169.254") == "169.254.169.254 is a cloud metadata address")
        #expect(policy.refusal(forHost: "example.org") == nil)
        #expect(policy.refusal(forHost: "8.8.8.8") == nil)
    }

    @Test(arguments: [
        "localhost", "LOCALHOST.", "api.localhost", "localhost.localdomain", "metadata.google.internal", "Metadata.Google.Internal.",
        "metadata.goog",
    ])
    func namesThatAlwaysMeanThisMachineOrMetadata(_ host: String) {
        #expect(policy.refusal(forHost: host) != nil)
    }

    @Test func allowingAClassLetsItThrough() throws {
        let lenient = AddressPolicy(allowed: [.publicInternet, .loopback])
        #expect(lenient.refusal(for: try #require(IPAddress(host: "127.0.0.1"))) == nil)
        #expect(lenient.refusal(forHost: "localhost") == nil)
        #expect(lenient.refusal(for: try #require(IPAddress(host: "10.0.0.1"))) != nil)
    }
}
