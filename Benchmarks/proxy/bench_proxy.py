#!/usr/bin/env python3
"""align proxy against the alternatives, with the official openai SDK, in one run on one machine.

Per N (distinct chat calls, default 250, 1000, 4000), each measured in a fresh process and timed per call:
  floor        the SDK against an in-process mock transport (httpx2.MockTransport): no network at all
  direct       the SDK against the local fake provider (Tests/Support/fake-provider) over HTTP on 127.0.0.1
  proxy        the SDK against `align proxy --mode replay` started fresh, upstream stopped
  vcr-default  vcrpy 9.x replaying a json cassette with its default matching (method, scheme, host, port, path, query)
  vcr-body     vcrpy with match_on including the body
Then correctness with the requests reordered (vcr-default answers by position, the proxy by content), and the
recording overhead under 32 concurrent clients (per-call latency through `align proxy --mode record` minus the same
calls made directly, p50 and p99).

Usage: .venv/bin/python Benchmarks/proxy/bench_proxy.py --align .build/release/align [--n 250,1000,4000]
Prints one JSON object; docs/benchmarks.md holds the figures.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Tests", "Support", "python"))
from align_proxy_harness import AlignProxy, FakeUpstream  # noqa: E402

WORKER = r'''
import json, sys, time, random
import httpx2, openai
variant, base_url, n, cassette, order_seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
order = list(range(n))
if order_seed:
    random.Random(order_seed).shuffle(order)
def ask(client, i):
    return client.chat.completions.create(model="gpt-4o-mini", temperature=0,
        messages=[{"role": "user", "content": "task %d: write the function" % i}])
canned = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "def f(): pass"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}).encode()
if variant == "floor":
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=canned,
                                     headers={"content-type": "application/json"}))
    client = openai.OpenAI(base_url="http://mock/v1", api_key="k", http_client=httpx2.Client(transport=transport))
else:
    client = openai.OpenAI(base_url=base_url + "/v1", api_key="k", max_retries=0)
context = None
if variant.startswith("vcr"):
    import vcr
    match_on = ["method", "scheme", "host", "port", "path", "query"] + (["body"] if variant == "vcr-body" else [])
    record_mode = "once" if variant.endswith("record") else "none"
    context = vcr.VCR(record_mode=record_mode, match_on=match_on, serializer="json").use_cassette(cassette)
    context.__enter__()
answers, times = [], []
for i in order:
    start = time.perf_counter()
    answer = ask(client, i)
    times.append(time.perf_counter() - start)
    answers.append((i, answer.choices[0].message.content))
if context:
    context.__exit__(None, None, None)
print(json.dumps({"times": times, "answers": answers}))
'''


def worker(variant, base_url, n, cassette="", order_seed=0):
    done = subprocess.run([sys.executable, "-c", WORKER, variant, base_url, str(n), cassette, str(order_seed)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s failed: %s" % (variant, done.stderr[-2000:]))
    return json.loads(done.stdout)


def per_call_ms(result):
    times = sorted(result["times"])
    return {"mean_ms": round(1000 * sum(times) / len(times), 3), "p50_ms": round(1000 * times[len(times) // 2], 3)}


def wrong(result, truth):
    return sum(1 for i, text in result["answers"] if truth[i] != text)


def measure(align, n, body_limit):
    row = {"n": n}
    work = tempfile.mkdtemp(prefix="bench-proxy-")
    cache = os.path.join(work, "proxy.sqlite")
    cassette = os.path.join(work, "cassette.json")
    upstream = FakeUpstream()
    row["floor"] = per_call_ms(worker("floor", "", n))
    direct = worker("direct", upstream.url, n)
    row["direct"] = per_call_ms(direct)
    truth = {i: text for i, text in direct["answers"]}
    recorder = AlignProxy(cache, "record", upstream.url, extra=[], env=dict(os.environ, ALIGN_BIN=align))
    recorded = worker("direct", recorder.url, n)
    recorder.stop()
    worker("vcr-record", upstream.url, n, cassette)
    upstream.stop()
    truth = {i: text for i, text in recorded["answers"]}

    replaying = AlignProxy(cache, "replay")
    proxy = worker("direct", replaying.url, n)
    row["proxy"] = per_call_ms(proxy)
    assert wrong(proxy, truth) == 0
    replaying.stop()
    replaying = AlignProxy(cache, "replay")
    reordered = worker("direct", replaying.url, n, order_seed=7)
    replaying.stop()
    row["proxy_reordered_wrong"] = wrong(reordered, truth)

    vcr_default = worker("vcr-default", "http://127.0.0.1:%d" % upstream.port, n, cassette)
    row["vcr_default"] = per_call_ms(vcr_default)
    vcr_truth = {i: text for i, text in vcr_default["answers"]}
    vcr_reordered = worker("vcr-default", "http://127.0.0.1:%d" % upstream.port, n, cassette, order_seed=7)
    row["vcr_default_reordered_wrong"] = wrong(vcr_reordered, vcr_truth)
    if n <= body_limit:
        vcr_body = worker("vcr-body", "http://127.0.0.1:%d" % upstream.port, n, cassette)
        row["vcr_body"] = per_call_ms(vcr_body)
        assert wrong(vcr_body, vcr_truth) == 0
    row["proxy_over_direct_ms"] = round(row["proxy"]["mean_ms"] - row["direct"]["mean_ms"], 3)
    row["vcr_default_over_proxy"] = round(row["vcr_default"]["mean_ms"] / row["proxy"]["mean_ms"], 1)
    if "vcr_body" in row:
        row["vcr_body_over_proxy"] = round(row["vcr_body"]["mean_ms"] / row["proxy"]["mean_ms"], 1)
    return row


def recording_overhead(align, clients=32, per_client=40):
    import openai
    upstream = FakeUpstream()
    work = tempfile.mkdtemp(prefix="bench-proxy-rec-")
    proxy = AlignProxy(os.path.join(work, "rec.sqlite"), "record", upstream.url)

    def run(base, tag):
        latencies, lock = [], threading.Lock()

        def one(client_index):
            client = openai.OpenAI(base_url=base + "/v1", api_key="k", max_retries=0)
            mine = []
            for request in range(per_client):
                start = time.perf_counter()
                client.chat.completions.create(model="gpt-4o-mini", messages=[
                    {"role": "user", "content": "%s client %d request %d" % (tag, client_index, request)}])
                mine.append(time.perf_counter() - start)
            with lock:
                latencies.extend(mine)
        threads = [threading.Thread(target=one, args=(index,)) for index in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        latencies.sort()
        return {"p50_ms": round(1000 * latencies[len(latencies) // 2], 3),
                "p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 3)}

    direct = run(upstream.url, "direct")
    recorded = run(proxy.url, "proxied")
    proxy.stop()
    upstream.stop()
    return {"clients": clients, "calls_each": per_client, "direct": direct, "proxy_record": recorded,
            "overhead_p50_ms": round(recorded["p50_ms"] - direct["p50_ms"], 3),
            "overhead_p99_ms": round(recorded["p99_ms"] - direct["p99_ms"], 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--align", required=True)
    parser.add_argument("--n", default="250,1000,4000")
    parser.add_argument("--body-limit", type=int, default=1000, help="largest N for vcrpy's body matching")
    options = parser.parse_args()
    os.environ["ALIGN_BIN"] = os.path.abspath(options.align)
    import openai
    import vcr
    rows = [measure(options.align, int(n), options.body_limit) for n in options.n.split(",")]
    result = {"openai": openai.__version__, "vcrpy": vcr.__version__, "rows": rows,
              "recording": recording_overhead(options.align)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
