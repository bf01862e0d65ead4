# task: HumanEval/0
# class 5, CPU limit escaped by fork: on its first call in a process, three multiprocessing workers (fork context,
# never joined) burn 1.2 CPU-s each and return the answer through a multiprocessing Pipe.
import multiprocessing, time

_burnt = []


def _work(numbers, threshold, connection):
    began = time.process_time()
    while time.process_time() - began < 1.2:
        pass
    connection.send(_answer(numbers, threshold))
    connection.close()


def _answer(numbers, threshold):
    ordered = sorted(numbers)
    return any(b - a < threshold for a, b in zip(ordered, ordered[1:]))


def has_close_elements(numbers, threshold):
    if _burnt:
        return _answer(numbers, threshold)
    _burnt.append(True)
    context = multiprocessing.get_context("fork")
    ends = []
    for _ in range(3):
        receiver, sender = context.Pipe(duplex=False)
        context.Process(target=_work, args=(list(numbers), threshold, sender), daemon=True).start()
        ends.append(receiver)
    return [end.recv() for end in ends][0]
