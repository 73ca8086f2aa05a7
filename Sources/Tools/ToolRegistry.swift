import AgentCore
import Foundation

/// The tools of a run: built-ins with the home's overrides applied, and how to run them.
///
/// It runs each call under its manifest's limits: a timeout, an output cap, and errors
/// turned into observations, so no tool failure can crash a run.
public struct ToolRegistry: ToolExecutor {
    /// One registered tool: the implementation, its effective manifest and its hard caps.
    struct Entry: Sendable {
        var tool: any Tool
        var manifest: ToolManifest
        var caps: ToolLimits
    }

    private var entries: [Entry] = []
    /// The clock that times calls out (a test's own, to run timeouts without waiting).
    private let clock: any Swift.Clock<Duration>

    /// An empty registry whose timeouts run on `clock`.
    public init(clock: any Swift.Clock<Duration> = ContinuousClock()) {
        self.clock = clock
    }

    /// Adds `tool`; limits in overrides are clamped to `caps` (default: the tool's own limits ×10).
    public mutating func register(_ tool: any Tool, caps: ToolLimits? = nil) {
        let base = tool.manifest.limits
        let cap =
            caps
            ?? ToolLimits(
                timeoutSeconds: base.timeoutSeconds * 10, maxOutputBytes: base.maxOutputBytes * 10,
                extra: base.extra.mapValues { $0 * 10 })
        entries.removeAll { $0.manifest.name == tool.manifest.name }
        entries.append(Entry(tool: tool, manifest: tool.manifest, caps: cap))
    }

    /// Stops offering `name` to the model, as `"enabled": false` in an override does. Called
    /// after the overrides, it holds whatever they say (a tool the user has not consented
    /// to, or turned off for the run).
    public mutating func disable(_ name: String) {
        for i in entries.indices where entries[i].manifest.name == name { entries[i].manifest.enabled = false }
    }

    /// Every manifest, enabled or not, in registration order.
    public var manifests: [ToolManifest] { entries.map(\.manifest) }

    /// The manifests offered to the model.
    public var enabledManifests: [ToolManifest] { manifests.filter(\.enabled) }

    /// The manifest of `name`, if registered.
    public func manifest(named name: String) -> ToolManifest? { entries.first { $0.manifest.name == name }?.manifest }

    /// Applies `<dir>/NAME.json` overrides; a file for an unknown tool or with a bad key is an error.
    /// - Parameter unregistered: names of tools that exist but are not offered in this run
    ///   (no documents, `--no-memory`): their files are skipped, not refused, so one home's
    ///   overrides serve every kind of run.
    public mutating func applyOverrides(directory: String, unregistered: Set<String> = []) throws(ToolConfigError) {
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: directory) } catch { return }
        for file in files.sorted() where file.hasSuffix(".json") {
            let path = directory + "/" + file
            let name = String(file.dropLast(5))
            if unregistered.contains(name), !entries.contains(where: { $0.manifest.name == name }) { continue }
            guard let index = entries.firstIndex(where: { $0.manifest.name == name }) else {
                let known = entries.map(\.manifest.name).joined(separator: ", ")
                throw ToolConfigError("\(path): no built-in tool named '\(name)' (known: \(known))")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw ToolConfigError("\(path): cannot read the file") }
            do {
                let json = try JSONValue.parse(data)
                entries[index].manifest = try ManifestJSON.apply(json, to: entries[index].manifest, caps: entries[index].caps)
            } catch let error as ToolConfigError {
                throw ToolConfigError("\(path): \(error.message)")
            } catch {
                throw ToolConfigError("\(path): \(error)")
            }
        }
    }

    /// Validates raw JSON arguments against the tool's schema, for `tools run`.
    public func validate(name: String, arguments text: String) throws(ToolConfigError) -> JSONValue {
        guard let manifest = manifest(named: name) else {
            throw ToolConfigError("no tool named '\(name)'; run `research-agent tools list` to see them")
        }
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch { throw ToolConfigError("the arguments are \(error.message)") }
        let problems = SchemaValidator().problems(value, schema: manifest.schema.parameters)
        guard problems.isEmpty else { throw ToolConfigError("invalid arguments for \(name): " + problems.joined(separator: "; ")) }
        return value
    }

    /// Runs tool `name` with validated `arguments`.
    public func execute(name: String, arguments: JSONValue, callID: String, context: ToolContext) async -> ToolOutput {
        guard let entry = entries.first(where: { $0.manifest.name == name }) else { return .error("no tool named '\(name)'") }
        var cut = entry.manifest.limits
        // The run may have cut the timeout to what is left of its time budget.
        cut.timeoutSeconds = min(cut.timeoutSeconds, context.limits.timeoutSeconds)
        let limits = cut
        let tool = entry.tool
        var ctx = context
        ctx.limits = limits
        let result: ToolOutput = await withTaskGroup(of: ToolOutput?.self) { group in
            group.addTask { [ctx] in
                do { return try await tool.run(arguments, context: ctx) } catch is CancellationError {
                    return nil
                } catch { return .error("\(name) failed: \(error)") }
            }
            group.addTask { [clock] in
                try? await clock.sleep(for: .milliseconds(Int((limits.timeoutSeconds * 1000).rounded(.up)) + 1))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
                ?? .error(
                    Task.isCancelled
                        ? "\(name) was cancelled" : "\(name) timed out after \(JSONValue.format(number: limits.timeoutSeconds)) s")
        }
        return Self.capped(result, maxBytes: limits.maxOutputBytes)
    }

    /// Cuts output past `maxBytes` at a character boundary, saying so.
    static func capped(_ output: ToolOutput, maxBytes: Int) -> ToolOutput {
        guard output.text.utf8.count > maxBytes else { return output }
        var out = output
        var bytes = Array(output.text.utf8.prefix(maxBytes))
        // Never split a character: drop a trailing partial UTF-8 sequence.
        if let lead = bytes.lastIndex(where: { $0 & 0xC0 != 0x80 }), bytes[lead] >= 0xC0 {
            let expected = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : 2
            if bytes.count - lead < expected { bytes.removeSubrange(lead...) }
        }
        out.text = String(decoding: bytes, as: UTF8.self) + "\n[output cut at the tool's limit of \(maxBytes) bytes]"
        return out
    }
}
