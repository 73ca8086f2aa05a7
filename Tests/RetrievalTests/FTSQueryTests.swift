import Retrieval
import Testing

@Suite struct FTSQueryTests {
    @Test func wordsAreQuotedOredAndStopWordsDropped() {
        #expect(FTSQuery.match("What is the capital of Australia?") == "\"capital\" OR \"australia\"")
        #expect(FTSQuery.terms("C++ NEAR \"x\" -y *z") == ["c", "near", "x", "y", "z"])
        #expect(FTSQuery.match("the") == "\"the\"")
        #expect(FTSQuery.match(" ?! ") == nil)
        #expect(FTSQuery.terms("Zürich zürich ZÜRICH") == ["zürich"])
    }
}
