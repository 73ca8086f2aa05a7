import Foundation

/// The MCP server the tests start (fake-mcp-server.py, beside this file): a well-behaved
/// one and the misbehaving variants, by mode.
public enum FakeMCPServer {
    /// The modes the script knows.
    public enum Mode: String, Sendable {
        /// Tools echo, slow, crash and add, listed over two pages.
        case normal
        /// Never answers initialize.
        case silent
        /// Writes lines that are not JSON-RPC to stdout.
        case junk
        /// Exits in the middle of every call.
        case dies
        /// Offers one tool whose name is 100 characters.
        case longName = "long-name"
        /// Changes its tool list after the first call, and says so.
        case change
        /// Answers initialize with protocol 2024-11-05.
        case old
        /// Answers initialize with a protocol version no client knows.
        case future
        /// Stops reading its input at the first call, and never answers it.
        case deaf
        /// Starts a helper process that would outlive it (state file `helper`: its pid).
        case helper
    }

    /// The interpreter that runs the script.
    public static let command = "/usr/bin/python3"

    /// The script's arguments for `mode`; with `state`, it leaves files there (pid,
    /// initialized, cancelled-ID) for a test to check.
    public static func arguments(_ mode: Mode, state: String? = nil) -> [String] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fake-mcp-server.py").path
        return [script, mode.rawValue] + (state.map { [$0] } ?? [])
    }
}
