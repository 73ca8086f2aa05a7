/// How a tool's output is shown to the model.
public enum Observation {
    /// The text the prompt shows for `output`: cut to `limit` characters with a note, and
    /// wrapped as data when it came from outside.
    public static func render(_ output: ToolOutput, tool: String, limit: Int) -> (text: String, truncated: Bool) {
        var text = output.text
        let truncated = text.count > limit
        if truncated {
            text =
                String(text.prefix(limit))
                + "\n[Output truncated: showing the first \(limit) of \(output.text.count) characters; "
                + "the full output is in the transcript. Ask for a narrower result if you need the rest.]"
        }
        if output.tainted {
            // A closing tag inside the data must not end the data block early.
            text = text.replacingOccurrences(of: "</data>", with: "<\\/data>")
            text = "<data source=\"\(tool)\">\n\(text)\n</data>"
        }
        if output.isError { text = "Error: \(text)" }
        return (text, truncated)
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (AgentCore avoids Foundation).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
