/// The Python program that runs inside the sandbox, embedded so that no resource bundle is needed.
///
/// Its parent process never imports the code under test. It reads a 32-character nonce and then the request as JSON
/// from stdin, makes itself non-dumpable (so `/proc/<harness>/fd` and its memory are closed to the code) and a child
/// subreaper (so a `setsid` daemon stays its descendant), and writes nonce-marked JSON lines to stdout. For each test
/// it forks a child that zeroes its copy of the nonce, points fds 0–2 at `/dev/null`, closes everything but a private
/// pipe, loads the code afresh with the `exec` and `compile` captured before any code ran, runs the test, and reports
/// over that pipe. The parent enforces the per-test wall-clock limit, kills everything the test started, and only
/// then writes the test's record. Editing this source changes outcomes: bump `version` with it.
enum PythonHarness {
    /// The runner name and version that enters every execution key.
    static let version = "python-harness/1"

    /// The harness source, run with `python3 -c`.
    static let source = #"""
import builtins, ctypes, json, os, re, select, signal, sys, time

_exec, _compile = builtins.exec, builtins.compile
NONCE = bytearray(32)
RECORDS = os.dup(1)


def read_request():
    got = 0
    view = memoryview(NONCE)
    while got < len(NONCE):
        n = os.readv(0, [view[got:]])
        if n == 0:
            sys.exit(3)
        got += n
    chunks = []
    while True:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    return json.loads(b"".join(chunks))


def record(**fields):
    os.writev(RECORDS, [NONCE, b" " + json.dumps(fields, sort_keys=True).encode() + b"\n"])


def harden():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)    # PR_SET_DUMPABLE 0: /proc/<harness>/fd and /mem closed to the code
        libc.prctl(36, 1, 0, 0, 0)   # PR_SET_CHILD_SUBREAPER: a setsid daemon is still our descendant
    except Exception:
        pass


def clean(text, limit=2000):
    text = re.sub(r" at 0x[0-9a-fA-F]+", " at 0x?", text)
    return text if len(text) <= limit else text[:limit] + "…"


def describe(error, sources):
    if isinstance(error, AssertionError):
        text = str(error)
        line = ""
        tb = error.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name in sources:
                lines = sources[name].splitlines()
                if 0 < tb.tb_lineno <= len(lines):
                    line = lines[tb.tb_lineno - 1].strip()
            tb = tb.tb_next
        parts = ["AssertionError"]
        if text:
            parts.append(": " + text)
        if line:
            parts.append(" (" + line + ")")
        return "fail", clean("".join(parts))
    return "error", clean(type(error).__name__ + (": " + str(error) if str(error) else ""))


def descendants():
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/" + entry + "/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [os.getpid()]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_all(sole_owner):
    # A dedicated uid lets kill(-1) end everything the code started, however it hid; otherwise walk descendants.
    for _ in range(200):
        if sole_owner and os.getuid() != 0:
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
        left = descendants()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap()
        if not left:
            return
        time.sleep(0.002)


def child_main(write_end, code, test, index):
    NONCE[:] = bytes(len(NONCE))
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, write_end)
    os.closerange(write_end + 1, 1 << 16)
    sources = {"<code>": code}
    try:
        namespace = {"__name__": "__sandbox__", "__builtins__": builtins}
        _exec(_compile(code, "<code>", "exec"), namespace)
        if test is not None:
            name = "<test %d>" % index
            sources[name] = test
            scope = dict(namespace)
            _exec(_compile(test, name, "exec"), scope)
            for key, value in list(scope.items()):
                if key.startswith("test") and callable(value) and namespace.get(key) is not value:
                    value()
        result = {"status": "pass", "message": ""}
    except BaseException as error:  # SystemExit and KeyboardInterrupt too: the test did not return
        status, message = describe(error, sources)
        result = {"status": status, "message": message}
    os.write(write_end, json.dumps(result).encode())
    os._exit(0)


def run_child(code, test, index, timeout, sole_owner):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            os.close(read_end)
            child_main(write_end, code, test, index)
        finally:
            os._exit(70)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    os.close(write_end)
    # The report is complete when the child has exited: a grandchild may hold the pipe open for much longer.
    try:
        exit_fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        exit_fd = None
    deadline = time.monotonic() + timeout
    report, timed_out, status, reading = b"", False, None, True
    while status is None:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        watched = ([read_end] if reading else []) + ([exit_fd] if exit_fd is not None else [])
        ready, _, _ = select.select(watched, [], [], left if exit_fd is not None else min(left, 0.005))
        if read_end in ready:
            chunk = os.read(read_end, 1 << 16)
            if chunk:
                report += chunk[: max(0, (1 << 20) - len(report))]
            else:
                reading = False
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if done:
            status = wait_status
    if status is not None and reading:
        os.set_blocking(read_end, False)
        try:
            while True:
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                report += chunk[: max(0, (1 << 20) - len(report))]
        except BlockingIOError:
            pass
    if exit_fd is not None:
        os.close(exit_fd)
    os.close(read_end)
    if timed_out:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    kill_all(sole_owner)
    if status is None:
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            status = 0
    if timed_out:
        return {"status": "timeout", "message": "exceeded the %g s test time limit" % timeout}
    try:
        result = json.loads(report)
        if isinstance(result, dict) and result.get("status") in ("pass", "fail", "error"):
            return {"status": result["status"], "message": str(result.get("message", ""))}
    except ValueError:
        pass
    if report:
        return {"status": "error", "message": "the test's report was garbled (did the code write to its file descriptors?)"}
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        if signum == signal.SIGXCPU:
            return {"status": "timeout", "message": "exceeded the CPU time limit"}
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = "signal %d" % signum
        return {"status": "error", "message": "killed by %s without a result" % name}
    return {"status": "error", "message": "exited without a result (exit status %d)" % os.waitstatus_to_exitcode(status)}


def main():
    request = read_request()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    harden()
    if "" in sys.path:
        sys.path.remove("")
    record(type="python", version="%d.%d.%d" % sys.version_info[:3])
    sources = [request["code"]] + list(request["tests"])
    if request["kind"] == "syntax":
        for index, source in enumerate(sources):
            try:
                _compile(source, "<code>" if index == 0 else "<test %d>" % (index - 1), "exec")
                record(type="test", index=index, status="pass", message="")
            except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as error:
                if isinstance(error, SyntaxError):
                    message = "%s: %s (line %s)" % (type(error).__name__, error.msg, error.lineno)
                else:
                    message = type(error).__name__ + ": " + str(error)
                record(type="test", index=index, status="error", message=clean(message))
        record(type="done")
        return
    timeout, sole_owner = float(request["test_timeout"]), bool(request.get("sole_owner"))
    load = run_child(request["code"], None, -1, timeout, sole_owner)
    if load["status"] != "pass":
        record(type="load", message=load["message"])
        record(type="done")
        return
    record(type="loaded")
    for index, test in enumerate(request["tests"]):
        outcome = run_child(request["code"], test, index, timeout, sole_owner)
        record(type="test", index=index, **outcome)
    record(type="done")


main()
"""#
}
