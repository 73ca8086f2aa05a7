/// Polls `condition` every few milliseconds until it holds or `timeout` passes. The default
/// is generous because it only bounds a failure: a passing wait returns as soon as the
/// condition holds, and a test suite may share two cores with model servers and builds.
public func waitUntil(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}
