import Testing
@testable import Tools

/// Which provider web_search uses for a name and an environment.
@Suite struct SearchProviderChoiceTests {
    func chosen(_ name: String?, _ environment: [String: String]) throws -> String {
        switch try SearchProviderChoice.choose(provider: name, environment: environment) {
        case .api(let api): return api.id + " " + api.endpoint
        case .offline: return "offline"
        }
    }

    @Test func theEnvironmentDecidesWhenNothingIsNamed() throws {
        #expect(try chosen(nil, [:]) == "offline")
        #expect(
            try chosen(nil, ["SEARXNG_URL": "http://127.0.0.1:8888/", "BRAVE_API_KEY": "b"])
                == "brave https://api.search.brave.com/res/v1/web/search")
        #expect(try chosen(nil, ["TAVILY_API_KEY": "t", "BRAVE_API_KEY": "b"]) == "tavily https://api.tavily.com/search")
        #expect(
            try chosen(nil, ["SEARXNG_URL": "http://127.0.0.1:8888/", "TAVILY_API_KEY": " "]) == "searxng http://127.0.0.1:8888/search")
    }

    @Test func aNameWinsAndNeedsItsVariable() throws {
        #expect(try chosen("offline", ["TAVILY_API_KEY": "t"]) == "offline")
        #expect(try chosen("SearXNG", ["SEARXNG_URL": "https://searx.example/search"]) == "searxng https://searx.example/search")
        #expect { try chosen("tavily", [:]) } throws: { "\($0)".hasPrefix("the search provider is tavily but TAVILY_API_KEY is not set") }
        #expect { try chosen("bing", [:]) } throws: {
            "\($0)" == "unknown search provider 'bing'; expected one of tavily, brave, searxng, offline"
        }
    }
}
