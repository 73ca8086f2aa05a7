import AgentCore

/// A tool that answers from a closure: for tests of the loop and the registry.
public struct FakeTool: Tool {
    /// The tool's built-in manifest.
    public let manifest: ToolManifest
    private let body: @Sendable (JSONValue, ToolContext) async throws -> ToolOutput

    /// A tool named `name` taking `{"query": string}` unless `parameters` says otherwise.
    public init(
        name: String, description: String = "A test tool.", parameters: JSONValue? = nil,
        limits: ToolLimits = ToolLimits(), run: @escaping @Sendable (JSONValue, ToolContext) async throws -> ToolOutput
    ) {
        manifest = ToolManifest(
            schema: ToolSchema(
                name: name, description: description,
                parameters: parameters ?? [
                    "type": "object", "properties": ["query": ["type": "string"]], "required": ["query"],
                    "additionalProperties": false,
                ]),
            limits: limits)
        body = run
    }

    /// Runs one call with validated `arguments`.
    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await body(arguments, context)
    }

    /// A search-like tool that returns one numbered source per call, for citation tests.
    public static func search(name: String = "web_search") -> FakeTool {
        FakeTool(name: name) { args, context in
            var catalog = context.sources
            let query = args["query"]?.stringValue ?? ""
            let source = Source(kind: .url, ref: "https://example.org/\(query.replacingSpaces)", title: "About \(query)")
            let n = catalog.number(for: source)
            return ToolOutput(
                text: "[\(n)] \(source.title ?? "") — \(source.ref)\n\(query) is well documented.",
                sources: [NumberedSource(number: n, source: source)], tainted: true)
        }
    }
}

/// Runs tools from a list, for tests that do not need the Tools module's registry.
public struct ToolList: ToolExecutor {
    private let tools: [String: any Tool]

    /// An executor over `tools`.
    public init(_ tools: [any Tool]) {
        var byName: [String: any Tool] = [:]
        for tool in tools { byName[tool.manifest.name] = tool }
        self.tools = byName
    }

    /// Runs tool `name` with validated `arguments`.
    public func execute(name: String, arguments: JSONValue, callID: String, context: ToolContext) async -> ToolOutput {
        guard let tool = tools[name] else { return .error("no tool \(name)") }
        do { return try await tool.run(arguments, context: context) } catch { return .error("\(error)") }
    }
}

extension String {
    fileprivate var replacingSpaces: String { String(map { $0 == " " ? "_" : $0 }) }
}
