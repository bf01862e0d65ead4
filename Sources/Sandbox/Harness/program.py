import builtins, marshal, os, struct, sys

# The program's own process, started fresh (fork, then exec of a new interpreter, without `site`) by the judge for
# every test: it holds the program's code and the arguments of its calls, nothing else: no test, no expected value,
# no nonce, no report descriptor. It loads the code, then answers calls: fd 0 brings length-prefixed frames from the
# judge (marshal: the judge's own values), fd 3 takes its answers (JSON text made here without the json module, whose
# import would cost more than the rest of this process's start); fds 1 and 2 are a pipe the judge counts and
# discards. Everything here runs beside the program's own code and may be replaced by it: the judge trusts nothing of
# this process but what it decodes from the answers, strictly, into fresh values of exact built-in types.

_exec, _compile = builtins.exec, builtins.compile
CALLS, ANSWERS = 0, 3


def read_frame():
    head = b""
    while len(head) < 8:
        chunk = os.read(CALLS, 8 - len(head))
        if not chunk:
            return None
        head += chunk
    size = struct.unpack("<Q", head)[0]
    parts, got = [], 0
    while got < size:
        chunk = os.read(CALLS, min(size - got, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        got += len(chunk)
    return marshal.loads(b"".join(parts))


def write_frame(text):
    body = text.encode("ascii")
    data = struct.pack("<Q", len(body)) + body
    view, sent = memoryview(data), 0
    while sent < len(data):
        sent += os.write(ANSWERS, view[sent:])


class Unencodable(Exception):
    pass


def text(value):
    # A JSON string: as it is when it needs no escaping, else its UTF-8 bytes in hex.
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return '"' + value + '"'
    return '{"u":"' + value.encode("utf-8", "surrogatepass").hex() + '"}'


def bits(number):
    return struct.pack("<d", number).hex()


def encode(value, parts, depth=0):
    # Exact built-in types only: a subclass, a generator or any other object is not a value the judge can trust.
    if depth > 200:
        raise Unencodable("a value nested more than 200 levels deep")
    kind = type(value)
    if value is None:
        parts.append("null")
    elif kind is bool:
        parts.append("true" if value else "false")
    elif kind is str:
        parts.append(text(value))
    elif kind is int:
        parts.append(str(value) if -(1 << 53) < value < (1 << 53) else '{"I":"%x"}' % value)
    elif kind is float:
        parts.append('{"f":"' + bits(value) + '"}')
    elif kind in (list, tuple, set, frozenset):
        parts.append('{"%s":[' % {list: "l", tuple: "t", set: "s", frozenset: "z"}[kind])
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            encode(item, parts, depth + 1)
        parts.append("]}")
    elif kind is dict:
        parts.append('{"d":[')
        for index, (key, item) in enumerate(value.items()):
            parts.append(",[" if index else "[")
            encode(key, parts, depth + 1)
            parts.append(",")
            encode(item, parts, depth + 1)
            parts.append("]")
        parts.append("]}")
    elif kind is bytes:
        parts.append('{"b":"' + value.hex() + '"}')
    elif kind is complex:
        parts.append('{"c":["' + bits(value.real) + '","' + bits(value.imag) + '"]}')
    else:
        raise Unencodable("a value of type %s (only exact built-in types cross to the judge)" % kind.__name__)


def nearest_builtin(error):
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins":
            return cls.__name__
    return "BaseException"


def text_of(error):
    try:
        said = str(error)
        return said if type(said) is str else ""
    except BaseException:
        return ""


def named(tag, error):
    return '{"%s":[%s,%s]}' % (tag, text(nearest_builtin(error)), text(text_of(error)[:10000]))


def flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def main():
    write_frame('{"ready":true}')
    request = read_frame()
    sys.path[:] = request["path"]
    entry_point = request["entry_point"]
    namespace = {"__name__": "__sandbox__", "__builtins__": builtins}
    try:
        _exec(_compile(request["code"], "<code>", "exec"), namespace)
        function = namespace.get(entry_point)
        answer = '{"loaded":true,"defined":%s}' % ("true" if callable(function) else "false")
    except BaseException as error:
        function = None
        answer = named("load", error)
    del request
    flush()
    write_frame(answer)
    if function is None and answer.startswith('{"load"'):
        os._exit(0)
    while True:
        call = read_frame()
        if call is None:
            os._exit(0)
        try:
            if not callable(function):
                raise NameError("name %r is not defined" % entry_point)
            args, kwargs = call["args"], call["kwargs"]
            del call
            result = function(*args, **kwargs)
            parts = ['{"return":']
            try:
                encode(result, parts)
                parts.append("}")
                answer = "".join(parts)
            except Unencodable as error:
                answer = '{"unencodable":%s}' % text(str(error))
            except RecursionError:
                answer = '{"unencodable":"a value nested too deeply"}'
        except BaseException as error:
            answer = named("raise", error)
        flush()
        write_frame(answer)


main()
