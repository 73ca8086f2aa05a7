import Testing
@testable import Tools

@Suite struct RobotsTxtTests {
    @Test func theAgentsOwnGroupWinsOverTheStarGroup() {
        let text = """
            User-agent: *
            Disallow: /

            User-agent: Research-Agent
            Disallow: /drafts
            """
        let robots = RobotsTxt(parsing: text, agent: "research-agent")
        #expect(robots.allows("/articles/1"))
        #expect(!robots.allows("/drafts/2"))
        #expect(!RobotsTxt(parsing: text, agent: "other-bot").allows("/articles/1"))
    }

    @Test func groupsForOneAgentAreMergedAndSharedGroupsApply() {
        let text = """
            User-agent: googlebot
            User-agent: research-agent
            Disallow: /a

            User-agent: research-agent
            Disallow: /b
            Sitemap: https://example.org/sitemap.xml
            Disallow: /c
            """
        let robots = RobotsTxt(parsing: text, agent: "research-agent")
        #expect(!robots.allows("/a"))
        #expect(!robots.allows("/b"))
        #expect(!robots.allows("/c"))
        #expect(robots.allows("/d"))
    }

    @Test func theLongestMatchWinsAndAllowWinsATie() {
        let robots = RobotsTxt(
            parsing: "User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\nAllow: /x\nDisallow: /x", agent: "research-agent")
        #expect(!robots.allows("/docs/secret"))
        #expect(robots.allows("/docs/public/a"))
        #expect(robots.allows("/x"))
        #expect(robots.refusingRule(for: "/docs/secret") == "/docs/")
        #expect(robots.refusingRule(for: "/docs/public/a") == nil)
    }

    @Test func wildcardsAndEndAnchors() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\nDisallow: /exact$", agent: "a")
        #expect(!robots.allows("/files/report.pdf"))
        #expect(robots.allows("/files/report.pdf?download=1"))
        #expect(!robots.allows("/search?lang=en&q=swift"))
        #expect(robots.allows("/search?lang=en"))
        #expect(!robots.allows("/exact"))
        #expect(robots.allows("/exact/more"))
        #expect(RobotsTxt.matches(pattern: Array("/a*b*c$".utf8), path: Array("/a-b-c".utf8)))
        #expect(!RobotsTxt.matches(pattern: Array("/a*b*c$".utf8), path: Array("/a-b-c-d".utf8)))
    }

    @Test func emptyDisallowCommentsAndOddSpacing() {
        let text = "# nothing is off limits\nUSER-AGENT:*   \nDisallow:    # empty\n\n  Disallow : /tmp  \n"
        let robots = RobotsTxt(parsing: text, agent: "research-agent")
        #expect(robots.allows("/anything"))
        #expect(!robots.allows("/tmp/x"))
    }

    @Test func robotsTxtItselfAndDefaults() {
        #expect(RobotsTxt.disallowAll.allows("/robots.txt"))
        #expect(!RobotsTxt.disallowAll.allows("/"))
        #expect(RobotsTxt.allowAll.allows("/anything"))
        #expect(RobotsTxt(parsing: "", agent: "a").allows("/x"))
        #expect(RobotsTxt(parsing: "User-agent: other\nDisallow: /", agent: "a").allows("/x"))
    }
}
