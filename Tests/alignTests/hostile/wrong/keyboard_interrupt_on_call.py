# task: HumanEval/6
# BaseException zoo: KeyboardInterrupt raised from the function.
def parse_nested_parens(paren_string):
    raise KeyboardInterrupt
