"""Starts the real processes the proxy tests and the pytest example use: the local fake provider on 127.0.0.1 and
`align proxy` on a free port. Nothing here is mocked: both are child processes speaking HTTP.

The `align` binary is $ALIGN_BIN, else .build/debug/align of the repository.
"""
import json
import os
import signal
import subprocess
import sys
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FAKE_PROVIDER = os.path.join(REPO, "Tests", "Support", "fake-provider", "fake_provider.py")


def align_binary():
    path = os.environ.get("ALIGN_BIN") or os.path.join(REPO, ".build", "debug", "align")
    if not os.access(path, os.X_OK):
        raise RuntimeError("no align binary at %s: run `swift build` first, or set ALIGN_BIN" % path)
    return path


class FakeUpstream:
    """The fake OpenAI/Anthropic server as a child process."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-u", FAKE_PROVIDER], stdout=subprocess.PIPE)
        line = self.process.stdout.readline().decode().strip()
        if not line.startswith("PORT "):
            raise RuntimeError("fake provider said %r" % line)
        self.port = int(line.split()[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def calls(self):
        with urllib.request.urlopen(self.url + "/_calls") as answer:
            return json.load(answer)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class AlignProxy:
    """`align proxy` as a child process; its address is read from its first line of output."""

    def __init__(self, cache, mode, upstream=None, extra=(), env=None):
        upstream = upstream or "http://127.0.0.1:9"  # nothing listens there: any live call fails
        command = [align_binary(), "proxy", "--cache", cache, "--mode", mode, "--port", "0",
                   "--openai-upstream", upstream, "--anthropic-upstream", upstream, *extra]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=env or dict(os.environ))
        line = self.process.stdout.readline().decode().strip()
        if not line.startswith("listening on http://"):
            error = self.process.stderr.read().decode()
            raise RuntimeError("align proxy did not start: %r %s" % (line, error))
        self.url = line[len("listening on "):]

    def stop(self, sig=signal.SIGTERM):
        """Stops it with `sig` and returns its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        status = self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()
        return status


def align(*arguments):
    """Runs `align ARGUMENTS` and returns (status, stdout, stderr)."""
    done = subprocess.run([align_binary(), *arguments], capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr
