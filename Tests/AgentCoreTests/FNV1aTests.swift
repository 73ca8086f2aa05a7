import AgentCore
import Testing

@Suite struct FNV1aTests {
    @Test func matchesThePublishedVectors() {
        #expect(FNV1a.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash("foobar".utf8) == 0x8594_4171_f739_67e8)
        var parts = FNV1a()
        parts.add("foo".utf8)
        parts.add("bar".utf8)
        #expect(parts.value == FNV1a.hash("foobar".utf8))
    }

    @Test func memoryIDsStayAsTheyWere() {
        // Ids are stored in databases and transcripts: the hash behind them must not move.
        #expect(MemoryTools.memoryID(run: "run-1", index: 0) == "mem_fd50e4e3f658e73b")
    }
}
