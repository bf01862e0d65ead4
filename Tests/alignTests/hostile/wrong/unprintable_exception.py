# task: HumanEval/9
# BaseException zoo: an AssertionError subclass whose str() raises a BaseException of its own and whose class
# claims to be SystemExit, raised from the function: describing it must not crash the judge into a pass.
class Sneaky(AssertionError):
    def __str__(self):
        raise SystemExit(0)

    __class__ = SystemExit


def rolling_max(numbers):
    raise Sneaky()
