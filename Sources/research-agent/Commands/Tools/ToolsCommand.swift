import AgentCore
import ArgumentParser
import Foundation
import Tools

/// `research-agent tools`: list the tools or run one directly, without a model.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools", abstract: "List the agent's tools, or run one directly.",
        subcommands: [List.self, Run.self])
}
