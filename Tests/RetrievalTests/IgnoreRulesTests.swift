import Retrieval
import Testing

@Suite struct IgnoreRulesTests {
    @Test func gitignoreSemantics() {
        var rules = IgnoreRules()
        rules.add(
            """
            # build output
            *.log
            build/
            /notes.md
            docs/**/draft-*.md
            !keep.log
            """, base: "")
        #expect(rules.ignores("a.log", isDirectory: false))
        #expect(rules.ignores("deep/x/a.log", isDirectory: false))
        #expect(!rules.ignores("keep.log", isDirectory: false))
        #expect(rules.ignores("build", isDirectory: true))
        #expect(rules.ignores("src/build", isDirectory: true))
        #expect(!rules.ignores("build", isDirectory: false))
        #expect(rules.ignores("notes.md", isDirectory: false))
        #expect(!rules.ignores("sub/notes.md", isDirectory: false))
        #expect(rules.ignores("docs/draft-1.md", isDirectory: false))
        #expect(rules.ignores("docs/a/b/draft-2.md", isDirectory: false))
        #expect(!rules.ignores("docs/a/final.md", isDirectory: false))
    }

    @Test func rulesOfASubfolderApplyBelowIt() {
        var rules = IgnoreRules()
        rules.add("secret.txt\n/only-here.md", base: "sub")
        #expect(rules.ignores("sub/secret.txt", isDirectory: false))
        #expect(rules.ignores("sub/x/secret.txt", isDirectory: false))
        #expect(!rules.ignores("secret.txt", isDirectory: false))
        #expect(rules.ignores("sub/only-here.md", isDirectory: false))
        #expect(!rules.ignores("sub/x/only-here.md", isDirectory: false))
    }
}
