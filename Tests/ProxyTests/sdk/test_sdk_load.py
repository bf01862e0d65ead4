"""Many SDK clients at once through one proxy: scopes, single-flight, secrets, and a kill in the middle."""
import json
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import anthropic
import openai
from align_proxy_harness import align
from conftest import FAKE_KEY

CLIENTS = 32
REQUESTS = 50
PROMPTS = 10  # each client asks each of 10 prompts 5 times: samples 0..4 in its own scope


def client_run(url, index):
    client = openai.OpenAI(base_url=url + "/v1", api_key=FAKE_KEY, max_retries=0,
                           default_headers={"X-Align-Scope": "client-%d" % index})
    answers = []
    for request in range(REQUESTS):
        prompt = "prompt %d" % (request % PROMPTS)
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o-mini", temperature=1, messages=[{"role": "user", "content": prompt}])
        answers.append((prompt, int(raw.headers["x-align-sample"]), raw.parse().model_dump()))
    client.close()
    return answers


def run_clients(url):
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(lambda index: client_run(url, index), range(CLIENTS)))


def test_32_clients_by_50_requests_across_scopes_record_then_replay_identically(upstream, start_proxy):
    recording = start_proxy("record", upstream)
    recorded = run_clients(recording.url)
    # Every scope numbers its own repeats 0..4, and the same (prompt, sample) is one key across scopes: single-flight
    # makes it one live call however many clients ask at once.
    for answers in recorded:
        for prompt_index in range(PROMPTS):
            samples = [sample for prompt, sample, _ in answers if prompt == "prompt %d" % prompt_index]
            assert samples == list(range(REQUESTS // PROMPTS))
    assert upstream.calls()["total"] == PROMPTS * (REQUESTS // PROMPTS)
    by_key = {}
    for answers in recorded:
        for prompt, sample, answer in answers:
            assert by_key.setdefault((prompt, sample), answer) == answer
    recording.stop()
    upstream.stop()

    replaying = start_proxy("replay")
    replayed = run_clients(replaying.url)
    assert replayed == recorded


def test_the_key_reaches_the_upstream_but_no_byte_of_the_cache_its_wal_or_an_export(cache, upstream, start_proxy):
    proxy = start_proxy("record", upstream)
    oa = openai.OpenAI(base_url=proxy.url + "/v1", api_key=FAKE_KEY)
    oa.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "secret test"}])
    list(oa.chat.completions.create(model="gpt-4o-mini", stream=True,
                                    messages=[{"role": "user", "content": "secret stream"}]))
    # This SDK sends its key as a bearer token; the key goes as x-api-key too, as older clients send it.
    an = anthropic.Anthropic(base_url=proxy.url, api_key=FAKE_KEY, default_headers={"X-Api-Key": FAKE_KEY})
    an.messages.create(model="claude-haiku-4-5", max_tokens=64,
                       messages=[{"role": "user", "content": "secret claude"}])
    assert upstream.calls()["keys"] == sorted(["Bearer " + FAKE_KEY, FAKE_KEY])
    # Checked while the proxy still runs, so the WAL has not been folded into the main file yet.
    assert os.path.getsize(cache + "-wal") > 0
    for path in (cache, cache + "-wal"):
        data = open(path, "rb").read()
        assert FAKE_KEY.encode() not in data, path
        assert b"FAKECOOKIE123" not in data, path
    proxy.stop()
    status, exported, _ = align("cache", "export", "--cache", cache)
    assert status == 0 and exported.count("\n") >= 3
    assert FAKE_KEY not in exported and "FAKECOOKIE123" not in exported


def test_sigkill_during_a_recording_burst_loses_no_answer_a_client_received(cache, upstream, start_proxy):
    proxy = start_proxy("record", upstream)
    received = []
    lock = threading.Lock()
    stop = threading.Event()

    def burst(worker):
        client = openai.OpenAI(base_url=proxy.url + "/v1", api_key=FAKE_KEY, max_retries=0,
                               default_headers={"X-Align-Scope": "worker-%d" % worker})
        for request in range(10_000):
            if stop.is_set():
                return
            prompt = "worker %d request %d" % (worker, request)
            try:
                answer = client.chat.completions.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": prompt}])
            except openai.APIError:
                return
            with lock:
                received.append((worker, prompt, answer.model_dump()))

    threads = [threading.Thread(target=burst, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    while len(received) < 40:
        time.sleep(0.01)
    proxy.stop(signal.SIGKILL)
    stop.set()
    for thread in threads:
        thread.join()
    assert len(received) >= 40
    status, out, err = align("cache", "verify", "--cache", cache)
    assert status == 0, out + err

    replaying = start_proxy("replay")
    clients = {}
    for worker, prompt, answer in received:
        client = clients.setdefault(worker, openai.OpenAI(
            base_url=replaying.url + "/v1", api_key=FAKE_KEY, max_retries=0,
            default_headers={"X-Align-Scope": "worker-%d" % worker}))
        again = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
        assert again.model_dump() == answer


def test_x_align_run_groups_proxied_calls_for_align_costs(cache, upstream, start_proxy):
    for mode in ("record", "replay"):
        proxy = start_proxy(mode, upstream)
        oa = openai.OpenAI(base_url=proxy.url + "/v1", api_key=FAKE_KEY, max_retries=0,
                           default_headers={"X-Align-Run": "nightly-ci"})
        for text in ("one", "two", "one"):
            oa.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        # A stream's event is written when it ends, with the usage its last chunk carries.
        list(oa.chat.completions.create(model="gpt-4o-mini", stream=True, stream_options={"include_usage": True},
                                        messages=[{"role": "user", "content": "three"}]))
        assert proxy.stop() == 0
    status, out, err = align("costs", "nightly-ci", "--cache", cache, "--json")
    assert status == 0, err
    total = json.loads(out)["total"]
    # Recorded live once (four calls: "one" twice is samples 0 and 1), then served from the cache.
    assert total["calls"] == {"live": 4, "cache": 4}, total
    assert total["tokens"]["cache"]["input"] > 0, total
    status, out, err = align("costs", "--all", "--cache", cache, "--json")
    assert status == 0, err
    assert json.loads(out)["total"]["calls"]["live"] == 4


def test_sigterm_finishes_the_calls_in_flight_and_keeps_them(cache, upstream, start_proxy):
    proxy = start_proxy("record", upstream)
    results = {}

    def slow(name):
        client = openai.OpenAI(base_url=proxy.url + "/v1", api_key=FAKE_KEY, max_retries=0)
        results[name] = client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "SLOW %s" % name}]).model_dump()

    threads = [threading.Thread(target=slow, args=(name,)) for name in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    while upstream.calls()["total"] < 3:  # the fake holds each for 0.4 s: all three are in flight now
        time.sleep(0.01)
    assert proxy.stop(signal.SIGTERM) == 0
    for thread in threads:
        thread.join()
    assert sorted(results) == ["a", "b", "c"]
    replaying = start_proxy("replay")
    client = openai.OpenAI(base_url=replaying.url + "/v1", api_key=FAKE_KEY, max_retries=0)
    for name, answer in results.items():
        again = client.chat.completions.create(model="gpt-4o-mini",
                                               messages=[{"role": "user", "content": "SLOW %s" % name}])
        assert again.model_dump() == answer
