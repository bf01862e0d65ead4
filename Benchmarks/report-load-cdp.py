#!/usr/bin/env python3
"""Loads each page in headless Chromium over the DevTools protocol (--remote-debugging-pipe: commands on fd 3,
answers on fd 4, NUL-terminated JSON) and prints, per page, the page's own navigation timing (start to the end of
DOMContentLoaded and of the load event) for each of N fresh browsers, as JSON lines. Python's standard library only.

    python3 report-load-cdp.py --runs 5 page.html …
"""
import json, os, sys, tempfile, shutil

def load(path):
    to_browser, from_browser = os.pipe(), os.pipe()
    profile = tempfile.mkdtemp(prefix="report-load-")
    pid = os.fork()
    if pid == 0:
        # Through spare descriptors first: a pipe may already sit on 3 or 4 (and dup2 onto itself keeps CLOEXEC).
        reading, writing = os.dup(to_browser[0]), os.dup(from_browser[1])
        os.dup2(reading, 3)
        os.dup2(writing, 4)
        os.set_inheritable(3, True)
        os.set_inheritable(4, True)
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv("/usr/bin/chromium", ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                                       "--disable-dev-shm-usage", "--remote-debugging-pipe",
                                       "--user-data-dir=" + profile, "--no-first-run", "about:blank"])
    os.close(to_browser[0])
    os.close(from_browser[1])
    state = {"buffer": b"", "id": 0, "events": []}

    def wait(predicate):
        while True:
            while b"\0" in state["buffer"]:
                message, state["buffer"] = state["buffer"].split(b"\0", 1)
                parsed = json.loads(message)
                if predicate(parsed):
                    return parsed
                state["events"].append(parsed)
            chunk = os.read(from_browser[0], 1 << 16)
            if not chunk:
                raise RuntimeError("the browser closed its pipe")
            state["buffer"] += chunk

    def send(method, params=None, session=None):
        state["id"] += 1
        message = {"id": state["id"], "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(to_browser[1], json.dumps(message).encode() + b"\0")
        number = state["id"]
        return wait(lambda m: m.get("id") == number).get("result", {})

    try:
        target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        send("Page.enable", None, session)
        send("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session)
        if not any(e.get("method") == "Page.loadEventFired" for e in state["events"]):
            wait(lambda m: m.get("method") == "Page.loadEventFired")
        timing = send("Runtime.evaluate", {"returnByValue": True, "expression":
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return [n.domContentLoadedEventEnd - n.startTime, n.loadEventEnd - n.startTime]; })()"}, session)
        send("Browser.close")
        return timing["result"]["value"]
    finally:
        os.waitpid(pid, 0)
        shutil.rmtree(profile, ignore_errors=True)

args = sys.argv[1:]
runs = 5
if args[:1] == ["--runs"]:
    runs, args = int(args[1]), args[2:]
for page in args:
    samples = [load(page) for _ in range(runs)]
    print(json.dumps({"page": page, "dom_content_loaded_ms": [s[0] for s in samples], "load_ms": [s[1] for s in samples]}))
