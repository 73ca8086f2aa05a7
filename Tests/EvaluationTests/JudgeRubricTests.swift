import Evaluation
import Testing

/// Reading a judge's grade, and the task it is given.
struct JudgeRubricTests {
    @Test func readsTheFirstGrade() throws {
        #expect(JudgeRubric.grade("CORRECT: names Paris.")?.score == 1)
        #expect(JudgeRubric.grade("CORRECT: names Paris.")?.reason == "names Paris.")
        #expect(JudgeRubric.grade("INCORRECT - Lyon is not the capital.")?.score == 0)
        #expect(JudgeRubric.grade("INCORRECT - Lyon is not the capital.")?.reason == "Lyon is not the capital.")
        #expect(JudgeRubric.grade("Final verdict: correct. It is not incorrect.")?.score == 1)
        #expect(JudgeRubric.grade("incorrect, although partly correct")?.score == 0)
        #expect(JudgeRubric.grade("I cannot tell.") == nil)
    }

    @Test func theTaskHoldsQuestionAnswersAndAnswer() {
        let task = JudgeRubric.task(question: "Capital of France?", accepted: ["Paris", "Paris, France"], answer: "")
        #expect(task.contains("Question: Capital of France?"))
        #expect(task.contains(#"Accepted answers: "Paris"; "Paris, France""#))
        #expect(task.contains("Answer to grade: (no answer)"))
    }
}
