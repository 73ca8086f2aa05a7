import HTTP
import Testing

/// The connect-time half of the SSRF guard: the resolved address is judged, whatever the URL says.
@Suite struct AddressPolicyConnectTests {
    let client = HTTPClient(userAgent: "address-policy-tests/1.0")

    @Test func refusesALoopbackLiteralWithoutConnecting() async throws {
        let server = try TestServer()
        defer { server.stop() }
        var request = HTTPRequest(url: server.baseURL + "/hello")
        request.addressPolicy = .publicOnly
        await #expect { _ = try await client.send(request) } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.kind == .refused && error.refusalReason == "127.0.0.1 is a loopback address"
                && error.message.contains("refused: 127.0.0.1 is a loopback address")
        }
        #expect(server.hits("/hello") == 0)
    }

    /// "localhost" is a name: only after resolution is it known to be loopback.
    @Test func refusesANameThatResolvesToLoopback() async throws {
        let server = try TestServer()
        defer { server.stop() }
        var request = HTTPRequest(url: "http://localhost:\(server.port)/hello")
        request.addressPolicy = .publicOnly
        await #expect { _ = try await client.send(request) } throws: { error in
            (error as? HTTPError)?.kind == .refused && (error as? HTTPError)?.refusalReason?.contains("loopback") == true
        }
        #expect(server.hits("/hello") == 0)
    }

    @Test func anAllowedClassConnectsThroughTheCallback() async throws {
        let server = try TestServer()
        defer { server.stop() }
        var request = HTTPRequest(url: "http://localhost:\(server.port)/hello")
        request.addressPolicy = AddressPolicy(allowed: [.publicInternet, .loopback])
        let response = try await client.send(request)
        #expect(response.head.status == 200)
        #expect(response.bodyText == "hello")
    }

    @Test func refusalIsNotRetried() {
        let refused = HTTPError(kind: .refused, message: "GET x: refused")
        #expect(!RetryPolicy.isRetriable(refused))
    }
}
