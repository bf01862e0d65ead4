# task: HumanEval/6
# legal: prints 256 KiB to stdout and to stderr at import, and a line to each on every call.
import sys

sys.stdout.write(("x" * 1023 + "\n") * 256)
sys.stderr.write(("y" * 1023 + "\n") * 256)


def parse_nested_parens(paren_string):
    depths = []
    for group in paren_string.split():
        depth = deepest = 0
        for c in group:
            depth += 1 if c == "(" else -1
            deepest = max(deepest, depth)
        depths.append(deepest)
    print("groups:", len(depths))
    print("depths:", depths, file=sys.stderr)
    return depths
