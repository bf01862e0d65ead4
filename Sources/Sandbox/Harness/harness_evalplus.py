import copy, hashlib, pickle

# ---- EvalPlus (HumanEval+ / MBPP+): inputs, the reference as oracle, and EvalPlus's comparison rules ----
# The rules follow evalplus 0.3.1 (Apache-2.0): evalplus/eval/__init__.py (unsafe_execute, is_floats),
# evalplus/eval/_special_oracle.py and evalplus/data/mbpp.py (mbpp_deserialize_inputs).

MBPP_OUTPUT_NOT_NONE_TASKS = ["check_str", "text_match_three", "text_starta_endb"]
MBPP_OUTPUT_SET_EQ_TASKS = ["similar_elements", "find_char_long", "common_in_nested_lists", "extract_singly",
                            "larg_nnum", "intersection_array", "find_dissimilar", "Diff"]


def _surface_Area(base_edge, height):
    slant_height = math.sqrt((base_edge / 2) ** 2 + height**2)
    return round(base_edge**2 + 4 * (base_edge * slant_height) / 2)


def _digit_distance_nums(num1, num2):
    a, b = str(num1), str(num2)
    width = max(len(a), len(b))
    return sum(abs(int(x) - int(y)) for x, y in zip(a.zfill(width), b.zfill(width)))


def _poly(xs, x):
    return sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)])


def mbpp_deserialize_inputs(task_id, inputs):
    number = int(str(task_id).split("/")[-1])
    if number in [2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579, 596, 616, 630, 726, 740,
                  744, 809]:
        return [[tuple(lst) for lst in inp] for inp in inputs]
    if number in [63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780]:
        return [[[tuple(lst) for lst in lst_lst] for lst_lst in inp] for inp in inputs]
    if number in [75, 413, 444, 753]:
        return [[[tuple(lst) for lst in inp[0]]] + [inp[1]] for inp in inputs]
    if number in (106, 750):
        return [[inp[0]] + [tuple(inp[1])] for inp in inputs]
    if number == 115:
        return [[[set(item) if isinstance(item, list) and len(item) else {} for item in inp[0]]] for inp in inputs]
    if number == 124:
        return [(float(inp[0]), complex(inp[1])) for inp in inputs]
    if number in [250, 405, 446, 617, 720, 763, 808]:
        return [[tuple(inp[0])] + [inp[1]] for inp in inputs]
    if number in [259, 401, 445]:
        modified = [[[tuple(lst) for lst in lst_lst] for lst_lst in inp] for inp in inputs]
        return [[tuple(lst) for lst in inp] for inp in modified]
    if number == 278:
        modified = [[[tuple(item) if isinstance(item, list) else item for item in inp[0]]] for inp in inputs]
        return [[tuple(lst) for lst in inp] for inp in modified]
    if number == 307:
        return [[tuple(inp[0])] + [inp[1], inp[2]] for inp in inputs]
    if number == 722:
        return [[{key: tuple(value) for key, value in inp[0].items()}] + inp[1:] for inp in inputs]
    if number == 252:
        return [[complex(inp[0])] for inp in inputs]
    if number in [580, 615, 791]:
        def as_tuples(value):
            return tuple(as_tuples(item) for item in value) if isinstance(value, list) else value
        return [as_tuples(inp) for inp in inputs]
    return inputs


def decode_inputs(request, raw):
    inputs = json.loads(raw)
    if request.get("dataset") == "mbpp":
        inputs = mbpp_deserialize_inputs(request.get("task", ""), inputs)
    return inputs


def is_floats(x):
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)) and x:
        return all(isinstance(i, float) for i in x)
    return False


def _close(x, y, rtol, atol):
    # numpy.allclose's element rule without numpy: |x - y| <= atol + rtol * |y|, equal infinities close, NaN never.
    x_seq, y_seq = isinstance(x, (list, tuple)), isinstance(y, (list, tuple))
    if x_seq and y_seq:
        if len(x) == len(y):
            return all(_close(a, b, rtol, atol) for a, b in zip(x, y))
        if len(x) == 1:
            return all(_close(x[0], b, rtol, atol) for b in y)
        if len(y) == 1:
            return all(_close(a, y[0], rtol, atol) for a in x)
        raise ValueError("shapes do not broadcast")
    if x_seq:
        return all(_close(a, y, rtol, atol) for a in x)
    if y_seq:
        return all(_close(x, b, rtol, atol) for b in y)
    numbers = (bool, int, float, complex)
    if not isinstance(x, numbers) or not isinstance(y, numbers):
        raise TypeError("not numbers")
    if x == y:
        return True
    if any(isinstance(v, float) and (math.isinf(v) or math.isnan(v)) for v in (x, y)):
        return False
    return abs(x - y) <= atol + rtol * abs(y)


def matches(request, state, inp, out, exp):
    """EvalPlus's verdict for one input; `state["atol"]` carries its once-set float tolerance to later inputs."""
    entry_point, dataset = request["entry_point"], request.get("dataset")
    exact_match = out == exp
    if dataset == "mbpp":
        if entry_point == "are_equivalent":
            exact_match = True
        elif entry_point == "sum_div":
            exact_match = exact_match or out == 0
        elif entry_point == "surface_Area":
            exact_match = exact_match or abs(out - _surface_Area(*inp)) <= state["atol"]
        elif entry_point == "digit_distance_nums":
            exact_match = exact_match or out == _digit_distance_nums(*inp)
        elif entry_point in MBPP_OUTPUT_SET_EQ_TASKS:
            exact_match = set(out) == set(exp)
        elif entry_point in MBPP_OUTPUT_NOT_NONE_TASKS:
            exact_match = out == exp if isinstance(out, bool) else exp == (out is not None)
    if dataset == "humaneval" and entry_point == "find_zero":
        return abs(_poly(*inp, out)) <= state["atol"]
    if state["atol"] == 0 and is_floats(exp):
        state["atol"] = 1e-6
    if not exact_match and state["atol"] != 0:
        if type(out) != type(exp):
            return False
        if isinstance(exp, (list, tuple)) and len(out) != len(exp):
            return False
        return _close(out, exp, 1e-07, state["atol"])
    return bool(exact_match)


def output_hash(request, out):
    # What the stored oracle keeps of an output: HumanEval+'s outputs come to 340 MB (HumanEval/15 alone 196 MB), so
    # the reference's outputs are stored as a digest and made again before a program's inputs run.
    if request.get("output_not_none"):
        out = out is not None
    return hashlib.sha256(pickle.dumps(out, protocol=4)).hexdigest()[:16]


def group_digest(hashes):
    return hashlib.sha256(" ".join(h or "skip" for h in hashes).encode()).hexdigest()


def expected_outputs(request, groups, start):
    """The reference's outputs on every input from `start` on, made before the program under test is loaded, and
    the digests of the groups made whole (to check against the recorded oracle)."""
    limit = float(request.get("reference_cpu_limit", 60))
    fn = load_function(request["reference"], request["entry_point"])
    expected, digests = [], []
    for g, inputs in enumerate(groups):
        values, hashes = [], []
        skipped = request["groups"][g]["skipped"]
        for i, inp in enumerate(inputs):
            if (g, i) < tuple(start) or str(i) in skipped:
                values.append(None)
                hashes.append(None)
                continue
            arm(limit)
            out = fn(*copy.deepcopy(inp))
            disarm()
            if request.get("output_not_none"):
                out = out is not None
            values.append(out)
            hashes.append(hashlib.sha256(pickle.dumps(out, protocol=4)).hexdigest()[:16])
        expected.append(values)
        digests.append(group_digest(hashes) if tuple(start) == (0, 0) else None)
    return expected, digests


def emit(write_end, **fields):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os.write(write_end, json.dumps(fields).encode() + b"\n")


def load_function(code, entry_point):
    namespace = {"__name__": "__sandbox__", "__builtins__": builtins}
    _exec(_compile(code, "<code>", "exec"), namespace)
    if entry_point not in namespace:
        raise NameError("the program does not define %r" % entry_point)
    return namespace[entry_point]


def reference_child(write_end, sink, request, start):
    # The oracle: the reference run on every input, its output pickled and its CPU time measured; an input on which
    # the reference with its contract raises (a contract assertion, or any error) is skipped, as EvalPlus's input
    # generation skips it.
    enter_child(write_end, sink)
    limit = float(request["input_cpu_limit"])
    limit_cpu(limit * 4 + 10)
    groups = [decode_inputs(request, group["inputs"]) for group in request["groups"]]
    try:
        arm(limit * 4 + 5)
        fn = load_function(request["code"], request["entry_point"])
        checked = load_function(request["contract"], request["entry_point"]) if request.get("contract") else None
        disarm()
    except BaseException as error:
        disarm()
        emit(write_end, load="error", message=describe(error, {})[1])
        os._exit(0)
    emit(write_end, ready=True)
    for g in range(start[0], len(groups)):
        for i in range(start[1] if g == start[0] else 0, len(groups[g])):
            try:
                if checked is not None:
                    arm(limit)
                    checked(*copy.deepcopy(groups[g][i]))
                    disarm()
                inp = copy.deepcopy(groups[g][i])
                arm(limit)
                began = time.process_time()
                out = fn(*inp)
                used = time.process_time() - began
                disarm()
                emit(write_end, g=g, i=i, out=output_hash(request, out), cpu=used)
            except TimeLimit:
                emit(write_end, g=g, i=i, skip="the reference exceeded the %s s CPU time limit" % seconds(limit))
            except BaseException as error:
                disarm()
                emit(write_end, g=g, i=i, skip="the reference (with its contract) raised " + describe(error, {})[1])
    os._exit(0)


def plus_child(write_end, sink, request, start):
    # The judge of a program on EvalPlus inputs: the reference's outputs are made here, the program runs in its own
    # process (see Program), and each output it returns is decoded and compared here.
    enter_judge(write_end)
    groups = request["groups"]
    total = sum(sum(group["limits"]) for group in groups)
    limit_cpu(total + 310)
    inputs = [decode_inputs(request, group["inputs"]) for group in groups]
    try:
        expected, digests = expected_outputs(request, inputs, start)
    except BaseException as error:
        disarm()
        emit(write_end, load="error", message="the reference failed on an input it passed when recorded: "
             + describe(error, {})[1])
        os._exit(0)
    for g, digest in enumerate(digests):
        if digest is not None and digest != groups[g]["digest"]:
            emit(write_end, load="error", message="the reference's outputs on the %s inputs differ from the recorded "
                 "oracle's (is the reference deterministic?)" % groups[g]["name"])
            os._exit(0)
    load_limit = float(request.get("load_cpu_limit", 5))
    # The kernel's backstop on the program's process: every input's limit and its load, twice over.
    lifetime = 2 * (total + load_limit) + 10
    program = Program(request, request["code"], request["entry_point"])
    failure = program.load(load_limit, require_defined=True, lifetime=lifetime)
    if failure is not None:
        program.end()
        if failure.status == "timeout":
            emit(write_end, load="timeout", message="exceeded the %s s CPU time limit while loading" % seconds(load_limit))
        else:
            emit(write_end, load="error", message=failure.message)
        os._exit(0)
    emit(write_end, ready=True)
    for g in range(start[0], len(groups)):
        state = {"atol": float(groups[g].get("atol", 0))}
        for i in range(start[1] if g == start[0] else 0, len(inputs[g])):
            if str(i) in groups[g]["skipped"]:
                emit(write_end, g=g, i=i, s="skip")
                continue
            limit = float(groups[g]["limits"][i])
            verdict, message, sensitive, used = None, "", False, 0.0
            # The program gets a copy of the input (it crosses as data): the judge's own is never changed by it.
            inp = inputs[g][i]
            for attempt in (1, 2):   # a timeout is run once more before it counts
                began = program.last_cpu
                try:
                    out = program.call(inp, {}, limit, began)
                except ProgramFailure as failure:
                    used = program.cpu() - began
                    verdict, message = failure.status, failure.message
                    if failure.status == "timeout" and not failure.hung:
                        message = "exceeded its %s s CPU time limit" % seconds(limit)
                    # A fresh process for what follows: this one may still be busy, or be gone.
                    program.end()
                    reloaded = program.load(load_limit, require_defined=True, lifetime=lifetime)
                    if reloaded is not None:
                        emit(write_end, g=g, i=i, s=verdict, m=message, t=attempt == 2, c=used)
                        program.end()
                        emit(write_end, output=program.output)
                        os._exit(0)
                    if failure.status == "timeout":
                        continue
                    break
                except Exception as error:
                    used = program.last_cpu - began
                    verdict, message = "error", describe(error, {})[1]
                    break
                used = program.last_cpu - began
                try:
                    verdict = "pass" if matches(request, state, inp, out, expected[g][i]) else "fail"
                    message = "" if verdict == "pass" else "wrong output"
                except BaseException as error:
                    verdict, message = "fail", "wrong output (comparing it raised %s)" % type(error).__name__
                sensitive = attempt == 2
                break
            emit(write_end, g=g, i=i, s=verdict, m=message, t=sensitive, c=used)
    program.end()
    emit(write_end, output=program.output)
    os._exit(0)


def run_inputs(request, child, counts, limit_of, sole_owner, on_result, give_up=None, judged=False):
    """Runs every input of every group through forked children, one child for as many inputs as it gets through: a
    child that crashes or runs past an input's limit (CPU, or the wall-clock backstop) is ended, that input is run
    once more in a fresh child, and the rest go on in another. `give_up(g)` may end a group early (a message for the
    inputs not run). Returns a load failure's record (or None) and the output bytes the children wrote (capped)."""
    retried = set()
    output = 0

    def after(g, i):
        i += 1
        while g < len(counts) and i >= counts[g]:
            g, i = g + 1, 0
        return (g, i)

    position = after(0, -1)
    while position[0] < len(counts):
        state = {"next": position, "load": None, "ready": False, "jump": False, "output": 0}
        watch = fork_child(lambda w, s, p=position: child(w, s, request, p), 1e9)
        marks = {"cpu": 0.0, "wall": time.monotonic(), "waited": 0.0, "why": None}

        def mark():
            marks.update(cpu=cpu_of(watch.pid), wall=time.monotonic(), waited=waited_of(watch.pid))

        def on_line(line):
            try:
                item = json.loads(line)
            except ValueError:
                return
            if "load" in item:
                state["load"] = item
                return
            if "ready" in item:
                state["ready"] = True
                mark()
                return
            if "output" in item:
                state["output"] = item["output"] if type(item["output"]) is int else 0
                return
            g, i = item.get("g"), item.get("i")
            if (g, i) != state["next"] or state["jump"]:
                return
            on_result(g, i, item)
            state["next"] = after(g, i)
            reason = give_up(g) if give_up is not None else None
            if reason is not None:
                for rest in range(i + 1, counts[g]):
                    on_result(g, rest, {"s": "notrun", "m": reason})
                state["next"], state["jump"] = after(g, counts[g] - 1), True
            mark()

        def step():
            if state["jump"]:
                return True
            g, i = state["next"]
            if g >= len(counts):
                return False
            used = cpu_of(watch.pid) - marks["cpu"]
            awake = (time.monotonic() - marks["wall"]) - (waited_of(watch.pid) - marks["waited"])
            if not state["ready"]:
                if used > 300 or awake > 900:
                    marks["why"] = "hung while loading"
                return marks["why"] is not None
            if judged:
                # The judge holds the program to each input's limits; it only has to keep running itself.
                if stopped(watch.pid):
                    marks["why"] = "the judge was stopped (by the program?)"
                return marks["why"] is not None
            limit = limit_of(g, i)
            if used > 2 * limit + 1:
                marks["why"] = "exceeded its %s s CPU time limit" % seconds(limit)
            elif awake > backstop_of(limit):
                marks["why"] = "hung: no result within the %s s wall-clock backstop" % seconds(backstop_of(limit))
            return marks["why"] is not None

        watch.run(on_line, step).finish(sole_owner)
        output = min(OUTPUT_CAP, output + watch.output + state["output"])
        if state["load"] is not None:
            return state["load"], output
        if state["jump"] or state["next"][0] >= len(counts):
            position = state["next"]
            continue
        g, i = state["next"]
        if not state["ready"]:
            return {"load": "timeout" if marks["why"] or watch.hung else "error",
                    "message": "hung while loading" if marks["why"] or watch.hung else crash_message(watch.status)}, output
        if watch.hung and marks["why"] is None:
            marks["why"] = "hung: no result within the %s s wall-clock backstop" % seconds(backstop_of(limit_of(g, i)))
        if (g, i) not in retried:
            retried.add((g, i))   # a timeout or a crash is run once more, in a fresh child
            position = (g, i)
            continue
        if marks["why"] is not None:
            on_result(g, i, {"s": "timeout", "m": marks["why"], "t": False, "skip": marks["why"]})
        else:
            on_result(g, i, {"s": "error", "m": crash_message(watch.status), "skip": crash_message(watch.status)})
        position = after(g, i)
        reason = give_up(g) if give_up is not None else None
        if reason is not None and position[0] == g:
            for rest in range(position[1], counts[g]):
                on_result(g, rest, {"s": "notrun", "m": reason})
            position = after(g, counts[g] - 1)
    return None, output


def run_reference(request, sole_owner):
    counts = [len(json.loads(group["inputs"])) for group in request["groups"]]
    results = [[None] * n for n in counts]
    limit = float(request["input_cpu_limit"])
    load, _ = run_inputs(request, reference_child, counts, lambda g, i: limit, sole_owner,
                         lambda g, i, item: results[g].__setitem__(i, item))
    if load is not None:
        record(type="load", status="error", message="the reference cannot be loaded: " + load.get("message", "load failed"))
        return
    for g, group in enumerate(request["groups"]):
        hashes, cpu, skipped = [], [], {}
        for i, item in enumerate(results[g]):
            item = item or {"skip": "no result"}
            if "out" in item:
                hashes.append(item["out"])
                cpu.append(int(round(item["cpu"] * 1000)))
            else:
                hashes.append(None)
                cpu.append(None)
                skipped[str(i)] = item.get("skip") or item.get("m") or "no result"
        record(type="reference", index=g, name=group["name"], digest=group_digest(hashes), cpu_ms=cpu, skipped=skipped)
        record(type="test", index=g, status="pass", message="%d of %d inputs skipped" % (len(skipped), len(cpu))
               if skipped else "")


def run_plus(request, sole_owner):
    # As EvalPlus: a group (base, plus) passes when every input it did not skip passes; its time is bounded like
    # EvalPlus's per-task timeout (min(60, sum of the limits) + 1 s, here of CPU time), and after 3 timeouts the
    # rest of the group is not run (a hopelessly slow program would take one limit per input).
    groups = request["groups"]
    counts = [len(group["limits"]) for group in groups]
    results = [[None] * n for n in counts]
    budget = [min(60.0, sum(group["limits"])) + 1 for group in groups]
    used, timeouts = [0.0] * len(groups), [0] * len(groups)

    def on_result(g, i, item):
        results[g][i] = item
        used[g] += float(item.get("c", 0) or 0) if item.get("s") != "timeout" else float(groups[g]["limits"][i])
        timeouts[g] += item.get("s") == "timeout"

    def give_up(g):
        if timeouts[g] >= 3:
            return "not run after 3 timeouts"
        if used[g] > budget[g]:
            return "not run: the group used its %s s CPU budget" % seconds(budget[g])
        return None

    load, output = run_inputs(request, plus_child, counts, lambda g, i: float(groups[g]["limits"][i]), sole_owner,
                              on_result, give_up, judged=True)
    if load is not None:
        status = "timeout" if load.get("load") == "timeout" else "error"
        record(type="load", status=status, message=load.get("message", "load failed"))
        return
    for g, group in enumerate(groups):
        letters, first, sensitive = [], None, False
        for i, item in enumerate(results[g]):
            status = (item or {"s": "error"}).get("s", "error")
            letters.append({"pass": "P", "fail": "F", "error": "E", "timeout": "T", "skip": "S", "notrun": "N"}
                           .get(status, "E"))
            sensitive = sensitive or bool((item or {}).get("t"))
            if status not in ("pass", "skip") and first is None:
                first = (i, status, (item or {}).get("m", ""))
        passed = letters.count("P")
        run = len(letters) - letters.count("S")
        if first is None:
            status, message = "pass", ""
        else:
            status = {"fail": "fail", "timeout": "timeout", "notrun": "timeout"}.get(first[1], "error")
            message = "%d of %d inputs failed; the first, input %d: %s" % (run - passed, run, first[0], first[2])
        fields = {"index": g, "status": status, "message": clean(message), "inputs": "".join(letters)}
        if sensitive:
            fields["timing_sensitive"] = True
        if output and g == 0:
            fields["output_bytes"] = output
        record(type="test", **fields)


def main():
    request = read_request()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    harden()
    if "" in sys.path:
        sys.path.remove("")
    record(type="python", version="%d.%d.%d" % sys.version_info[:3])
    kind = request["kind"]
    sole_owner = bool(request.get("sole_owner"))
    if kind == "syntax":
        sources = [request["code"]] + list(request["tests"])
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
    if kind == "reference":
        run_reference(request, sole_owner)
        record(type="done")
        return
    if kind == "plus":
        run_plus(request, sole_owner)
        record(type="done")
        return
    cpu_limit = float(request["test_timeout"])
    measure = kind == "measure"
    if kind in ("hidden", "measure"):
        for index, test in enumerate(request["tests"]):
            outcome = run_judged(request, test, index, cpu_limit, sole_owner)
            if index == 0 and outcome.get("load"):
                record(type="load", status="timeout" if outcome["status"] == "timeout" else "error",
                       message=outcome["message"])
                record(type="done")
                return
            if index == 0:
                record(type="loaded")
            record(type="test", **test_record(index, outcome, measure))
        record(type="done")
        return
    load = run_test(request["code"], None, -1, cpu_limit, sole_owner)
    if load["status"] != "pass":
        record(type="load", status="timeout" if load["status"] == "timeout" else "error", message=load["message"])
        record(type="done")
        return
    record(type="loaded")
    for index, test in enumerate(request["tests"]):
        outcome = run_test(request["code"], test, index, cpu_limit, sole_owner)
        record(type="test", **test_record(index, outcome, measure))
    record(type="done")


main()
