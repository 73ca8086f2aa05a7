import AgentCore
import AgentTesting
import Foundation
import LLM
import Testing

@Suite struct TimeLimitedModelTests {
    @Test func aCallEndsWhenTheTimeLeftIsUsedUp() async throws {
        var limited = request()
        limited.timeLimitSeconds = 0.2
        let started = ContinuousClock.now
        await #expect {
            _ = try await TimeLimitedModel(ScriptedModel([.hang])).ask(limited)
        } throws: { "\($0)" == "no reply within the 0.2 s left of the time budget" }
        #expect(ContinuousClock.now - started < .seconds(20))  // the model would never answer
    }

    @Test func aQuickReplyAndNoLimitPassThrough() async throws {
        var limited = request()
        limited.timeLimitSeconds = 30
        #expect(try await TimeLimitedModel(ScriptedModel([.text("fast")])).ask(limited).text == "fast")
        #expect(try await TimeLimitedModel(ScriptedModel([.text("unlimited")])).ask(request()).text == "unlimited")
    }
}
