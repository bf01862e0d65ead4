import builtins, json, os, struct, sys

# The program's own process, started fresh (fork, then exec of a new interpreter) by the judge for every test: it
# holds the program's code and the arguments of its calls, nothing else: no test, no expected value, no nonce, no
# report descriptor. It loads the code, then answers calls: fd 0 brings length-prefixed frames from the judge, fd 3
# takes its answers; fds 1 and 2 are a pipe the judge counts and discards. Everything here runs beside the
# program's own code and may be replaced by it: the judge trusts nothing of this process but the values it decodes.

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
    return json.loads(b"".join(parts))


def write_frame(message):
    body = json.dumps(message, separators=(",", ":")).encode()
    data = struct.pack("<Q", len(body)) + body
    view, sent = memoryview(data), 0
    while sent < len(data):
        sent += os.write(ANSWERS, view[sent:])


class Unencodable(Exception):
    pass


def encode(value, depth=0):
    # Exact built-in types only: a subclass, a generator or any other object is not a value the judge can trust.
    if depth > 200:
        raise Unencodable("a value nested more than 200 levels deep")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if -(1 << 53) < value < (1 << 53) else {"I": "%x" % value}
    if kind is float:
        return {"f": struct.pack("<d", value).hex()}
    if kind is list:
        return {"l": [encode(item, depth + 1) for item in value]}
    if kind is tuple:
        return {"t": [encode(item, depth + 1) for item in value]}
    if kind is dict:
        return {"d": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if kind is set:
        return {"s": [encode(item, depth + 1) for item in value]}
    if kind is frozenset:
        return {"z": [encode(item, depth + 1) for item in value]}
    if kind is bytes:
        return {"b": value.hex()}
    if kind is complex:
        return {"c": [struct.pack("<d", value.real).hex(), struct.pack("<d", value.imag).hex()]}
    raise Unencodable("a value of type %s (only exact built-in types cross to the judge)" % kind.__name__)


def decode(value):
    if value is None or type(value) in (bool, str, int):
        return value
    if type(value) is dict and len(value) == 1:
        (tag, body), = value.items()
        if tag == "I":
            return int(body, 16)
        if tag == "f":
            return struct.unpack("<d", bytes.fromhex(body))[0]
        if tag == "l":
            return [decode(item) for item in body]
        if tag == "t":
            return tuple(decode(item) for item in body)
        if tag == "d":
            return {decode(k): decode(v) for k, v in body}
        if tag == "s":
            return {decode(item) for item in body}
        if tag == "z":
            return frozenset(decode(item) for item in body)
        if tag == "b":
            return bytes.fromhex(body)
        if tag == "c":
            return complex(struct.unpack("<d", bytes.fromhex(body[0]))[0], struct.unpack("<d", bytes.fromhex(body[1]))[0])
    raise ValueError("not an encoded value")


def nearest_builtin(error):
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins":
            return cls.__name__
    return "BaseException"


def text_of(error):
    try:
        text = str(error)
        return text if type(text) is str else ""
    except BaseException:
        return ""


def flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def main():
    write_frame({"ready": True})
    request = read_frame()
    entry_point = request["entry_point"]
    namespace = {"__name__": "__sandbox__", "__builtins__": builtins}
    try:
        _exec(_compile(request["code"], "<code>", "exec"), namespace)
        function = namespace.get(entry_point)
        answer = {"loaded": True, "defined": callable(function)}
    except BaseException as error:
        function = None
        answer = {"load": [nearest_builtin(error), text_of(error)]}
    flush()
    write_frame(answer)
    if function is None and "load" in answer:
        os._exit(0)
    while True:
        call = read_frame()
        if call is None:
            os._exit(0)
        try:
            if not callable(function):
                raise NameError("name %r is not defined" % entry_point)
            result = function(*decode(call["args"]), **{k: decode(v) for k, v in call["kwargs"].items()})
            try:
                answer = {"return": encode(result)}
            except Unencodable as error:
                answer = {"unencodable": str(error)}
            except RecursionError:
                answer = {"unencodable": "a value nested too deeply"}
        except BaseException as error:
            answer = {"raise": [nearest_builtin(error), text_of(error)]}
        flush()
        write_frame(answer)


main()
