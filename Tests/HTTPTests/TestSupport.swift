import Foundation
import Synchronization

/// Polls `condition` every few milliseconds until it holds or `timeout` passes. The default
/// is generous because it only bounds a failure: a passing wait returns as soon as the
/// condition holds, and the suite shares 2 cores with the real model server's tests.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

/// Thread-safe recorder for values seen inside @Sendable closures.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}
