"""The README's pytest example (examples/pytest), as CI runs it: recorded against the local fake provider, then
replayed with nothing listening upstream, in another order too, and refused on an empty cache (so replay really
reads the cache)."""
import os
import subprocess
import sys

from align_proxy_harness import REPO, AlignProxy, FakeUpstream, align

EXAMPLE = os.path.join(REPO, "examples", "pytest")


def run_example(environment, *selection):
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(selection or [EXAMPLE])],
                          cwd=REPO, env=dict(os.environ, **environment), capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def test_the_example_records_then_replays_with_nothing_upstream(tmp_path):
    cache = str(tmp_path / "example.sqlite")
    upstream = FakeUpstream()
    try:
        status, output = run_example({"ALIGN_PROXY_MODE": "record", "ALIGN_PROXY_CACHE": cache,
                                      "ALIGN_PROXY_OPENAI_UPSTREAM": upstream.url, "OPENAI_API_KEY": "fake-example-key"})
        assert status == 0 and "3 passed" in output, output
        assert upstream.calls()["total"] == 4
    finally:
        upstream.stop()
    offline = {"ALIGN_PROXY_MODE": "replay", "ALIGN_PROXY_CACHE": cache, "ALIGN_PROXY_OPENAI_UPSTREAM": "http://127.0.0.1:9"}
    status, output = run_example(offline)
    assert status == 0 and "3 passed" in output, output
    # In another order: each test has its own scope, so the numbering of its samples does not move.
    status, output = run_example(offline, EXAMPLE + "/test_codegen.py::test_streaming_works_the_same",
                                 EXAMPLE + "/test_codegen.py::test_two_samples_of_one_request_are_told_apart")
    assert status == 0 and "2 passed" in output, output
    status, out, _ = align("cache", "stats", "--cache", cache, "--json")
    assert '"interactions" : 4' in out or '"interactions": 4' in out, out

    empty = str(tmp_path / "empty.sqlite")
    assert AlignProxy(empty, "record").stop() == 0  # a record-mode start creates an empty cache
    status, output = run_example(dict(offline, ALIGN_PROXY_CACHE=empty))
    assert status != 0 and "replay miss" in output, output
