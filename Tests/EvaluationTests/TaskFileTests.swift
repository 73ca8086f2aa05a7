import Evaluation
import Foundation
import Testing

/// The task file: what it accepts, and one line naming file, line and field for each
/// way it can be wrong.
struct TaskFileTests {
    func parse(_ text: String, exists: @escaping (String) -> Bool = { _ in true }) throws(TaskFileError) -> [EvalTask] {
        try TaskFile.parse(Data(text.utf8), name: "tasks.jsonl", folder: "/sets", exists: exists)
    }

    func error(_ text: String, exists: @escaping (String) -> Bool = { _ in true }) -> String? {
        do {
            _ = try parse(text, exists: exists)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func readsEveryField() throws {
        let tasks = try parse(
            """
            {"id":"q1","question":"Who wrote Frankenstein?","answers":["Mary Shelley","Mary Wollstonecraft Shelley"],"metadata":{"hops":1}}

            {"id":7,"question":" What is 2+2? ","answers":"4","docs":["notes","/abs/paper.pdf"],"max_steps":3,"max_cost":0.05,"max_time":30,"tools":["search_docs"]}
            {"id":"q3","question":"Run, not scored"}
            """)
        #expect(tasks.count == 3)
        #expect(tasks[0].answers == ["Mary Shelley", "Mary Wollstonecraft Shelley"] && tasks[0].metadata?["hops"]?.intValue == 1)
        #expect(tasks[1].id == "7" && tasks[1].question == "What is 2+2?" && tasks[1].answers == ["4"] && tasks[1].line == 3)
        #expect(tasks[1].docs == ["/sets/notes", "/abs/paper.pdf"])
        #expect(tasks[1].limits == TaskLimits(maxSteps: 3, maxCost: 0.05, maxTime: 30, tools: ["search_docs"]))
        #expect(tasks[2].answers.isEmpty && tasks[2].limits == TaskLimits())
    }

    @Test func eachBadInputIsOneLineNamingFileLineAndField() {
        let good = #"{"id":"a","question":"q"}"#
        #expect(error(good + "\n" + #"{"question":"q"}"#) == "tasks.jsonl:2: field 'id': missing; every task needs a unique id")
        #expect(
            error(good + "\n" + good)
                == "tasks.jsonl:2: field 'id': 'a' is used again (first on line 1); ids must be unique")
        #expect(error(#"{"id":"a"}"#) == "tasks.jsonl:1: field 'question': missing; every task needs a question")
        #expect(error(#"{"id":"a","question":"  "}"#) == "tasks.jsonl:1: field 'question': must be a non-empty string")
        #expect(
            error(#"{"id":"a","question":"q","answer":"x"}"#)?.hasPrefix("tasks.jsonl:1: field 'answer': unknown field; a task has ")
                == true)
        #expect(
            error(#"{"id":"a","question":"q","docs":"missing.pdf"}"#, exists: { _ in false })
                == "tasks.jsonl:1: field 'docs': /sets/missing.pdf: no such file or folder")
        #expect(
            error(#"{"id":"a","question":"q","answers":[1]}"#) == "tasks.jsonl:1: field 'answers': must be a string or a list of strings")
        #expect(
            error(#"{"id":"a","question":"q","max_steps":2.5}"#)
                == "tasks.jsonl:1: field 'max_steps': must be a whole number of at least 1 up to 1000000")
        // Numbers past what a run can use are refused here, not when the run converts them.
        #expect(
            error(#"{"id":"a","question":"q","max_steps":1e20}"#)
                == "tasks.jsonl:1: field 'max_steps': must be a whole number of at least 1 up to 1000000")
        #expect(
            error(#"{"id":"a","question":"q","max_time":1e99}"#)
                == "tasks.jsonl:1: field 'max_time': must be a positive number up to 31536000")
        #expect(error(#"{"id":"a","question":"q","max_cost":1e15}"#) == nil)
        #expect(error(#"{"id":"a","question":"q","max_cost":-1}"#) == "tasks.jsonl:1: field 'max_cost': must be a positive number")
        #expect(error(#"{"id":"a","question":"q","tools":"web_search"}"#) == "tasks.jsonl:1: field 'tools': must be a list of tool names")
        #expect(error(#"["id","a"]"#) == "tasks.jsonl:1: a task is a JSON object, not array")
        #expect(error("") == "tasks.jsonl: the task file has no tasks; write one JSON object per line")
        #expect(error("\n  \n") == "tasks.jsonl: the task file has no tasks; write one JSON object per line")
    }

    @Test func invalidJSONNamesItsLine() throws {
        let message = try #require(error(#"{"id":"a","question":"q"}"# + "\n{\"id\":\"b\","))
        #expect(message.hasPrefix("tasks.jsonl:2: invalid JSON"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func aMissingFileSaysSo() {
        #expect(throws: TaskFileError("/nonexistent/tasks.jsonl: cannot read the task file; check the path")) {
            try TaskFile.load(path: "/nonexistent/tasks.jsonl")
        }
    }
}
