import AgentTesting
import Foundation
import Retrieval
import Testing

@Suite struct DocumentWalkerTests {
    func tree() throws -> String {
        let root = TestDirectory.path("walk")
        let fm = FileManager.default
        for folder in ["a/b", "a/.git", "build", "c"] {
            try fm.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["a/one.md", "a/b/two.txt", "a/.git/config", "build/out.txt", "c/three.md", "c/skip.log", ".hidden.md"] {
            _ = fm.createFile(atPath: root + "/" + file, contents: Data("x\n".utf8))
        }
        _ = fm.createFile(atPath: root + "/.gitignore", contents: Data("build/\n*.log\n".utf8))
        try fm.createSymbolicLink(atPath: root + "/a/b/loop", withDestinationPath: root + "/a")
        try fm.createSymbolicLink(atPath: root + "/c/alias.md", withDestinationPath: root + "/a/one.md")
        try fm.createSymbolicLink(atPath: root + "/c/dangling.md", withDestinationPath: root + "/nowhere.md")
        return root
    }

    @Test func walksInOrderHonouringIgnoresAndLoops() throws {
        let root = try tree()
        let result = DocumentWalker().walk([root, root + "/a/one.md", root + "/missing"])
        let found = result.files.map { String($0.path.dropFirst(root.count + 1)) }
        #expect(found == ["a/b/two.txt", "a/one.md", "c/three.md"])
        #expect(result.roots == [root])
        let reasons = result.skipped.map { "\($0.path.replacingOccurrences(of: root, with: "")): \($0.reason)" }
        #expect(reasons.contains { $0.hasPrefix("/a/b/loop: symlink loop") })
        #expect(reasons.contains("/c/dangling.md: broken symlink"))
        #expect(reasons.contains { $0.contains("missing: no such file or folder") })
        #expect(result.missing == [root + "/missing"])
    }

    @Test func pipesAndDevicesAreNeverRead() throws {
        let root = try tree()
        #expect(mkfifo(root + "/a/pipe.md", 0o644) == 0)
        // Named or met in a folder, a pipe is skipped: opening it would wait for a writer forever.
        let result = DocumentWalker().walk([root + "/a", root + "/a/pipe.md", "/dev/zero"])
        #expect(!result.files.contains { $0.path.hasSuffix("pipe.md") || $0.path == "/dev/zero" })
        let reasons = result.skipped.map { "\($0.path.replacingOccurrences(of: root, with: "")): \($0.reason)" }
        #expect(reasons.contains("/a/pipe.md: not a regular file (a pipe, socket or device)"), "\(reasons)")
        #expect(reasons.contains("/dev/zero: not a regular file (a pipe, socket or device)"))
    }
}
