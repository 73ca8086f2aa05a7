import Retrieval
import Testing

@Suite struct ChunkTests {
    @Test func defaultLimitsFitTheEmbedder() {
        let limits = ChunkLimits()
        #expect(limits.maxCharacters <= 1024 && limits.overlapCharacters < limits.maxCharacters)
    }
}
