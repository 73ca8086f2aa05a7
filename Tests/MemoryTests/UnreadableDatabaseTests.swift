import AgentTesting
import Foundation
import Memory
import Retrieval
import Testing

@Suite struct UnreadableDatabaseTests {
    @Test func anUnreadableFileIsMovedAsideByItsKindAndAReadableOneStays() throws {
        let path = TestDirectory.path("unreadable", suffix: ".sqlite")
        defer {
            for a in ["", ".corrupt"] { for b in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + a + b) } }
        }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect { _ = try AgentDatabase(path: path) } throws: { ($0 as? IndexError)?.kind == .unreadableDatabase }
        #expect(try UnreadableDatabase.setAside(path) == path + ".corrupt")
        #expect(FileManager.default.fileExists(atPath: path + ".corrupt"))
        // What is left opens as a new database, and a readable one is not moved.
        #expect(try UnreadableDatabase.setAside(path) == nil)
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
