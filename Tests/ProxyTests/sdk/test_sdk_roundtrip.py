"""The official openai and anthropic SDKs, unchanged but for their base URL, against `align proxy`: record against
the local fake provider, then replay with a fresh fake upstream that must see no call at all."""
import asyncio

import anthropic
import openai
from conftest import FAKE_KEY

CHAT = "gpt-4o-mini"
CLAUDE = "claude-haiku-4-5"
TOOLS = [{"type": "function", "function": {"name": "submit_code", "parameters": {
    "type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]}}}]


def messages(text):
    return [{"role": "system", "content": "Write Python."}, {"role": "user", "content": text}]


def dump_all(items):
    return [item.model_dump() for item in items]


def openai_cases(client):
    chat = client.chat.completions
    yield "chat plain", chat.create(model=CHAT, messages=messages("sort a list")).model_dump()
    yield "chat plain again (sample 1)", chat.create(model=CHAT, messages=messages("sort a list")).model_dump()
    yield "chat tools", chat.create(model=CHAT, messages=messages("add two numbers"), tools=TOOLS,
                                    tool_choice={"type": "function", "function": {"name": "submit_code"}}).model_dump()
    yield "chat n=2", chat.create(model=CHAT, messages=messages("two ways"), n=2, temperature=1).model_dump()
    yield "chat stream", dump_all(chat.create(model=CHAT, messages=messages("stream it"), stream=True))
    yield "chat stream usage", dump_all(chat.create(model=CHAT, messages=messages("stream with usage"), stream=True,
                                                    stream_options={"include_usage": True}))
    with chat.stream(model=CHAT, messages=messages("helper stream")) as stream:
        events = [event.model_dump() for event in stream]
        final = stream.get_final_completion().model_dump()
    yield ".stream() helper", {"events": events, "final": final}
    yield "embeddings", client.embeddings.create(model="text-embedding-3-small", input=["a", "b c"]).model_dump()
    yield "completions", client.completions.create(model="gpt-3.5-turbo-instruct", prompt="def f():").model_dump()
    yield "responses", client.responses.create(model=CHAT, input="say hi").model_dump()
    yield "responses stream", dump_all(client.responses.create(model=CHAT, input="say hi slowly", stream=True))
    yield "models", dump_all(client.models.list())


def anthropic_cases(client):
    ask = [{"role": "user", "content": "write fizzbuzz"}]
    yield "messages plain", client.messages.create(model=CLAUDE, max_tokens=256, messages=ask).model_dump()
    yield "messages stream", dump_all(client.messages.create(model=CLAUDE, max_tokens=256, stream=True,
                                                            messages=[{"role": "user", "content": "stream fizzbuzz"}]))
    with client.messages.stream(model=CLAUDE, max_tokens=256,
                                messages=[{"role": "user", "content": "helper fizzbuzz"}]) as stream:
        events = [event.model_dump() for event in stream]
        final = stream.get_final_message().model_dump()
    yield "messages .stream() helper", {"events": events, "final": final}


async def async_cases(proxy_url):
    oa = openai.AsyncOpenAI(base_url=proxy_url + "/v1", api_key=FAKE_KEY, max_retries=0)
    an = anthropic.AsyncAnthropic(base_url=proxy_url, api_key=FAKE_KEY, max_retries=0)
    results = {}
    results["async chat"] = (await oa.chat.completions.create(model=CHAT, messages=messages("async"))).model_dump()
    chunks = await oa.chat.completions.create(model=CHAT, messages=messages("async stream"), stream=True)
    results["async chat stream"] = [chunk.model_dump() async for chunk in chunks]
    results["async messages"] = (await an.messages.create(
        model=CLAUDE, max_tokens=64, messages=[{"role": "user", "content": "async claude"}])).model_dump()
    await oa.close()
    await an.close()
    return results


def run_everything(proxy_url):
    oa = openai.OpenAI(base_url=proxy_url + "/v1", api_key=FAKE_KEY, max_retries=0)
    an = anthropic.Anthropic(base_url=proxy_url, api_key=FAKE_KEY, max_retries=0)
    results = dict(openai_cases(oa))
    results.update(anthropic_cases(an))
    results.update(asyncio.run(async_cases(proxy_url)))
    return results


def test_every_endpoint_records_then_replays_equal_with_no_upstream_call(upstream, start_proxy):
    from align_proxy_harness import FakeUpstream
    recording = start_proxy("record", upstream)
    recorded = run_everything(recording.url)
    live_calls = upstream.calls()["total"]
    assert live_calls == len(recorded), upstream.calls()
    assert recording.stop() == 0
    upstream.stop()

    # Replay against a fresh upstream that would answer: it must not be asked anything.
    witness = FakeUpstream()
    try:
        replaying = start_proxy("replay", witness)
        replayed = run_everything(replaying.url)
        assert witness.calls()["total"] == 0
    finally:
        witness.stop()
    assert replayed.keys() == recorded.keys()
    for name in recorded:
        assert replayed[name] == recorded[name], name
    # The answers really are the fake's, per call: two samples of one request differ, tools and n=2 came through.
    assert recorded["chat plain"]["id"] != recorded["chat plain again (sample 1)"]["id"]
    assert recorded["chat tools"]["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "submit_code"
    assert len(recorded["chat n=2"]["choices"]) == 2
    assert recorded["chat stream usage"][-1]["usage"]["prompt_tokens"] > 0
    assert all(chunk["usage"] is None for chunk in recorded["chat stream"])
    assert len(recorded["embeddings"]["data"]) == 2 and len(recorded["embeddings"]["data"][0]["embedding"]) == 8
    assert recorded["responses"]["output"][0]["content"][0]["text"].startswith("def solution")
    assert recorded["messages .stream() helper"]["final"]["content"][0]["text"].startswith("def solution")
    assert len(recorded["messages stream"]) > 4
