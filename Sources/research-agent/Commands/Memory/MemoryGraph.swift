import AgentCore
import ArgumentParser
import Foundation
import Memory
import Logging

/// `memory graph NODE`: a node's neighbourhood in the episodic graph.
struct MemoryGraph: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Show the episodic graph around a node, as text, Graphviz dot or JSON.",
        discussion:
            "Nodes: run, step, question, tool_use, source, claim (a memory), entity. Edges: next, asked, used, cites, supports, mentions, derived_from. At most 1,000 nodes are shown, nearest first. Render dot with: dot -Tsvg graph.dot > graph.svg"
    )

    @Argument(help: "A node id (run:<uuid>, source:<url>, entity:<name>, memory:<id>, ...) or text found in node labels.")
    var node: String

    @Option(parsing: .unconditional, help: "How many hops to follow, 1 to 6.")
    var depth = 2

    @Option(help: "Output: text, dot (Graphviz) or json.")
    var format = GraphFormat.text

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if !(1...6).contains(depth) { throw ValidationError("--depth must be between 1 and 6 (got \(depth))") }
    }

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let (memory, _) = try MemorySetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false, logger: logger)
        let graph: GraphNeighbourhood
        do {
            guard let root = try memory.node(named: node) else {
                throw CLIError.failure("no graph node is '\(node)' or has it in its label; try an entity or words of a question")
            }
            guard let found = try memory.neighbourhood(of: root.id, depth: depth) else {
                throw CLIError.failure("node '\(root.id)' vanished")
            }
            graph = found
        } catch let error as MemoryError {
            throw CLIError.failure(error.message)
        }
        switch format {
        case .dot: print(Self.dot(graph))
        case .json: print(Self.json(graph).canonicalText)
        case .text: print(Self.text(graph))
        }
    }

    static func text(_ g: GraphNeighbourhood) -> String {
        var lines = g.nodes.map { "\(String(repeating: "  ", count: $0.depth))\($0.kind) \($0.id)  \(oneLine($0.label))" }
        if g.truncated { lines.append("(more nodes within reach: showing the nearest \(g.nodes.count))") }
        lines.append("")
        lines += g.edges.map { "\($0.src) -\($0.kind)-> \($0.dst)" }
        return lines.joined(separator: "\n")
    }

    static func dot(_ g: GraphNeighbourhood) -> String {
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["digraph episodic {", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
        for n in g.nodes {
            let label = "\(n.kind): \(String(oneLine(n.label).prefix(60)))"
            lines.append("  \(quoted(n.id)) [label=\(quoted(label))\(n.id == g.root.id ? ", style=bold" : "")];")
        }
        for e in g.edges { lines.append("  \(quoted(e.src)) -> \(quoted(e.dst)) [label=\(quoted(e.kind))];") }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func json(_ g: GraphNeighbourhood) -> JSONValue {
        [
            "root": .string(g.root.id), "truncated": .bool(g.truncated),
            "nodes": .array(
                g.nodes.map { ["id": .string($0.id), "kind": .string($0.kind), "label": .string($0.label), "depth": .int($0.depth)] }),
            "edges": .array(g.edges.map { ["src": .string($0.src), "dst": .string($0.dst), "kind": .string($0.kind)] }),
        ]
    }

    private static func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
}

/// How `memory graph` prints.
enum GraphFormat: String, CaseIterable, ExpressibleByArgument {
    case text, dot, json
}
