import Foundation
import GRDB
@testable import Retrieval
import Testing
import AgentTesting

@Suite struct DocumentRootsTests {
    @Test func anIndexFromBeforeRootsKeepsItsFoldersSynced() throws {
        let path = TestDirectory.path("roots", suffix: ".sqlite")
        let old = try DatabaseQueue(path: path)
        try AgentDatabase.migrator.migrate(old, upTo: "v3-memory")
        try old.write { db in
            for uri in ["/notes/a.md", "/notes/b.md", "/papers/x/y.pdf", "https://example.com/page"] {
                try db.execute(
                    sql: "INSERT INTO documents (collection, uri, sha256, mtime, title, added_at) VALUES ('docs', ?, 'h', 1, NULL, 1)",
                    arguments: [uri])
            }
        }
        try old.close()
        let index = DocumentIndex(database: try AgentDatabase(path: path))
        #expect(try index.roots() == ["/notes", "/papers/x"])
    }

    @Test func removingAFolderForgetsTheRootsUnderIt() throws {
        let index = DocumentIndex(database: try freshDatabase())
        try index.addRoots(["/a", "/a/b", "/ab", "/c.md"], now: 1)
        #expect(try index.removeRoots(under: "/a") == ["/a", "/a/b"])
        #expect(try index.roots() == ["/ab", "/c.md"])
        #expect(try index.removeRoots(under: "/nothing").isEmpty)
    }

    @Test func removingAFolderTakesItsDocumentsAndSaysWhatASyncWouldBringBack() throws {
        let database = try freshDatabase()
        try database.pool.write { db in
            for uri in ["/notes/a.md", "/notes/sub/b.md", "/notesx/c.md", "/kept/d.md"] {
                try db.execute(
                    sql: "INSERT INTO documents (collection, uri, sha256, mtime, title, added_at) VALUES ('docs', ?, 'h', 1, NULL, 1)",
                    arguments: [uri])
            }
        }
        let index = DocumentIndex(database: database)
        try index.addRoots(["/notes/sub", "/kept"], now: 1)
        let folder = try index.remove(documentOrFolder: "/notes")
        #expect(folder.removed == ["/notes/a.md", "/notes/sub/b.md"] && folder.unsynced == ["/notes/sub"] && folder.returning.isEmpty)
        // A document inside a folder still synced comes back with the next sync: said so.
        let inside = try index.remove(documentOrFolder: "/kept/d.md")
        #expect(inside.removed == ["/kept/d.md"] && inside.returning == [DocumentRemoval.Returning(document: "/kept/d.md", root: "/kept")])
        #expect(try index.remove(documentOrFolder: "/nothing").isEmpty)
        #expect(try index.documents().map(\.uri) == ["/notesx/c.md"])
    }
}
