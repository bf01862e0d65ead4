"""Runs this test suite's LLM calls through `align proxy`: record once against the real API, replay in CI.

    ALIGN_PROXY_MODE=record pytest examples/pytest    # live calls on a miss, stored in the cache (needs a key)
    ALIGN_PROXY_MODE=replay pytest examples/pytest    # strictly offline: a changed request fails, with a diff

The cache file is $ALIGN_PROXY_CACHE (default: llm-cache.sqlite beside this file); the upstream is
$ALIGN_PROXY_OPENAI_UPSTREAM (default: the OpenAI API). Each test gets its own scope (X-Align-Scope: the test's id),
so identical requests are numbered per test and the suite replays the same in any order, under any runner.
"""
import os
import shutil
import subprocess

import openai
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def align_binary():
    for candidate in (os.environ.get("ALIGN_BIN"), shutil.which("align"),
                      os.path.join(HERE, "..", "..", ".build", "debug", "align")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("align not found: build it (swift build) or set ALIGN_BIN")


@pytest.fixture(scope="session")
def align_proxy():
    mode = os.environ.get("ALIGN_PROXY_MODE", "replay")
    cache = os.environ.get("ALIGN_PROXY_CACHE", os.path.join(HERE, "llm-cache.sqlite"))
    upstream = os.environ.get("ALIGN_PROXY_OPENAI_UPSTREAM", "https://api.openai.com")
    process = subprocess.Popen([align_binary(), "proxy", "--cache", cache, "--mode", mode, "--port", "0",
                                "--openai-upstream", upstream], stdout=subprocess.PIPE)
    line = process.stdout.readline().decode().strip()  # "listening on http://127.0.0.1:PORT"
    if not line.startswith("listening on "):
        process.kill()
        raise RuntimeError("align proxy did not start: %r" % line)
    yield line[len("listening on "):]
    process.terminate()  # SIGTERM: calls in flight finish, everything answered is in the cache
    process.wait(timeout=30)


@pytest.fixture
def client(align_proxy, request):
    # In replay no key is needed; in record mode the real one is forwarded upstream and never stored.
    return openai.OpenAI(base_url=align_proxy + "/v1", api_key=os.environ.get("OPENAI_API_KEY", "unused-in-replay"),
                         default_headers={"X-Align-Scope": request.node.nodeid})
