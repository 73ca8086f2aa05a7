/// Which addresses a request may connect to: the connect-time half of the SSRF guard.
///
/// The HTTP client consults it for every address libcurl is about to connect to, after DNS
/// resolution (CURLOPT_OPENSOCKETFUNCTION). Checking the resolved address at that moment,
/// rather than the name beforehand, is what makes DNS rebinding useless: whatever the
/// name resolves to this time is what gets judged.
public struct AddressPolicy: Sendable, Hashable {
    /// The classes that may be connected to.
    public var allowed: Set<AddressClass>

    /// A policy allowing exactly `allowed`.
    public init(allowed: Set<AddressClass>) {
        self.allowed = allowed
    }

    /// Public internet addresses only: what fetching untrusted URLs needs.
    public static let publicOnly = AddressPolicy(allowed: [.publicInternet])

    /// Why `address` is refused ("127.0.0.1 is a loopback address"), or nil when it is allowed.
    public func refusal(for address: IPAddress) -> String? {
        let kind = address.addressClass
        guard !allowed.contains(kind) else { return nil }
        if let inner = address.embeddedIPv4 {
            return "\(address) (which embeds \(inner)) is \(kind.phrase)"
        }
        return "\(address) is \(kind.phrase)"
    }

    /// Why a URL host is refused before any lookup, or nil when only its resolved addresses can tell.
    ///
    /// Catches literals in every notation and the names that always mean this machine or a
    /// metadata service, so the refusal can name what the user typed. It is a courtesy: the
    /// connect-time check refuses the same hosts even when this one is skipped.
    public func refusal(forHost host: String) -> String? {
        if let address = IPAddress(host: host) {
            guard let reason = refusal(for: address) else { return nil }
            let written = host.lowercased()
            let canonical = address.description
            return written == canonical || written == "[\(canonical)]" ? reason : "\(host) means \(reason)"
        }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if !allowed.contains(.loopback), name == "localhost" || name.hasSuffix(".localhost") || name == "localhost.localdomain" {
            return "\(host) names this machine (loopback)"
        }
        if !allowed.contains(.cloudMetadata), Self.metadataNames.contains(name) {
            return "\(host) is a cloud metadata service"
        }
        return nil
    }

    /// Names of instance metadata services that resolve to link-local addresses inside clouds.
    static let metadataNames: Set<String> = [
        "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
        "metadata.azure.internal", "metadata.tencentyun.com",
    ]
}
