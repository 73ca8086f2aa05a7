import CCurl
import Foundation
import Synchronization

/// One request, driven by its own curl multi handle on its own dedicated thread.
///
/// A private multi handle (instead of a blocking curl_easy_perform) lets another
/// thread interrupt the wait with curl_multi_wakeup, so cancellation takes effect
/// immediately, and lets the loop enforce stall/total deadlines to the millisecond.
/// Mutable state below the cross-thread section is touched only by the transfer thread
/// (directly or from curl callbacks), which is why `@unchecked Sendable` is sound.
final class CurlTransfer: @unchecked Sendable {
    private typealias Continuation = AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation

    let request: HTTPRequest
    private let userAgent: String
    private let continuation: Continuation
    private let clock = ContinuousClock()

    // Cross-thread state.
    private let cancelRequested = Atomic<Bool>(false)
    /// The multi handle while it is alive, so `cancel()` never wakes a freed handle.
    private let liveMulti = Mutex<MultiHandle?>(nil)

    /// curl_multi_wakeup is documented thread-safe, so handing the pointer across threads is fine.
    private struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    // Transfer-thread state.
    private var headBuilder = ResponseHeadBuilder()
    private var headSent = false
    private var receivedBytes = 0
    private var abortReason: HTTPError.Kind?
    private var connected = false
    private var lastActivity: ContinuousClock.Instant
    private var lastUploadedBytes: curl_off_t = 0
    /// Why the address policy refused the last address curl offered; set by `openSocket`.
    var addressRefusal: String?

    init(request: HTTPRequest, userAgent: String, continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation) {
        self.request = request
        self.userAgent = userAgent
        self.continuation = continuation
        self.lastActivity = clock.now
    }

    /// Starts the dedicated thread; curl blocks it, never the cooperative pool.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "http-transfer"
        thread.start()
    }

    /// Requests an immediate abort; safe from any thread, idempotent.
    func cancel() {
        cancelRequested.store(true, ordering: .releasing)
        liveMulti.withLock { multi in
            if let multi { _ = curl_multi_wakeup(multi.pointer) }
        }
    }

    private func run() {
        switch perform() {
        case .success:
            sendHeadIfNeeded()
            continuation.finish()
        case .failure(let error):
            continuation.finish(throwing: error)
        }
    }

    private func perform() -> Result<Void, HTTPError> {
        guard CurlGlobal.ensureInitialized() else { return .failure(error(.transfer, "libcurl global initialisation failed")) }
        guard let easy = curl_easy_init() else { return .failure(error(.transfer, "curl_easy_init failed")) }
        defer { curl_easy_cleanup(easy) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        let headerList: UnsafeMutablePointer<curl_slist>?
        do {
            // Unretained is enough: this thread's closure holds `self` until run() returns.
            let context = Unmanaged.passUnretained(self).toOpaque()
            headerList = try CurlOptions.apply(request, userAgent: userAgent, to: easy, errorBuffer: errorBuffer, context: context)
        } catch {
            return .failure(error)
        }
        defer { curl_slist_free_all(headerList) }
        guard let multi = curl_multi_init() else { return .failure(error(.transfer, "curl_multi_init failed")) }
        _ = curl_multi_add_handle(multi, easy)
        liveMulti.withLock { $0 = MultiHandle(pointer: multi) }
        defer {
            _ = curl_multi_remove_handle(multi, easy)
            liveMulti.withLock { $0 = nil }
            // Closes the connection, so a cancelled request is visibly gone at the server.
            _ = curl_multi_cleanup(multi)
        }
        return drive(multi: multi, easy: easy, errorBuffer: errorBuffer)
    }

    /// perform / poll until curl reports completion or one of our own deadlines or the cancel flag fires.
    private func drive(multi: UnsafeMutableRawPointer, easy: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>) -> Result<
        Void, HTTPError
    > {
        let totalDeadline = request.totalTimeout.map { clock.now + $0 }
        while true {
            if cancelRequested.load(ordering: .acquiring) { return .failure(error(.cancelled, "cancelled")) }
            var running: Int32 = 0
            var multiCode = curl_multi_perform(multi, &running)
            if multiCode != CURLM_OK { return .failure(multiError("curl_multi_perform", multiCode)) }
            if let code = completionCode(multi) { return outcome(code, errorBuffer: errorBuffer) }

            let now = clock.now
            noteUploadProgress(easy, now: now)
            var wait: Duration = .seconds(1)
            if let totalDeadline {
                if now >= totalDeadline {
                    return .failure(error(.totalTimeout, "exceeded total timeout of \(request.totalTimeout?.shortDescription ?? "?")"))
                }
                wait = min(wait, totalDeadline - now)
            }
            // Before the connection is up, CURLOPT_CONNECTTIMEOUT_MS is in charge instead.
            if connected, let stall = request.stallTimeout {
                let deadline = lastActivity + stall
                if now >= deadline { return .failure(error(.stalled, "stalled: no data received for \(stall.shortDescription)")) }
                wait = min(wait, deadline - now)
            }
            // curl_multi_poll also returns early for curl's own timers and for curl_multi_wakeup.
            let waitMilliseconds = Int32(clamping: max(1, wait.millisecondsRoundedUp))
            multiCode = curl_multi_poll(multi, nil, 0, waitMilliseconds, nil)
            if multiCode != CURLM_OK { return .failure(multiError("curl_multi_poll", multiCode)) }
        }
    }

    private func completionCode(_ multi: UnsafeMutableRawPointer) -> CURLcode? {
        var queued: Int32 = 0
        var result: CURLcode?
        while let message = curl_multi_info_read(multi, &queued) {
            if ccurl_msg_is_done(message) != 0 { result = ccurl_msg_result(message) }
        }
        return result
    }

    /// Uploading a large body is progress too; without this a slow upload would count as a stall.
    private func noteUploadProgress(_ easy: UnsafeMutableRawPointer, now: ContinuousClock.Instant) {
        guard connected, !request.body.isEmpty else { return }
        var uploaded: curl_off_t = 0
        if ccurl_easy_getinfo_off(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded) == CURLE_OK, uploaded != lastUploadedBytes {
            lastUploadedBytes = uploaded
            lastActivity = now
        }
    }

    /// Maps curl's final code to success or the matching HTTPError kind.
    private func outcome(_ code: CURLcode, errorBuffer: UnsafeMutablePointer<CChar>) -> Result<Void, HTTPError> {
        if code == CURLE_OK { return .success(()) }
        let curlCode = Int(code.rawValue)
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
        if let abortReason, code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK {
            return .failure(abortError(abortReason, curlCode: curlCode))
        }
        if let addressRefusal, code == CURLE_COULDNT_CONNECT {
            var refused = error(.refused, "refused: \(addressRefusal)", curlCode: curlCode)
            refused.refusalReason = addressRefusal
            return .failure(refused)
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .failure(error(.connect, "could not connect: \(detail)", curlCode: curlCode))
        case CURLE_OPERATION_TIMEDOUT where !connected:
            return .failure(
                error(.connectTimeout, "connect timed out after \(request.connectTimeout.shortDescription): \(detail)", curlCode: curlCode))
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .failure(error(.badURL, "bad URL: \(detail)", curlCode: curlCode))
        case CURLE_FILESIZE_EXCEEDED:
            return .failure(abortError(.tooLarge, curlCode: curlCode))
        default:
            return .failure(error(.transfer, "transfer failed: \(detail)", curlCode: curlCode))
        }
    }

    private func abortError(_ kind: HTTPError.Kind, curlCode: Int?) -> HTTPError {
        switch kind {
        case .tooLarge:
            return error(.tooLarge, "response body exceeds the limit of \(request.maxResponseBytes ?? 0) bytes", curlCode: curlCode)
        default:
            return error(kind, "cancelled", curlCode: curlCode)
        }
    }

    private func error(_ kind: HTTPError.Kind, _ detail: String, curlCode: Int? = nil) -> HTTPError {
        HTTPError.make(kind, method: request.method, url: request.url, detail: detail, curlCode: curlCode)
    }

    private func multiError(_ call: String, _ code: CURLMcode) -> HTTPError {
        error(.transfer, "\(call) failed: \(String(cString: curl_multi_strerror(code)))")
    }

    private func sendHeadIfNeeded() {
        guard !headSent else { return }
        headSent = true
        continuation.yield(.head(headBuilder.head))
    }

    // MARK: curl callbacks (transfer thread, inside curl_multi_perform)

    /// CURLOPT_PREREQFUNCTION: connected and about to send the request.
    func connectionEstablished() {
        connected = true
        lastActivity = clock.now
    }

    /// CURLOPT_HEADERFUNCTION: one header line per call; returning a different count aborts.
    func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        if cancelRequested.load(ordering: .relaxed) {
            abortReason = .cancelled
            return 0
        }
        lastActivity = clock.now
        // After the head went out only trailers can follow; they are not part of the head.
        if !headSent {
            headBuilder.consume(line: UnsafeRawBufferPointer(start: data, count: count))
        }
        return count
    }

    /// CURLOPT_WRITEFUNCTION: a body chunk; returning a different count aborts (cancel, too large).
    func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0 else { return 0 }
        if cancelRequested.load(ordering: .relaxed) {
            abortReason = .cancelled
            return 0
        }
        lastActivity = clock.now
        receivedBytes += count
        if let limit = request.maxResponseBytes, receivedBytes > limit {
            abortReason = .tooLarge
            return 0
        }
        sendHeadIfNeeded()
        let chunk = [UInt8](UnsafeRawBufferPointer(start: data, count: count))
        if case .terminated = continuation.yield(.body(chunk)) {
            abortReason = .cancelled
            return 0
        }
        return count
    }
}
