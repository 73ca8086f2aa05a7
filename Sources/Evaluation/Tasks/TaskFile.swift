import AgentCore
import Foundation

/// A task file that cannot be run: one line naming the file, the line and the field.
public struct TaskFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// "tasks.jsonl:12: field 'id': ..." or "tasks.jsonl: ...".
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Reads a JSONL task file: one task per line, every line checked before anything runs.
public enum TaskFile {
    /// The fields a task may have.
    public static let fields: Set<String> = [
        "id", "question", "answers", "docs", "metadata", "max_steps", "max_cost", "max_time", "tools",
    ]

    /// The tasks of the file at `path`, in file order.
    /// - Parameter exists: whether a `docs` path exists (FileManager's, unless a test says otherwise).
    /// - Throws: `TaskFileError` for the first line that is wrong, or an unreadable or empty file.
    public static func load(path: String, exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws(TaskFileError)
        -> [EvalTask]
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TaskFileError("\(path): cannot read the task file; check the path")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(data, name: path, folder: folder, exists: exists)
    }

    /// The tasks in `data`; `name` is how errors name the file, and relative `docs` paths
    /// are taken from `folder` (the task file's own).
    public static func parse(_ data: Data, name: String, folder: String, exists: (String) -> Bool) throws(TaskFileError) -> [EvalTask] {
        var tasks: [EvalTask] = []
        var seen: [String: Int] = [:]
        let text = String(decoding: data, as: UTF8.self)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let number = index + 1
            let task = try parseLine(line, number: number, name: name, folder: folder, exists: exists)
            if let first = seen[task.id] {
                throw TaskFileError(
                    "\(name):\(number): field 'id': '\(task.id)' is used again (first on line \(first)); ids must be unique")
            }
            seen[task.id] = number
            tasks.append(task)
        }
        guard !tasks.isEmpty else { throw TaskFileError("\(name): the task file has no tasks; write one JSON object per line") }
        return tasks
    }

    private static func parseLine(_ line: String, number: Int, name: String, folder: String, exists: (String) -> Bool) throws(TaskFileError)
        -> EvalTask
    {
        func fail(_ field: String?, _ why: String) -> TaskFileError {
            TaskFileError("\(name):\(number): " + (field.map { "field '\($0)': " } ?? "") + why)
        }
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { throw fail(nil, error.message) }
        guard let object = value.objectValue else { throw fail(nil, "a task is a JSON object, not \(value.typeName)") }
        for key in object.keys where !fields.contains(key) {
            throw fail(key, "unknown field; a task has \(fields.sorted().joined(separator: ", "))")
        }
        guard let idValue = object["id"] else { throw fail("id", "missing; every task needs a unique id") }
        let id: String
        switch idValue {
        case .string(let text) where !text.trimmingCharacters(in: .whitespaces).isEmpty: id = text
        case .number: id = JSONValue.format(number: idValue.doubleValue ?? 0)
        default: throw fail("id", "must be a non-empty string or a number")
        }
        guard let question = object["question"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !question.isEmpty else {
            throw fail("question", object["question"] == nil ? "missing; every task needs a question" : "must be a non-empty string")
        }
        var answers: [String] = []
        switch object["answers"] {
        case nil, .null?: break
        case .string(let answer)?: answers = [answer]
        case .array(let list)?:
            for item in list {
                guard let answer = item.stringValue else { throw fail("answers", "must be a string or a list of strings") }
                answers.append(answer)
            }
        default: throw fail("answers", "must be a string or a list of strings")
        }
        var docs: [String] = []
        switch object["docs"] {
        case nil, .null?: break
        case .string(let path)?: docs = [path]
        case .array(let list)?:
            for item in list {
                guard let path = item.stringValue else { throw fail("docs", "must be a path or a list of paths") }
                docs.append(path)
            }
        default: throw fail("docs", "must be a path or a list of paths")
        }
        docs = docs.map { $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: folder).appendingPathComponent($0).standardized.path }
        for path in docs where !exists(path) { throw fail("docs", "\(path): no such file or folder") }
        func positive(_ field: String, integer: Bool, most: Double) throws(TaskFileError) -> Double? {
            guard let value = object[field], !value.isNull else { return nil }
            guard let number = value.doubleValue, number > 0, number < .infinity, number <= most, !integer || number == number.rounded()
            else {
                let largest = most.isFinite ? " up to \(Int(most))" : ""
                throw fail(field, (integer ? "must be a whole number of at least 1" : "must be a positive number") + largest)
            }
            return number
        }
        var limits = TaskLimits()
        limits.maxSteps = try positive("max_steps", integer: true, most: Double(Budget.mostSteps)).map { Int($0) }
        limits.maxCost = try positive("max_cost", integer: false, most: .infinity)
        limits.maxTime = try positive("max_time", integer: false, most: Budget.longestTime)
        switch object["tools"] {
        case nil, .null?: break
        case .array(let list)?:
            limits.tools = []
            for item in list {
                guard let tool = item.stringValue else { throw fail("tools", "must be a list of tool names") }
                limits.tools?.append(tool)
            }
        default: throw fail("tools", "must be a list of tool names")
        }
        let metadata = object["metadata"].flatMap { $0.isNull ? nil : $0 }
        return EvalTask(id: id, question: question, answers: answers, docs: docs, metadata: metadata, limits: limits, line: number)
    }
}
