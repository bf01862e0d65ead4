# task: HumanEval/6
# legal: a recursive-descent parser measures each group's depth.
def parse_nested_parens(paren_string):
    def depth(text, position):
        deepest = 0
        while position < len(text) and text[position] == "(":
            inner, position = depth(text, position + 1)
            deepest = max(deepest, inner + 1)
            position += 1  # the closing ")"
        return deepest, position

    return [depth(group, 0)[0] for group in paren_string.split()]
