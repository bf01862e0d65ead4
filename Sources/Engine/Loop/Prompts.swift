/// The words sent to the model. Hidden tests and the reference solution never appear here: only the task's prompt.
enum Prompts {
    static let codeSystem = """
        You are an expert Python programmer. You write correct, complete, self-contained solutions and submit them \
        by calling the function you are given.
        """

    static func code(_ task: CodingTask) -> String {
        """
        Write the Python function `\(task.entryPoint)` specified below. Submit the whole program (imports, helpers \
        and the function) through `write_code`. Do not include tests, example calls, prints or input().

        ```python
        \(task.prompt)
        ```
        """
    }

    static let testsSystem = """
        You are an expert software tester. You write unit tests from a specification alone, without seeing any \
        implementation, and submit them by calling the function you are given.
        """

    static func tests(_ task: CodingTask, minimum: Int) -> String {
        """
        Write at least \(minimum) unit tests for the Python function `\(task.entryPoint)` specified below. Each \
        test is one `assert` statement that calls `\(task.entryPoint)` (or one `def test_…()` function). The \
        function is already defined where the tests run: do not define or import it. Cover typical cases, edge \
        cases and the examples of the specification. Submit them through `write_tests`.

        ```python
        \(task.prompt)
        ```
        """
    }

    static func formatProblem(_ problem: String, tool: String) -> String {
        "Your answer could not be used: \(problem). Submit it again through `\(tool)`."
    }

    static func codeFailures(_ failures: [Failure]) -> String {
        "Your program fails these tests:\n\n" + list(failures)
            + "\n\nFix the program and submit the whole program again through `write_code`."
    }

    static func testFailures(_ failures: [Failure], minimum: Int) -> String {
        "Run against the current program, these of your tests fail:\n\n" + list(failures)
            + "\n\nThe program or the tests may be wrong. Correct the tests that are wrong, keep the right ones, and "
            + "submit the whole suite again (at least \(minimum) tests) through `write_tests`."
    }

    static func wrongTests(_ failures: [Failure]) -> String {
        "These tests were judged wrong against the specification:\n\n" + list(failures)
            + "\n\nSubmit exactly \(failures.count) corrected replacement tests, in this order, through `write_tests`."
    }

    static let judgeSystem = """
        You are a careful reviewer. A program and a test suite were written independently from the same \
        specification, and some tests fail. For each failing test, decide against the specification alone whether \
        the program or the test is wrong.
        """

    static func judge(_ task: CodingTask, code: String, failures: [Failure]) -> String {
        """
        Specification:
        ```python
        \(task.prompt)
        ```

        Program:
        ```python
        \(code)
        ```

        Failing tests:

        \(list(failures))

        Give a verdict for every failing test through `judge_failures`.
        """
    }

    static let formatSystem = "You check the format of Python programs submitted for a task. You do not fix them."

    static func formatCheck(_ task: CodingTask, code: String) -> String {
        """
        The task asks for the function `\(task.entryPoint)`:
        ```python
        \(task.prompt)
        ```

        Submitted program:
        ```python
        \(code)
        ```

        Is it a well-formed submission? Answer through `check_format`.
        """
    }

    /// A failing test as the model sees it: its number, source, and what happened.
    struct Failure: Equatable {
        var number: Int
        var source: String
        var result: String
        var reason: String?
    }

    private static func list(_ failures: [Failure]) -> String {
        failures.map { failure in
            var text = "Test \(failure.number):\n```python\n\(failure.source)\n```\nResult: \(failure.result)"
            if let reason = failure.reason { text += "\nJudged: \(reason)" }
            return text
        }.joined(separator: "\n\n")
    }
}
