import AgentCore
import ArgumentParser
import LLM
import Retrieval
import Tools

// The choices the command line takes, as the modules define them: ArgumentParser parses
// each, refuses any other value with the ones it takes, and lists them in --help.
extension Provider: ExpressibleByArgument {}
extension ToolFormat: ExpressibleByArgument {}
extension CacheMode: ExpressibleByArgument {}
extension SearchMode: ExpressibleByArgument {}
extension SearchProviderName: ExpressibleByArgument {}
extension EmbedderName: ExpressibleByArgument {}
