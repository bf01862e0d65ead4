# task: HumanEval/9
# legal: defines classes inside the function (a running maximum, an exception it raises and catches itself).
def rolling_max(numbers):
    class Empty(Exception):
        pass

    class RunningMax:
        def __init__(self):
            self.best = None

        def push(self, value):
            self.best = value if self.best is None else max(self.best, value)
            return self.best

    try:
        if not numbers:
            raise Empty()
        tracker = RunningMax()
        return [tracker.push(n) for n in numbers]
    except Empty:
        return []
