/// Which kind of network an address belongs to, as far as fetching untrusted URLs goes.
public enum AddressClass: String, Sendable, Hashable, CaseIterable {
    /// Routable on the public internet: the only class fetched without an explicit allowance.
    case publicInternet = "public"
    /// 127.0.0.0/8 and ::1: this machine.
    case loopback
    /// 10/8, 172.16/12, 192.168/16 (RFC 1918).
    case privateNetwork = "private"
    /// 100.64/10, carrier-grade NAT (RFC 6598); also where some clouds put metadata.
    case sharedAddressSpace = "shared"
    /// 169.254/16 and fe80::/10.
    case linkLocal = "link-local"
    /// 169.254.169.254 and fd00:ec2::254: the instance metadata services of cloud providers.
    case cloudMetadata = "cloud-metadata"
    /// 0.0.0.0/8 and :: (Linux connects 0.0.0.0 to this machine).
    case unspecified
    /// 224/4 and ff00::/8.
    case multicast
    /// 255.255.255.255.
    case broadcast
    /// fc00::/7 (RFC 4193), the IPv6 counterpart of private networks.
    case uniqueLocal = "unique-local"
    /// fec0::/10, deprecated but still routed privately by some networks.
    case siteLocal = "site-local"
    /// Ranges set aside for protocols, documentation, benchmarks or the future (240/4, 192.0.0/24, 2001:db8::/32, ...).
    case reserved

    /// A phrase for "X is <phrase>" in a refusal.
    public var phrase: String {
        switch self {
        case .publicInternet: "a public address"
        case .loopback: "a loopback address"
        case .privateNetwork: "a private-network address (RFC 1918)"
        case .sharedAddressSpace: "a carrier-grade NAT address (100.64.0.0/10)"
        case .linkLocal: "a link-local address"
        case .cloudMetadata: "a cloud metadata address"
        case .unspecified: "the unspecified address"
        case .multicast: "a multicast address"
        case .broadcast: "the broadcast address"
        case .uniqueLocal: "a unique-local address (fc00::/7)"
        case .siteLocal: "a site-local address (fec0::/10)"
        case .reserved: "a reserved address"
        }
    }
}

extension IPAddress {
    /// The class of this address; an IPv6 address that embeds an IPv4 one takes that one's class.
    public var addressClass: AddressClass {
        switch self {
        case .v4(let n): return Self.classify(v4: n)
        case .v6(let b):
            if let inner = embeddedIPv4 { return inner.addressClass }
            return Self.classify(v6: b)
        }
    }

    /// IPv4 ranges from the IANA special-purpose registry (RFC 6890 and successors).
    private static func classify(v4 n: UInt32) -> AddressClass {
        func within(_ base: UInt32, _ bits: UInt32) -> Bool { n >> (32 - bits) == base >> (32 - bits) }
        if n == 0xA9FE_A9FE { return .cloudMetadata }  // 169.254.169.254
        if n == 0xFFFF_FFFF { return .broadcast }
        if within(0x0000_0000, 8) { return .unspecified }
        if within(0x7F00_0000, 8) { return .loopback }
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) { return .privateNetwork }
        if within(0x6440_0000, 10) { return .sharedAddressSpace }
        if within(0xA9FE_0000, 16) { return .linkLocal }
        if within(0xE000_0000, 4) { return .multicast }
        let reserved: [(UInt32, UInt32)] = [
            (0xC000_0000, 24),  // 192.0.0.0/24 protocol assignments (192.0.0.192 is a metadata address at one cloud)
            (0xC000_0200, 24), (0xC633_6400, 24), (0xCB00_7100, 24),  // documentation: TEST-NET-1/2/3
            (0xC612_0000, 15),  // 198.18.0.0/15 benchmarking
            (0xC058_6300, 24),  // 192.88.99.0/24 6to4 relay anycast
            (0xF000_0000, 4),  // 240.0.0.0/4 future use
        ]
        if reserved.contains(where: { within($0.0, $0.1) }) { return .reserved }
        return .publicInternet
    }

    private static func classify(v6 b: [UInt8]) -> AddressClass {
        if b == [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] { return .cloudMetadata }  // fd00:ec2::254
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if b[0] == 0xFF { return .multicast }
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return .linkLocal }
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return .siteLocal }
        if b[0] & 0xFE == 0xFC { return .uniqueLocal }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return .reserved }  // 2001:db8::/32 documentation
        if b[0..<8].elementsEqual([0x01, 0, 0, 0, 0, 0, 0, 0]) { return .reserved }  // 100::/64 discard-only
        if b[0..<6].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01]) { return .reserved }  // 64:ff9b:1::/48 local NAT64
        if b[0..<10].allSatisfy({ $0 == 0 }) { return .reserved }  // the rest of ::/80 (other embeddings were handled)
        // Global unicast is 2000::/3; everything else is unassigned.
        return b[0] & 0xE0 == 0x20 ? .publicInternet : .reserved
    }
}
