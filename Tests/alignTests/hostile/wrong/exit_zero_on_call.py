# task: HumanEval/4
# BaseException zoo: sys.exit(0) from the function, in the middle of check() or of EvalPlus's loop.
import sys


def mean_absolute_deviation(numbers):
    sys.exit(0)
