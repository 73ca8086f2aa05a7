import AgentTesting
import Foundation
import HTTP
import Synchronization
import Testing

/// Stands in for a provider error such as "stream ended before its terminator".
private struct TruncatedStream: RetriableError {
    var isRetriable: Bool { true }
}

@Suite("Retries")
struct RetryTests {
    @Test func retries429HonouringRetryAfter() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient(userAgent: "retry-test")
        let url = server.baseURL + "/retry429"
        let sleeps = Recorder<Duration>()
        let retries = Recorder<Int>()
        let body = try await withRetries(
            policy: RetryPolicy(),
            sleep: { sleeps.append($0) },
            jitter: { 0.5 },
            onRetry: { attempt, _, _ in retries.append(attempt) }
        ) { _ in
            let response = try await client.send(HTTPRequest(url: url))
            guard response.head.status == 200 else { throw HTTPStatusError(response: response, url: url) }
            return response.bodyText
        }
        #expect(body == "ok")
        #expect(sleeps.values == [.seconds(3), .seconds(3)])
        #expect(retries.values == [1, 2])
        #expect(server.hits("/retry429") == 3)
    }

    @Test func givesUpAfterMaxAttemptsWithExponentialBackoff() async throws {
        let sleeps = Recorder<Duration>()
        let attempts = Recorder<Int>()
        let error = await #expect(throws: HTTPStatusError.self) {
            try await withRetries(policy: RetryPolicy(maxAttempts: 4), sleep: { sleeps.append($0) }, jitter: { 0.5 }) { attempt -> Int in
                attempts.append(attempt)
                throw HTTPStatusError(status: 500, url: "http://example.com/x")
            }
        }
        #expect(error?.status == 500)
        #expect(attempts.values == [1, 2, 3, 4])
        #expect(sleeps.values == [.milliseconds(250), .milliseconds(500), .milliseconds(1000)])
    }

    @Test func noRetryOn404() async throws {
        let attempts = Recorder<Int>()
        await #expect(throws: HTTPStatusError.self) {
            try await withRetries(policy: RetryPolicy(), sleep: { _ in }) { attempt -> Int in
                attempts.append(attempt)
                throw HTTPStatusError(status: 404, url: "http://example.com/")
            }
        }
        #expect(attempts.count == 1)
    }

    @Test func stopsOnCancellationErrors() async throws {
        let attempts = Recorder<Int>()
        await #expect(throws: CancellationError.self) {
            try await withRetries(policy: RetryPolicy(), sleep: { _ in }) { attempt -> Int in
                attempts.append(attempt)
                throw CancellationError()
            }
        }
        await #expect(throws: HTTPError.self) {
            try await withRetries(policy: RetryPolicy(), sleep: { _ in }) { attempt -> Int in
                attempts.append(attempt)
                throw HTTPError(kind: .cancelled, message: "GET example.com: cancelled")
            }
        }
        #expect(attempts.count == 2)
    }

    @Test func stopsWhenTaskIsCancelledDuringBackoff() async throws {
        let attempts = Recorder<Int>()
        let task = Task {
            // A 60 s backoff: returning well before it proves the sleep was cut short. The margin
            // is wide because on a loaded machine the other suites' blocking work can hold the
            // cooperative pool's threads for seconds before the cancelled task resumes.
            let policy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(120), maxDelay: .seconds(120))
            return try await withRetries(policy: policy, jitter: { 0.5 }) { attempt -> Int in
                attempts.append(attempt)
                throw HTTPError(kind: .connect, message: "GET example.com: could not connect")
            }
        }
        #expect(await waitUntil { attempts.count == 1 })
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - cancelledAt < .seconds(30))
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(attempts.count == 1)
    }

    @Test func retriableClassification() {
        let retriable: [any Error] = [
            HTTPStatusError(status: 429, url: ""), HTTPStatusError(status: 408, url: ""), HTTPStatusError(status: 503, url: ""),
            HTTPError(kind: .connect, message: ""), HTTPError(kind: .connectTimeout, message: ""),
            HTTPError(kind: .stalled, message: ""), HTTPError(kind: .totalTimeout, message: ""),
            HTTPError(kind: .transfer, message: ""), TruncatedStream(),
        ]
        let permanent: [any Error] = [
            HTTPStatusError(status: 404, url: ""), HTTPStatusError(status: 400, url: ""),
            HTTPError(kind: .cancelled, message: ""), HTTPError(kind: .tooLarge, message: ""),
            HTTPError(kind: .badURL, message: ""), CancellationError(), URLError(.badURL),
        ]
        #expect(retriable.allSatisfy(RetryPolicy.isRetriable))
        #expect(!permanent.contains(where: RetryPolicy.isRetriable))
    }

    @Test func delayComputation() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5), maxRetryAfter: .seconds(60))
        let plain = HTTPError(kind: .connect, message: "")
        #expect(policy.delay(afterAttempt: 1, error: plain, jitter: 0) == .zero)
        #expect(policy.delay(afterAttempt: 1, error: plain, jitter: 0.999) == .milliseconds(999))
        #expect(policy.delay(afterAttempt: 3, error: plain, jitter: 0.5) == .seconds(2))
        #expect(policy.delay(afterAttempt: 30, error: plain, jitter: 0.5) == .milliseconds(2500))
        let slowDown = HTTPStatusError(status: 429, retryAfter: .seconds(7), url: "")
        #expect(policy.delay(afterAttempt: 1, error: slowDown, jitter: 0.1) == .seconds(7))
        let tooLong = HTTPStatusError(status: 503, retryAfter: .seconds(3600), url: "")
        #expect(policy.delay(afterAttempt: 1, error: tooLong, jitter: 0.1) == .seconds(60))
    }

    @Test func parseRetryAfterValues() throws {
        let now = Date(timeIntervalSince1970: 784_111_747)  // Sun, 06 Nov 1994 08:49:07 GMT
        #expect(parseRetryAfter("120", now: now) == .seconds(120))
        #expect(parseRetryAfter(" 5 ", now: now) == .seconds(5))
        #expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(30))
        #expect(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == .seconds(30))
        #expect(parseRetryAfter("Sun Nov  6 08:49:37 1994", now: now) == .seconds(30))
        #expect(parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(parseRetryAfter("soon", now: now) == nil)
        #expect(parseRetryAfter("-3", now: now) == nil)
        #expect(parseRetryAfter("", now: now) == nil)
    }

    @Test func statusErrorFromResponse() {
        let head = HTTPResponseHead(status: 429, headers: [HTTPHeader(name: "retry-after", value: "4")])
        let response = HTTPResponse(head: head, body: Array("{\"error\":\n\"rate limited\"}".utf8))
        let error = HTTPStatusError(response: response, url: "https://api.example.com/v1/chat?key=secret")
        #expect(error.retryAfter == .seconds(4))
        #expect(error.bodySnippet == "{\"error\": \"rate limited\"}")
        #expect(error.description == "HTTP 429 from api.example.com (retry after 4 s): {\"error\": \"rate limited\"}")
    }
}
