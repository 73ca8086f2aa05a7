import Testing

@testable import Retrieval

@Suite struct RowDirectoryTests {
    @Test func claimsAndReleasesKeepRowsDense() {
        var rows = RowDirectory()
        let claims = [10, 20, 30, 20].map { rows.claim($0) }
        #expect(claims.map(\.row) == [0, 1, 2, 1] && claims.map(\.isNew) == [true, true, true, false])
        let first = rows.release(10)
        #expect(first?.row == 0 && first?.last == 2)
        #expect(rows.ids == [30, 20] && rows.row(of: 30) == 0)
        let second = rows.release(20), third = rows.release(20)
        #expect(second?.row == 1 && second?.last == 1 && third == nil)
        #expect(rows.ids == [30] && rows.count == 1)
    }
}
