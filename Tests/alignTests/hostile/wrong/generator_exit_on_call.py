# task: HumanEval/7
# BaseException zoo: GeneratorExit raised from the function.
def filter_by_substring(strings, substring):
    raise GeneratorExit
