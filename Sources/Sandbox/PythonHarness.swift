/// The Python program that runs inside the sandbox: Harness/harness.py and Harness/harness_evalplus.py, compiled in
/// (`.embedInCode`) so that no resource bundle is needed, and Harness/program.py, the program's own process.
///
/// Its parent process never imports the code under test. It reads a 32-character nonce and then the request as JSON
/// from stdin, makes itself non-dumpable (so `/proc/<harness>/fd` and its memory are closed to the code) and a child
/// subreaper (so a `setsid` daemon stays its descendant), and writes nonce-marked JSON lines to stdout.
///
/// Hidden tests (`.hidden`, `.measure`) and EvalPlus inputs (`.plus`) are judged outside the program's process: for
/// each test the harness forks a judge, which starts the program's process afresh (fork, then exec of a new
/// interpreter running program.py, so that none of the harness's memory is in it), loads the code there, and runs
/// the test with the entry point bound to a stub: arguments and return values cross as length-prefixed JSON frames
/// in a restricted encoding of exact built-in types, decoded in the judge into fresh objects; an exception crosses as
/// its nearest built-in type. The judge counts the CPU time of the program's whole process tree (it is a subreaper:
/// live descendants from `/proc`, reaped ones by their rusage), ends it at the limit, and fails a call that leaves a
/// process running. EvalPlus's reference outputs are made and compared in the judge.
///
/// The loop's own tests (`.tests`) run in the code's own process: for each test the harness forks a child that
/// zeroes its copy of the nonce, points fd 0 at `/dev/null` and fds 1–2 at a pipe the parent drains and counts (the
/// output is discarded; its size is reported, capped at 1 MiB), closes everything but a private report pipe, loads
/// the code afresh with the `exec` and `compile` captured before any code ran, runs the test, and reports over that
/// pipe.
///
/// Time is judged by CPU time (`ITIMER_PROF` inside and `RLIMIT_CPU` as the kernel's backstop for a test's own
/// process; the tree's `/proc` times and rusage for the program under a judge), which does not grow with machine
/// load; code that hangs without using CPU is ended by a generous wall-clock backstop that does not count the time the
/// process waited for a CPU (`/proc/<pid>/schedstat`). A timeout is run once more before it counts; a hang while
/// loading is a timeout. The parent kills everything the test started and only then writes the test's record.
///
/// EvalPlus's part (HumanEval+ / MBPP+, harness_evalplus.py): the reference run on every input as the oracle, a
/// program's outputs compared with the reference's by EvalPlus's rules (exact; floats within `atol` as
/// `np.allclose`, without numpy; its special oracles), all of a task's inputs in one execution with a CPU time limit
/// per input; then `main`, which dispatches every kind of request. It uses the core's helpers, which it follows in
/// the one source.
///
/// Editing any of the files changes outcomes: bump `version` with it (the sources' SHA-256 is pinned to it in a test).
enum PythonHarness {
    /// The runner name and version that enters every execution key.
    static let version = "python-harness/3"

    /// The harness source, run with `python3 -c`: the core (tests, timing, containment), then EvalPlus's part, one
    /// blank line apart. Each file ends with a newline that the source leaves out, so that its bytes (and every
    /// execution key) stay those of the Swift strings the files were moved from.
    static let source = [PackageResources.harness_py, PackageResources.harness_evalplus_py]
        .map { String(decoding: $0.dropLast(), as: UTF8.self) }.joined(separator: "\n\n")

    /// The program's own process (Harness/program.py), which the judge starts afresh with `python3 -c` for hidden
    /// tests and EvalPlus inputs: it loads the code and answers calls, and holds nothing else. Sent to the harness in
    /// the request; part of `version` like the rest.
    static let programSource = String(decoding: PackageResources.program_py, as: UTF8.self)
}
