import CCurl

extension CurlTransfer {
    /// CURLOPT_OPENSOCKETFUNCTION: judges each resolved address before curl connects to it.
    ///
    /// Runs on the transfer thread for every connection attempt (each address of a name,
    /// both families under happy eyeballs). A refused address gets no socket, so curl moves
    /// on to the next one or fails with "couldn't connect", which `outcome` turns into
    /// `.refused` with the recorded reason.
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        if let policy = request.addressPolicy {
            var bytes = [UInt8](repeating: 0, count: 16)
            var port: UInt16 = 0
            let family = ccurl_sockaddr_peer(address, &bytes, &port)
            // Only IPv4 and IPv6 can be judged; anything else (a Unix socket) is refused.
            guard family == 4 || family == 6, let peer = IPAddress(bytes: Array(bytes.prefix(family == 4 ? 4 : 16))) else {
                addressRefusal = "the connection is not over IPv4 or IPv6"
                return ccurl_socket_bad
            }
            if let reason = policy.refusal(for: peer) {
                addressRefusal = reason
                return ccurl_socket_bad
            }
        }
        return ccurl_open_socket(address)
    }
}
