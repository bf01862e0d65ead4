import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Support", "python"))
from align_proxy_harness import AlignProxy, FakeUpstream  # noqa: E402

# Not a real key, and not shaped like one either: it must stay out of the cache by the header rule alone.
FAKE_KEY = "fake-proxy-key-0123456789abcdef"


@pytest.fixture
def upstream():
    server = FakeUpstream()
    yield server
    server.stop()


@pytest.fixture
def cache(tmp_path):
    return str(tmp_path / "proxy.sqlite")


@pytest.fixture
def start_proxy(cache):
    started = []

    def start(mode, upstream=None, **options):
        proxy = AlignProxy(cache, mode, upstream.url if upstream else None, **options)
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()
