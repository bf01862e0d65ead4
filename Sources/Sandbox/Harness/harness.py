import builtins, ctypes, fcntl, json, math, os, re, resource, select, signal, sys, time

_exec, _compile = builtins.exec, builtins.compile
NONCE = bytearray(32)
RECORDS = os.dup(1)
OUTPUT_CAP = 1 << 20
TICK = os.sysconf("SC_CLK_TCK")


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


def seconds(value):
    return "%g" % value


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


def cpu_of(pid):
    # CPU seconds a live process has used so far (user + system), from /proc; 0 when it is gone.
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, ValueError, IndexError):
        return 0.0


def waited_of(pid):
    # Seconds a live process has spent runnable but waiting for a CPU: time that load, not the code, took.
    try:
        with open("/proc/%d/schedstat" % pid, "rb") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def backstop_of(cpu_limit):
    # The wall-clock backstop for code that hangs without using CPU (sleeps, blocks): generous, and counted without
    # the time the code waited for a CPU, so that a loaded machine does not turn slow code into a hang.
    return 2 * cpu_limit + 5


class TimeLimit(BaseException):
    pass


def on_cpu_limit(signum, frame):
    raise TimeLimit()


def limit_cpu(cpu_limit):
    # A soft limit that raises TimeLimit inside the code (ITIMER_PROF counts CPU time, not wall time) and a hard
    # one the kernel enforces (SIGXCPU, then SIGKILL) should the code swallow TimeLimit.
    soft = int(math.ceil(cpu_limit)) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, min(soft + 1, hard) if hard != resource.RLIM_INFINITY else soft + 1))
    except (ValueError, OSError):
        pass
    signal.signal(signal.SIGPROF, on_cpu_limit)


def arm(cpu_limit):
    signal.setitimer(signal.ITIMER_PROF, max(cpu_limit, 0.001))


def disarm():
    signal.setitimer(signal.ITIMER_PROF, 0)


def enter_child(write_end, sink):
    NONCE[:] = bytes(len(NONCE))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    keep = sorted({write_end})
    low = 3
    for fd in keep:
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1 << 16)


def child_main(write_end, sink, code, test, index, cpu_limit):
    enter_child(write_end, sink)
    limit_cpu(cpu_limit)
    sources = {"<code>": code}
    try:
        arm(cpu_limit)
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
        disarm()
        result = {"status": "pass", "message": ""}
    except TimeLimit:
        result = {"status": "timeout", "message": ""}
    except BaseException as error:  # SystemExit and KeyboardInterrupt too: the test did not return
        disarm()
        status, message = describe(error, sources)
        result = {"status": status, "message": message}
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os.write(write_end, json.dumps(result).encode())
    os._exit(0)


class Watch:
    """One forked child watched to its end: its report pipe, its output (counted, discarded), its CPU and wall time."""

    def __init__(self, pid, read_end, sink, cpu_limit):
        self.pid, self.read_end, self.sink = pid, read_end, sink
        self.report, self.output = b"", 0
        self.status, self.rusage, self.hung = None, None, False
        self.cpu_limit = cpu_limit
        try:
            self.exit_fd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self.exit_fd = None

    def drain(self, fd):
        chunk = os.read(fd, 1 << 20)
        if fd == self.sink:
            self.output = min(OUTPUT_CAP, self.output + len(chunk))
        else:
            self.report += chunk[: max(0, (1 << 22) - len(self.report))]
        return bool(chunk)

    def poll(self, timeout, streams):
        watched = list(streams) + ([self.exit_fd] if self.exit_fd is not None else [])
        ready, _, _ = select.select(watched, [], [], timeout if self.exit_fd is not None else min(timeout, 0.005))
        for fd in ready:
            if fd not in streams:
                continue
            try:
                # Drain what is there now: a flood of output must not be slowed down to the pace of this loop.
                for _ in range(64):
                    if not self.drain(fd):
                        streams.remove(fd)
                        break
            except BlockingIOError:
                pass
        done, status, rusage = os.wait4(self.pid, os.WNOHANG)
        if done:
            self.status, self.rusage = status, rusage
        return ready

    def run(self, on_line=None, step=None):
        """Watches until the child exits or hangs. `step()` may end it early by returning True (a per-input limit)."""
        started = time.monotonic()
        streams = [self.read_end, self.sink]
        backstop = backstop_of(self.cpu_limit)
        os.set_blocking(self.read_end, False)
        os.set_blocking(self.sink, False)
        while self.status is None:
            elapsed = time.monotonic() - started
            awake = elapsed - waited_of(self.pid) if elapsed >= backstop else elapsed
            if awake >= backstop:
                self.hung = True
                break
            self.poll(min(0.25, max(0.01, backstop - awake)), streams)
            if on_line is not None:
                while b"\n" in self.report:
                    line, self.report = self.report.split(b"\n", 1)
                    on_line(line)
            if step is not None and self.status is None and step():
                break
        if self.status is not None:
            for fd in list(streams):
                try:
                    for _ in range(256):  # a grandchild may hold the pipe and keep writing
                        if not self.drain(fd):
                            break
                except BlockingIOError:
                    pass
            if on_line is not None:
                for line in self.report.split(b"\n"):
                    if line:
                        on_line(line)
                self.report = b""
        return self

    def finish(self, sole_owner):
        if self.exit_fd is not None:
            os.close(self.exit_fd)
        os.close(self.read_end)
        os.close(self.sink)
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        kill_all(sole_owner)
        if self.status is None:
            try:
                _, self.status, self.rusage = os.wait4(self.pid, 0)
            except ChildProcessError:
                self.status = 0
        return self

    @property
    def cpu(self):
        return (self.rusage.ru_utime + self.rusage.ru_stime) if self.rusage is not None else 0.0


def fork_child(target, cpu_limit):
    read_end, write_end = os.pipe()
    sink_read, sink_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            os.close(read_end)
            os.close(sink_read)
            target(write_end, sink_write)
        finally:
            os._exit(70)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    os.close(write_end)
    os.close(sink_write)
    try:
        fcntl.fcntl(sink_read, 1031, 1 << 20)   # F_SETPIPE_SZ: room for a burst of output
    except OSError:
        pass
    return Watch(pid, read_end, sink_read, cpu_limit)


def crash_message(status):
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = "signal %d" % signum
        return "killed by %s without a result" % name
    return "exited without a result (exit status %d)" % os.waitstatus_to_exitcode(status)


def ran_out_of_cpu(watch):
    signaled = os.WIFSIGNALED(watch.status) and os.WTERMSIG(watch.status) in (signal.SIGXCPU, signal.SIGKILL)
    return watch.cpu > watch.cpu_limit or (signaled and watch.cpu >= watch.cpu_limit * 0.9)


def run_child(code, test, index, cpu_limit, sole_owner):
    outcome = judge_child(code, test, index, cpu_limit, sole_owner)
    if outcome["status"] == "timeout" and outcome["output"] >= OUTPUT_CAP:
        # Whether a flood ends at the CPU limit or, blocked on its pipe, at the backstop depends on the machine.
        outcome["message"] = "ran out of time flooding its output (over 1 MiB written, discarded)"
        outcome["hung"] = False
    return outcome


def judge_child(code, test, index, cpu_limit, sole_owner):
    watch = fork_child(lambda w, s: child_main(w, s, code, test, index, cpu_limit), cpu_limit)
    watch.run().finish(sole_owner)
    outcome = {"cpu": watch.cpu, "output": watch.output}
    if watch.hung:
        outcome.update(status="timeout", message="hung: no result within the %s s wall-clock backstop, not counting "
                       "time spent waiting for a CPU" % seconds(backstop_of(cpu_limit)), hung=True)
        return outcome
    result = None
    try:
        parsed = json.loads(watch.report)
        if isinstance(parsed, dict) and parsed.get("status") in ("pass", "fail", "error", "timeout"):
            result = parsed
    except ValueError:
        pass
    # Judged by the CPU time the test's process used, which does not grow with load: a result reached past the
    # limit is a timeout too.
    if (result is not None and result["status"] == "timeout") or ran_out_of_cpu(watch):
        outcome.update(status="timeout", message="exceeded the %s s CPU time limit" % seconds(cpu_limit))
    elif result is not None:
        outcome.update(status=result["status"], message=str(result.get("message", "")))
    elif watch.report:
        outcome.update(status="error", message="the test's report was garbled (did the code write to its file descriptors?)")
    else:
        outcome.update(status="error", message=crash_message(watch.status))
    return outcome


def run_test(code, test, index, cpu_limit, sole_owner):
    """A test's verdict: a timeout is run once more before it counts; a verdict the two runs disagree on, or one
    reached near the limit, is marked timing-sensitive."""
    first = run_child(code, test, index, cpu_limit, sole_owner)
    if first["status"] != "timeout":
        first["sensitive"] = first["cpu"] > 0.5 * cpu_limit
        return first
    second = run_child(code, test, index, cpu_limit, sole_owner)
    if second["status"] != "timeout":
        second["sensitive"] = True
        return second
    chosen = second if not second.get("hung") or first.get("hung") else first
    chosen["sensitive"] = bool(first.get("hung")) != bool(second.get("hung"))
    return chosen


def test_record(index, outcome, measure):
    fields = {"index": index, "status": outcome["status"], "message": outcome["message"]}
    if outcome["output"]:
        fields["output_bytes"] = outcome["output"]
    if outcome.get("sensitive"):
        fields["timing_sensitive"] = True
    if measure:
        fields["cpu_ms"] = int(round(outcome["cpu"] * 1000))
    return fields
