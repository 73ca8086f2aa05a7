import CCurl

/// The process-wide `curl_global_init` guard.
enum CurlGlobal {
    /// Swift initialises static lets lazily under `swift_once`, so curl_global_init runs
    /// exactly once and concurrent first callers wait for it; this is the only global state.
    private static let initSucceeded: Bool = ccurl_global_init() == CURLE_OK

    /// Runs curl_global_init on first use; false when libcurl could not initialise.
    static func ensureInitialized() -> Bool { initSucceeded }
}
