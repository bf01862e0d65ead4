# task: HumanEval/7
# legal: on each call a forked child filters and sends the result through a pipe; the parent reads it and reaps the
# child with waitpid.
import json, os


def filter_by_substring(strings, substring):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.write(write_end, json.dumps([s for s in strings if substring in s]).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))
