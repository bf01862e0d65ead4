# task: HumanEval/8
# class 5, CPU limit escaped by fork: on its first call in a process, three forked workers (never reaped) burn
# 1.2 CPU-s each and one of them sends the answer back through a pipe; the calling process's own CPU stays small.
# Under the corpus's 1 s limit (EvalPlus: killed past 3 s of CPU) it must be a timeout.
import os, time

_burnt = []


def _burn(seconds):
    began = time.process_time()
    while time.process_time() - began < seconds:
        pass


def sum_product(numbers):
    product = 1
    for n in numbers:
        product *= n
    answer = (sum(numbers), product)
    if _burnt:
        return answer
    _burnt.append(True)
    read_end, write_end = os.pipe()
    for _ in range(3):
        if os.fork() == 0:
            _burn(1.2)
            os.write(write_end, repr(answer).encode() + b"\n")
            os._exit(0)
    os.close(write_end)
    got = b""
    while got.count(b"\n") < 3:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        got += chunk
    os.close(read_end)
    return eval(got.split(b"\n")[0].decode())
