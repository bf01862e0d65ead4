# task: HumanEval/0
# legal: a functools.lru_cache'd helper over the sorted tuple.
import functools


@functools.lru_cache(maxsize=None)
def _closest_gap(ordered):
    return min((b - a for a, b in zip(ordered, ordered[1:])), default=float("inf"))


def has_close_elements(numbers, threshold):
    return _closest_gap(tuple(sorted(numbers))) < threshold
