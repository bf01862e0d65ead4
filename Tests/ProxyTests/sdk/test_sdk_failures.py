"""What the SDKs see when the proxy cannot answer: a replay miss they do not retry, with the explained diff."""
import anthropic
import httpx2
import openai
import pytest
from conftest import FAKE_KEY


class Counter:
    def __init__(self):
        self.requests = 0

    def __call__(self, request):
        self.requests += 1


def test_a_replay_miss_raises_the_sdk_error_with_the_diff_and_is_not_retried(upstream, start_proxy):
    recording = start_proxy("record", upstream)
    oa = openai.OpenAI(base_url=recording.url + "/v1", api_key=FAKE_KEY)
    oa.chat.completions.create(model="gpt-4o-mini", temperature=0,
                               messages=[{"role": "user", "content": "reverse a string"}])
    an = anthropic.Anthropic(base_url=recording.url, api_key=FAKE_KEY)
    an.messages.create(model="claude-haiku-4-5", max_tokens=100,
                       messages=[{"role": "user", "content": "reverse a string"}])
    recording.stop()

    replaying = start_proxy("replay")
    counter = Counter()
    # The SDKs' default retries (2) are on: the proxy's answer must not trigger them.
    oa = openai.OpenAI(base_url=replaying.url + "/v1", api_key=FAKE_KEY,
                       http_client=httpx2.Client(event_hooks={"request": [counter]}))
    with pytest.raises(openai.APIStatusError) as caught:
        oa.chat.completions.create(model="gpt-4o-mini", temperature=0.7,
                                   messages=[{"role": "user", "content": "reverse a string"}])
    text = str(caught.value)
    assert "replay miss" in text and "openai gpt-4o-mini /v1/chat/completions" in text
    assert "`temperature`" in text and "recorded 0, requested 0.7" in text
    assert caught.value.body["type"] == "replay_miss"
    assert counter.requests == 1

    counter = Counter()
    an = anthropic.Anthropic(base_url=replaying.url, api_key=FAKE_KEY,
                             http_client=httpx2.Client(event_hooks={"request": [counter]}))
    with pytest.raises(anthropic.APIStatusError) as caught:
        an.messages.create(model="claude-haiku-4-5", max_tokens=200,
                           messages=[{"role": "user", "content": "reverse a string"}])
    text = str(caught.value)
    assert "replay miss" in text and "`max_tokens`" in text and "recorded 100, requested 200" in text
    assert counter.requests == 1


def test_unreachable_upstream_bad_json_and_oversized_bodies_store_nothing(cache, start_proxy):
    import json
    import urllib.error
    import urllib.request

    from align_proxy_harness import align
    proxy = start_proxy("record", None, extra=["--max-body-mib", "1"])

    def post(path, data):
        request = urllib.request.Request(proxy.url + path, data=data, method="POST",
                                         headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    status, body = post("/v1/chat/completions", b'{"model": "gpt-4o-mini", "messages": []}')
    assert status == 502 and body["error"]["type"] == "upstream_unreachable"
    status, body = post("/v1/messages", b'{"model": "claude", "messages": []}')
    assert status == 502 and body["type"] == "error" and body["error"]["type"] == "upstream_unreachable"
    status, body = post("/v1/chat/completions", b'{"model": "gpt-4o-mini", "messages": [')
    assert status == 400 and "not valid JSON" in body["error"]["message"]
    status, body = post("/v1/chat/completions", b'{"pad": "' + b"x" * (1 << 20) + b'"}')
    assert status == 413 and body["error"]["type"] == "request_too_large"
    status, body = post("/v2/unknown", b"{}")
    assert status == 404 and "/v1/chat/completions" in body["error"]["message"]
    proxy.stop()
    status, out, _ = align("cache", "stats", "--cache", cache, "--json")
    assert status == 0 and json.loads(out)["interactions"] == 0


def test_an_sdk_retry_after_a_rate_limit_is_the_same_sample_so_replay_finds_it(upstream, start_proxy):
    ask = [{"role": "user", "content": "RATE_LIMIT_ONCE then answer"}]
    recording = start_proxy("record", upstream)
    oa = openai.OpenAI(base_url=recording.url + "/v1", api_key=FAKE_KEY, max_retries=2)
    raw = oa.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=ask)
    # The 429 went back to the SDK, which retried: the retry is sample 0 again, not sample 1.
    assert upstream.calls()["total"] == 2
    assert raw.headers["x-align-sample"] == "0"
    answer = raw.parse().model_dump()
    recording.stop()
    replaying = start_proxy("replay")
    oa = openai.OpenAI(base_url=replaying.url + "/v1", api_key=FAKE_KEY, max_retries=0)
    assert oa.chat.completions.create(model="gpt-4o-mini", messages=ask).model_dump() == answer


def test_member_names_that_differ_only_in_normalisation_are_recorded_and_replayed(upstream, start_proxy):
    import urllib.request

    # Valid JSON with two distinct members under RFC 8785: "\u00e9" and "e\u0301".
    body = ('{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], '
            '"metadata": {"\u00e9": "precomposed", "e\u0301": "combining"}}').encode()

    def post(url):
        request = urllib.request.Request(url + "/v1/chat/completions", data=body, method="POST",
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return answer.headers["x-align-source"], answer.read()

    recording = start_proxy("record", upstream)
    source, recorded = post(recording.url)
    assert source == "live"
    recording.stop()
    replaying = start_proxy("replay")
    source, replayed = post(replaying.url)
    assert (source, replayed) == ("cache", recorded)
