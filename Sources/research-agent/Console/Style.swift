import Foundation

/// Terminal styling: ANSI colour when stdout is a terminal and NO_COLOR is unset.
///
/// Four escape codes do not justify a dependency, so they are written here.
struct Style {
    let enabled: Bool

    /// Styling decided from the environment and stdout.
    static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        Style(enabled: isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }

    private func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { wrap("2", text) }
    func bold(_ text: String) -> String { wrap("1", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func red(_ text: String) -> String { wrap("31", text) }
}
