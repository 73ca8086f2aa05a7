import Testing
import Tools

@Suite struct LayerNoticesTests {
    @Test func eachRefusedLayerIsReportedOnce() {
        let notices = LayerNotices()
        let first = SandboxResult(
            termination: .exited(0), refused: [.landlock: "Function not implemented", .userNamespace: "Operation not permitted"])
        #expect(notices.fresh(in: first).map(\.layer) == [.userNamespace, .landlock])
        #expect(notices.fresh(in: first).isEmpty)
        let second = SandboxResult(termination: .exited(0), refused: [.landlock: "Function not implemented", .seccomp: "Invalid argument"])
        let fresh = notices.fresh(in: second)
        #expect(fresh.map(\.layer) == [.seccomp])
        #expect(fresh.first?.reason == "Invalid argument")
    }
}
