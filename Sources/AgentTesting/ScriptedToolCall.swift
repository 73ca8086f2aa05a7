import AgentCore

/// A tool call a fake server streams back: the same id, name and raw JSON arguments the
/// client is expected to reassemble into an AgentCore `ToolCall`.
public typealias ScriptedToolCall = ToolCall
