# task: HumanEval/2
# legal: a generator it closes itself (GeneratorExit raised and handled inside it) and a StopIteration it catches.
def truncate_number(number):
    def fractions():
        try:
            while True:
                yield number % 1.0
        except GeneratorExit:
            return

    stream = fractions()
    value = next(stream)
    stream.close()
    try:
        next(stream)
    except StopIteration:
        pass
    return value
