import builtins, ctypes, fcntl, json, marshal, math, os, re, resource, select, signal, struct, sys, time

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


def run_twice(run_once, cpu_limit):
    """A test's verdict from `run_once()`: a timeout is run once more before it counts; a verdict the two runs disagree
    on, or one reached near the limit, is marked timing-sensitive."""
    first = run_once()
    if first["status"] != "timeout":
        first["sensitive"] = first["cpu"] > 0.5 * cpu_limit
        return first
    second = run_once()
    if second["status"] != "timeout":
        second["sensitive"] = True
        return second
    chosen = second if not second.get("hung") or first.get("hung") else first
    chosen["sensitive"] = bool(first.get("hung")) != bool(second.get("hung"))
    return chosen


def run_test(code, test, index, cpu_limit, sole_owner):
    """A test's verdict in the code's own process (the loop's own tests)."""
    return run_twice(lambda: run_child(code, test, index, cpu_limit, sole_owner), cpu_limit)


def test_record(index, outcome, measure):
    fields = {"index": index, "status": outcome["status"], "message": outcome["message"]}
    if outcome["output"]:
        fields["output_bytes"] = outcome["output"]
    if outcome.get("sensitive"):
        fields["timing_sensitive"] = True
    if measure:
        fields["cpu_ms"] = int(round(outcome["cpu"] * 1000))
    return fields


# ---- The judge: hidden tests run in a process that never runs the program's code ----
# For each hidden test the harness forks a judge; the judge starts the program's own process afresh (fork, then exec
# of a new interpreter running program.py, so that nothing of the harness's memory is in it), loads the code there,
# and runs the benchmark's test itself with the entry point bound to a stub that sends each call's arguments to that
# process and decodes its answer into fresh built-in objects. Comparisons, expected values, the nonce and the report
# descriptor stay in the judge, which is not dumpable (its memory and descriptors are closed to the program's uid).
# The program's CPU time is that of its whole process tree, counted by the judge (a subreaper, so that orphans come
# to it and are reaped with their rusage).

FRAME_CAP = 256 << 20


class ProgramFailure(BaseException):
    """Ends the test with `status` (error, timeout) however the test code handles exceptions."""

    def __init__(self, status, message, hung=False):
        BaseException.__init__(self, message)
        self.status, self.message, self.hung = status, message, hung


def decode_value(value, depth=0):
    # The judge's half of the restricted encoding: JSON made by the program's process, turned into fresh objects of
    # exact built-in types; anything else is refused.
    if depth > 200:
        raise ValueError("nested more than 200 levels deep")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        if not -(1 << 53) < value < (1 << 53):
            raise ValueError("a large int outside its tagged form")
        return value
    if kind is dict and len(value) == 1:
        (tag, body), = value.items()
        if tag == "I" and type(body) is str and len(body) <= 1 << 20:
            number = int(body, 16)
            if -(1 << 53) < number < (1 << 53):
                raise ValueError("a small int in the large form")
            return number
        if tag == "f" and type(body) is str and len(body) == 16:
            return struct.unpack("<d", bytes.fromhex(body))[0]
        if tag == "b" and type(body) is str:
            return bytes.fromhex(body)
        if tag == "u" and type(body) is str:
            return bytes.fromhex(body).decode("utf-8", "surrogatepass")
        if tag == "c" and type(body) is list and len(body) == 2 and all(type(p) is str and len(p) == 16 for p in body):
            return complex(struct.unpack("<d", bytes.fromhex(body[0]))[0], struct.unpack("<d", bytes.fromhex(body[1]))[0])
        if type(body) is list:
            if tag == "l":
                return [decode_value(item, depth + 1) for item in body]
            if tag == "t":
                return tuple(decode_value(item, depth + 1) for item in body)
            if tag == "s":
                return set(decode_value(item, depth + 1) for item in body)
            if tag == "z":
                return frozenset(decode_value(item, depth + 1) for item in body)
            if tag == "d":
                result = {}
                for pair in body:
                    if type(pair) is not list or len(pair) != 2:
                        raise ValueError("a dict entry that is not a pair")
                    result[decode_value(pair[0], depth + 1)] = decode_value(pair[1], depth + 1)
                return result
    raise ValueError("not a value of the encoding")


def as_text(value):
    # A string of an answer (plain, or its UTF-8 in hex); "" for anything else.
    try:
        decoded = decode_value(value)
    except (ValueError, TypeError, RecursionError):
        return ""
    return decoded if type(decoded) is str else ""


def builtin_exception(name, message):
    # The nearest built-in exception type the program named, made afresh in the judge: its own classes are not
    # trusted to be anything else. BaseException-only types (SystemExit, KeyboardInterrupt, …) end the test.
    cls = getattr(builtins, name, None) if type(name) is str else None
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        return ProgramFailure("error", clean("%s%s" % (name if type(name) is str else "BaseException",
                                                       ": " + message if message else "")))
    for base in cls.__mro__:
        try:
            error = base(message) if message else base()
            return error
        except BaseException:
            continue
    return Exception(message)


def proc_children(pid, threads=0):
    # The children of every thread of `pid` (of its main thread alone when it has one thread).
    tids = [str(pid)] if threads == 1 else None
    if tids is None:
        try:
            tids = os.listdir("/proc/%d/task" % pid)
        except OSError:
            return []
    found = []
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/children" % (pid, tid), "rb") as f:
                found.extend(int(child) for child in f.read().split())
        except (OSError, ValueError):
            pass
    return found


def proc_stat(pid):
    # (state, CPU seconds of the process and of its reaped children, threads), or None when it is gone.
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (fields[0], (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICK,
                int(fields[17]))
    except (OSError, ValueError, IndexError):
        return None


def stopped(pid):
    stat = proc_stat(pid)
    return stat is not None and stat[0] in (b"T", b"t")


class Program:
    """The program's own process, seen from its judge: started, loaded, called, counted and ended."""

    def __init__(self, request, code, entry_point):
        self.server, self.code, self.entry_point = request["program_server"], code, entry_point
        self.reaped_cpu, self.output, self.last_cpu, self.left = 0.0, 0, 0.0, []
        self.pid, self.proc = None, None

    def start(self, cpu_limit):
        # `cpu_limit` is also the kernel's backstop for the process's whole life (RLIMIT_CPU, one second more).
        calls_read, calls_write = os.pipe()
        answers_read, answers_write = os.pipe()
        sink_read, sink_write = os.pipe()
        soft = int(math.ceil(cpu_limit)) + 1
        pid = os.fork()
        if pid == 0:
            try:
                os.dup2(calls_read, 0)
                os.dup2(sink_write, 1)
                os.dup2(sink_write, 2)
                os.dup2(answers_write, 3)
                os.closerange(4, 1 << 16)
                _, hard = resource.getrlimit(resource.RLIMIT_CPU)
                if hard == resource.RLIM_INFINITY or soft + 1 <= hard:
                    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
                for signum in (signal.SIGPROF, signal.SIGPIPE, signal.SIGXCPU):
                    signal.signal(signum, signal.SIG_DFL)
                signal.setitimer(signal.ITIMER_PROF, 0)
                os.execve(sys.executable, [sys.executable, "-B", "-s", "-S", "-c", self.server], dict(os.environ))
            finally:
                os._exit(70)
        for fd in (calls_read, answers_write, sink_write):
            os.close(fd)
        self.pid, self.calls, self.answers, self.sink = pid, calls_write, answers_read, sink_read
        self.pid_text = str(pid).encode()
        try:
            me = os.getpid()
            self.proc = (os.open("/proc/%d/task/%d/children" % (me, me), os.O_RDONLY),
                         os.open("/proc/%d/stat" % pid, os.O_RDONLY),
                         os.open("/proc/%d/task/%d/children" % (pid, pid), os.O_RDONLY))
        except OSError:
            self.proc = None
        for fd in (self.calls, self.answers, self.sink):
            os.set_blocking(fd, False)
        try:
            fcntl.fcntl(sink_read, 1031, 1 << 20)
        except OSError:
            pass
        try:
            self.exit_fd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self.exit_fd = None
        self.status, self.buffer = None, b""
        # The interpreter's own start is not the program's time: its budget starts once it says it is ready.
        answer = self.exchange(None, 60, self.cpu())
        if answer != {"ready": True}:
            raise ProgramFailure("error", "the program's process did not start")
        self.base_cpu = self.last_cpu

    def sample(self):
        """(CPU seconds of the whole tree so far, its live processes besides the program's own): reaped processes by
        their rusage, live ones from /proc; the tree is the program's process, its descendants, and orphans that were
        reparented to the judge."""
        self.reap()
        quick = self.quick_sample()
        if quick is not None:
            return quick
        total, left = self.reaped_cpu, []
        stack = proc_children(os.getpid(), 1)
        while stack:
            pid = stack.pop()
            stat = proc_stat(pid)
            if stat is None:
                continue
            total += stat[1]
            if stat[0] != b"Z":
                if pid != self.pid:
                    left.append(pid)
                stack.extend(proc_children(pid, stat[2]))
        self.last_cpu = total
        return total, left

    def quick_sample(self):
        # The usual case, read through descriptors kept open: the judge's one child is the program's process, which
        # has one thread and no child. Anything else takes the whole walk.
        if self.status is not None or self.proc is None:
            return None
        judge_children, stat, children = self.proc
        try:
            if os.pread(judge_children, 4096, 0).split() != [self.pid_text]:
                return None
            fields = os.pread(stat, 4096, 0).rsplit(b")", 1)[1].split()
            if fields[0] == b"Z" or fields[17] != b"1" or os.pread(children, 4096, 0).strip():
                return None
            total = self.reaped_cpu + (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICK
        except (OSError, ValueError, IndexError):
            return None
        self.last_cpu = total
        return total, []

    def tree(self):
        found, stack = [], proc_children(os.getpid(), 1)
        while stack:
            pid = stack.pop()
            found.append(pid)
            stack.extend(proc_children(pid))
        return found

    def reap(self):
        while True:
            try:
                pid, status, rusage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.reaped_cpu += rusage.ru_utime + rusage.ru_stime
            if pid == self.pid:
                self.status = status

    def cpu(self):
        """CPU seconds of the whole tree so far."""
        return self.sample()[0]

    def kill_descendants(self):
        for _ in range(200):
            left = [pid for pid in self.tree() if pid != self.pid]
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            self.reap()
            if not [pid for pid in left if (proc_stat(pid) or (b"Z",))[0] != b"Z"]:
                return
            time.sleep(0.002)

    def end(self):
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.kill_descendants()
        if self.status is None:
            try:
                _, self.status, rusage = os.wait4(self.pid, 0)
                self.reaped_cpu += rusage.ru_utime + rusage.ru_stime
            except ChildProcessError:
                self.status = 0
        self.kill_descendants()
        self.drain_sink()
        for fd in (self.calls, self.answers, self.sink) + ((self.exit_fd,) if self.exit_fd is not None else ()) + (self.proc or ()):
            try:
                os.close(fd)
            except OSError:
                pass
        self.pid, self.proc = None, None

    def drain_sink(self):
        try:
            for _ in range(64):
                chunk = os.read(self.sink, 1 << 20)
                if not chunk:
                    return
                self.output = min(OUTPUT_CAP, self.output + len(chunk))
        except (BlockingIOError, OSError):
            pass

    def exchange(self, message, cpu_limit, started_cpu):
        """Sends `message` and waits for the answer frame while the tree's CPU since `started_cpu` stays within
        `cpu_limit` and it does not hang (the wall-clock backstop, not counting time spent waiting for a CPU).
        Returns the decoded JSON answer; raises ProgramFailure otherwise."""
        if message is None:
            pending = memoryview(b"")
        else:
            body = message if type(message) is bytes else marshal.dumps(message)
            pending = memoryview(struct.pack("<Q", len(body)) + body)
            try:
                pending = pending[os.write(self.calls, pending):]   # most calls fit the pipe at once
            except BlockingIOError:
                pass
            except OSError:
                pending = pending[len(pending):]
        began, waited, first = time.monotonic(), None, True
        backstop = backstop_of(cpu_limit)
        used = self.last_cpu - started_cpu
        while True:
            header = self.buffer[:8]
            if len(header) == 8:
                size = struct.unpack("<Q", header)[0]
                if size > FRAME_CAP:
                    raise ProgramFailure("error", "the program's answer exceeded %d MiB" % (FRAME_CAP >> 20))
                if len(self.buffer) >= 8 + size:
                    frame, self.buffer = self.buffer[8:8 + size], self.buffer[8 + size:]
                    total, self.left = self.sample()
                    if total - started_cpu > cpu_limit:
                        raise ProgramFailure("timeout", "exceeded the %s s CPU time limit" % seconds(cpu_limit))
                    try:
                        return json.loads(frame)
                    except (ValueError, RecursionError):
                        raise ProgramFailure("error", "the program's answer was garbled")
            if not first:
                used = self.cpu() - started_cpu
            first = False
            if used > cpu_limit:
                raise ProgramFailure("timeout", "exceeded the %s s CPU time limit" % seconds(cpu_limit))
            if self.status is not None:
                self.drain_answers()
                if len(self.buffer) >= 8 and len(self.buffer) >= 8 + struct.unpack("<Q", self.buffer[:8])[0]:
                    continue
                signaled = os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) in (signal.SIGXCPU, signal.SIGKILL)
                if signaled and used >= cpu_limit * 0.9:
                    raise ProgramFailure("timeout", "exceeded the %s s CPU time limit" % seconds(cpu_limit))
                raise ProgramFailure("error", crash_message(self.status))
            elapsed = time.monotonic() - began
            if waited is None and elapsed >= 0.02:
                waited = waited_of(self.pid)   # read once the answer is late: time waited before it counts as awake
            awake = elapsed - (waited_of(self.pid) - waited) if waited is not None and elapsed >= backstop else elapsed
            if awake >= backstop:
                raise ProgramFailure("timeout", "hung: no result within the %s s wall-clock backstop, not counting "
                                     "time spent waiting for a CPU" % seconds(backstop), hung=True)
            watched = [self.answers, self.sink] + ([self.exit_fd] if self.exit_fd is not None else [])
            writers = [self.calls] if len(pending) else []
            # Sampled often enough that a tree of busy processes is stopped close to its limit.
            wait = min(0.02, max(0.001, (cpu_limit - used) / 4), max(0.001, backstop - awake))
            ready, writable, _ = select.select(watched, writers, [], wait if self.exit_fd is not None else min(wait, 0.005))
            if writable:
                try:
                    pending = pending[os.write(self.calls, pending):]
                except BlockingIOError:
                    pass
                except OSError:
                    pending = pending[len(pending):]
            if self.sink in ready:
                self.drain_sink()
            if self.answers in ready:
                self.drain_answers()

    def drain_answers(self):
        try:
            for _ in range(1024):
                chunk = os.read(self.answers, 1 << 20)
                if not chunk:
                    return
                self.buffer += chunk
                if len(self.buffer) > FRAME_CAP + 8:
                    return
        except (BlockingIOError, OSError):
            pass

    def load(self, cpu_limit, require_defined=False, lifetime=None):
        """Starts the program's process and loads the code in it; `lifetime` is the CPU its process may use over all
        its calls (the load's limit by default). Returns None, or ProgramFailure (error, timeout)."""
        try:
            self.start(lifetime if lifetime is not None else cpu_limit)
            # Its path is the harness's (the interpreter runs without `site`, whose start costs as much as the rest).
            path = [entry for entry in sys.path if entry]
            answer = self.exchange({"path": path, "code": self.code, "entry_point": self.entry_point}, cpu_limit,
                                   self.base_cpu)
        except ProgramFailure as failure:
            return failure
        if type(answer) is dict and answer.get("loaded") is True:
            if require_defined and answer.get("defined") is not True:
                self.check_alone()
                return ProgramFailure("error", "NameError: the program does not define %r" % self.entry_point)
            return self.check_alone()
        if type(answer) is dict and type(answer.get("load")) is list and len(answer["load"]) == 2:
            name, text = as_text(answer["load"][0]) or "BaseException", as_text(answer["load"][1])
            return ProgramFailure("error", clean(name + (": " + text if text else "")))
        return ProgramFailure("error", "the program's answer was garbled")

    def check_alone(self):
        left = self.left
        # A process on its way out (a child that exits by itself, unreaped) is given a moment to be done.
        deadline = time.monotonic() + 1.0
        while left and time.monotonic() < deadline:
            time.sleep(0.005)
            left = self.sample()[1]
        if left:
            self.kill_descendants()
            return ProgramFailure("error", "left %d process%s running after it returned"
                                  % (len(left), "" if len(left) == 1 else "es"))
        return None

    def call(self, args, kwargs, cpu_limit, started_cpu):
        """Calls the program's entry point; the decoded result, or the exception it raised (made afresh), raised."""
        try:
            message = marshal.dumps({"args": list(args), "kwargs": dict(kwargs)})
        except ValueError:
            kinds = sorted({type(value).__name__ for value in list(args) + list(kwargs.values())})
            raise TypeError("an argument (of %s) cannot be sent to the program" % ", ".join(kinds))
        answer = self.exchange(message, cpu_limit, started_cpu)
        failure = self.check_alone()
        if failure is not None:
            raise failure
        if type(answer) is dict and len(answer) == 1:
            (tag, body), = answer.items()
            if tag == "return":
                try:
                    return decode_value(body)
                except (ValueError, TypeError, RecursionError, OverflowError, MemoryError) as error:
                    raise ProgramFailure("error", "the program's answer is not a value of built-in types (%s)" % error)
            if tag == "raise" and type(body) is list and len(body) == 2:
                raise builtin_exception(as_text(body[0]) or "BaseException", as_text(body[1])[:10000])
            if tag == "unencodable" and as_text(body):
                raise ProgramFailure("error", clean("the program returned " + as_text(body)))
        raise ProgramFailure("error", "the program's answer was garbled")


class Candidate:
    """What the test calls in place of the program's function: each call crosses to the program's process."""

    def __init__(self, program, cpu_limit, started_cpu):
        self._program, self._limit, self._started = program, cpu_limit, started_cpu

    def __call__(self, *args, **kwargs):
        return self._program.call(args, kwargs, self._limit, self._started)


def enter_judge(write_end):
    NONCE[:] = bytes(len(NONCE))
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, write_end)
    os.closerange(write_end + 1, 1 << 16)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)    # PR_SET_DUMPABLE 0, again: the program must not read or trace the judge
        libc.prctl(36, 1, 0, 0, 0)   # PR_SET_CHILD_SUBREAPER: the program's orphans are reaped (and counted) here
    except Exception:
        pass


def prelude_code(prelude):
    # The task's own code (HumanEval's prompt: imports, helpers, the entry point's signature and docstring). A prompt
    # that ends at a signature without a docstring gets a body; one that still does not compile gives only its
    # imports.
    for text in (prelude, prelude.rstrip("\n") + "\n    pass\n"):
        try:
            return _compile(text, "<prelude>", "exec")
        except (SyntaxError, ValueError):
            continue
    imports = "\n".join(line for line in prelude.splitlines() if line.startswith(("import ", "from ")))
    return _compile(imports, "<prelude>", "exec")


def judge_main(write_end, request, test, index, cpu_limit):
    enter_judge(write_end)
    program = Program(request, request["code"], request["entry_point"])
    result = {"status": "pass", "message": "", "hung": False}
    try:
        failure = program.load(cpu_limit)
        if failure is not None:
            result = {"status": failure.status, "message": failure.message, "hung": failure.hung, "load": True}
        elif test is not None:
            name = "<test %d>" % index
            sources = {name: test, "<prelude>": request.get("prelude", "")}
            namespace = {"__name__": "__judge__", "__builtins__": builtins}
            _exec(prelude_code(request.get("prelude", "")), namespace)
            namespace[request["entry_point"]] = Candidate(program, cpu_limit, program.base_cpu)
            defined = set(namespace)
            scope = namespace
            try:
                _exec(_compile(test, name, "exec"), scope)
                for key, value in list(scope.items()):
                    if key.startswith("test") and callable(value) and key not in defined:
                        value()
            except ProgramFailure:
                raise
            except BaseException as error:
                status, message = describe(error, sources)
                result = {"status": status, "message": message, "hung": False}
    except ProgramFailure as failure:
        result = {"status": failure.status, "message": failure.message, "hung": failure.hung}
    except BaseException as error:
        result = {"status": "error", "message": clean("the judge failed: %s: %s" % (type(error).__name__, error)),
                  "hung": False}
    result["cpu"] = max(0.0, program.cpu() - program.base_cpu) if program.pid is not None else 0.0
    program.end()
    result["output"] = program.output
    os.write(write_end, json.dumps(result).encode())
    os._exit(0)


def judged_child(request, test, index, cpu_limit, sole_owner):
    watch = fork_child(lambda w, s: judge_main(w, request, test, index, cpu_limit), 1e9)
    outcome = {"cpu": 0.0, "output": 0}

    def step():
        if stopped(watch.pid):
            outcome["stopped"] = True
            return True
        return False

    watch.run(step=step).finish(sole_owner)
    if outcome.get("stopped"):
        outcome.update(status="error", message="the judge was stopped (by the program?)")
        return outcome
    try:
        parsed = json.loads(watch.report)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or parsed.get("status") not in ("pass", "fail", "error", "timeout"):
        outcome.update(status="error", message="the judge ended: " + crash_message(watch.status))
        return outcome
    outcome.update(status=parsed["status"], message=str(parsed.get("message", "")), cpu=float(parsed.get("cpu", 0)),
                   output=int(parsed.get("output", 0)) + watch.output, hung=bool(parsed.get("hung")),
                   load=bool(parsed.get("load")))
    if outcome["status"] == "timeout" and outcome["output"] >= OUTPUT_CAP:
        outcome["message"] = "ran out of time flooding its output (over 1 MiB written, discarded)"
        outcome["hung"] = False
    return outcome


def run_judged(request, test, index, cpu_limit, sole_owner):
    """A hidden test's verdict, with the judge outside the program's process."""
    return run_twice(lambda: judged_child(request, test, index, cpu_limit, sole_owner), cpu_limit)
