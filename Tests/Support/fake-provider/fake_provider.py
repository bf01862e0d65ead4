#!/usr/bin/env python3
"""A local stand-in for the OpenAI and Anthropic HTTP APIs, for tests. Real HTTP on 127.0.0.1, an ephemeral port.

Speaks POST /v1/chat/completions (OpenAI, plain and streamed with stream_options.include_usage, tools, n > 1),
POST /v1/completions, POST /v1/embeddings (float or base64), POST /v1/responses (plain and streamed), GET /v1/models
and POST /v1/messages (Anthropic, plain and streamed, tool use). Counts every call: GET /_calls returns
{"total": n, "paths": {...}, "keys": [...]} (keys: the distinct credentials it was sent, to prove forwarding). Answers are deterministic in the request, plus a per-server call number in the id, so
a refresh can be told from a replay.

Words in the last user message steer it: RATE_LIMIT_ONCE (a 429 with Retry-After the first time for that text),
SERVER_ERROR (500), BAD_REQUEST (400), EMPTY (an empty answer), FILTERED (a content-filter stop), SLOW (waits 0.4 s).

Prints "PORT <n>" on its first line. Exits when its parent process goes away or on SIGTERM.
"""
import base64
import hashlib
import json
import struct
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
calls = {"total": 0, "paths": {}}
keys = set()
rate_limited = set()


def last_user_text(body, anthropic):
    messages = body.get("messages") or []
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
            return content or ""
    return ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one write, with no Nagle delay: otherwise a delayed ACK adds 40 ms to every call.
    disable_nagle_algorithm = True
    wbufsize = -1

    def log_message(self, *args):
        pass

    def send_json(self, status, payload, extra=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.send_header("x-request-id", "req_%d" % calls["total"])
        self.send_header("set-cookie", "__cf_bm=FAKECOOKIE123; path=/")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def count(self):
        with lock:
            calls["total"] += 1
            calls["paths"][self.path] = calls["paths"].get(self.path, 0) + 1
            for name in ("authorization", "x-api-key"):
                if self.headers.get(name):
                    keys.add(self.headers.get(name))
            return calls["total"]

    def do_GET(self):
        if self.path == "/_calls":
            with lock:
                self.send_json(200, dict(calls, keys=sorted(keys)))
        elif self.path == "/v1/models":
            self.count()
            self.send_json(200, {"object": "list", "data": [
                {"id": name, "object": "model", "created": 1700000000, "owned_by": "fake-provider"}
                for name in ("gpt-4o-mini", "text-embedding-3-small", "claude-3-5-haiku-20241022")]})
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        raw = self.rfile.read(length)
        number = self.count()
        try:
            body = json.loads(raw)
        except ValueError:
            return self.send_json(400, {"error": {"message": "body is not JSON"}})
        anthropic = self.path == "/v1/messages"
        if self.path == "/v1/embeddings":
            return self.embeddings(body, number)
        if self.path not in ("/v1/chat/completions", "/v1/messages", "/v1/completions", "/v1/responses"):
            return self.send_json(404, {"error": {"message": "unknown path " + self.path}})
        text = last_user_text(body, anthropic) if "messages" in body else str(body.get("prompt") or body.get("input"))
        if "SLOW" in text:
            time.sleep(0.4)
        if "RATE_LIMIT_ONCE" in text:
            with lock:
                first = text not in rate_limited
                rate_limited.add(text)
            if first:
                return self.send_json(429, {"error": {"message": "rate limited"}}, {"retry-after": "0.05"})
        if "SERVER_ERROR" in text:
            return self.send_json(500, {"error": {"message": "internal error"}})
        if "BAD_REQUEST" in text:
            return self.send_json(400, {"error": {"message": "bad request: temperature out of range"}})
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
        answer = "" if "EMPTY" in text else "def solution():\n    return %r  # %s\n" % (digest, text[:40])
        finish = "content_filter" if "FILTERED" in text else None
        prompt_tokens = max(1, len(raw) // 4)
        completion_tokens = max(0, len(answer) // 4)
        tools = body.get("tools")
        stream = bool(body.get("stream"))
        model = body.get("model", "unknown")
        if anthropic:
            self.anthropic(body, number, answer, finish, tools, stream, model, prompt_tokens, completion_tokens)
        elif self.path == "/v1/completions":
            self.completions(body, number, answer, stream, model, prompt_tokens, completion_tokens)
        elif self.path == "/v1/responses":
            self.openai_responses(body, number, answer, stream, model, prompt_tokens, completion_tokens)
        else:
            self.openai(body, number, answer, finish, tools, stream, model, prompt_tokens, completion_tokens)

    def openai(self, body, number, answer, finish, tools, stream, model, prompt_tokens, completion_tokens):
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens,
                 "prompt_tokens_details": {"cached_tokens": 0},
                 "completion_tokens_details": {"reasoning_tokens": 0}}
        use_tool = bool(tools) and answer != ""
        name = tools[0]["function"]["name"] if use_tool else None
        arguments = json.dumps({"code": answer}) if use_tool else None
        reason = finish or ("tool_calls" if use_tool else "stop")
        ident = "chatcmpl-%d" % number
        n = int(body.get("n") or 1)
        if not stream:
            choices = []
            for index in range(n):
                message = {"role": "assistant", "content": None if use_tool else answer + "#" * index}
                if use_tool:
                    message["tool_calls"] = [{"id": "call_%d_%d" % (number, index), "type": "function",
                                              "function": {"name": name, "arguments": arguments}}]
                choices.append({"index": index, "message": message, "finish_reason": reason})
            return self.send_json(200, {"id": ident, "object": "chat.completion", "created": 1700000000,
                                        "model": model, "choices": choices, "usage": usage})
        chunks = []
        if use_tool:
            chunks.append({"role": "assistant", "content": None, "tool_calls": [
                {"index": 0, "id": "call_%d" % number, "type": "function",
                 "function": {"name": name, "arguments": ""}}]})
            for i in range(0, len(arguments), 16):
                chunks.append({"tool_calls": [{"index": 0, "function": {"arguments": arguments[i:i + 16]}}]})
        else:
            chunks.append({"role": "assistant", "content": ""})
            for i in range(0, len(answer), 12):
                chunks.append({"content": answer[i:i + 12]})
        events = [{"id": ident, "object": "chat.completion.chunk", "created": 1700000000, "model": model,
                   "choices": [{"index": index, "delta": delta, "finish_reason": None}]}
                  for delta in chunks for index in range(n)]
        events += [{"id": ident, "object": "chat.completion.chunk", "created": 1700000000, "model": model,
                    "choices": [{"index": index, "delta": {}, "finish_reason": reason}]} for index in range(n)]
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append({"id": ident, "object": "chat.completion.chunk", "created": 1700000000, "model": model,
                           "choices": [], "usage": usage})
        self.stream([(None, json.dumps(e)) for e in events] + [(None, "[DONE]")])

    def anthropic(self, body, number, answer, finish, tools, stream, model, prompt_tokens, completion_tokens):
        use_tool = bool(tools) and answer != ""
        reason = "refusal" if finish else ("tool_use" if use_tool else "end_turn")
        usage = {"input_tokens": prompt_tokens, "output_tokens": completion_tokens,
                 "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
        ident = "msg_%d" % number
        if use_tool:
            block = {"type": "tool_use", "id": "toolu_%d" % number, "name": tools[0]["name"], "input": {"code": answer}}
        else:
            block = {"type": "text", "text": answer}
        if not stream:
            return self.send_json(200, {"id": ident, "type": "message", "role": "assistant", "model": model,
                                        "content": [block] if answer else [], "stop_reason": reason,
                                        "stop_sequence": None, "usage": usage})
        start_usage = dict(usage, output_tokens=1)
        events = [("message_start", {"type": "message_start", "message": {
            "id": ident, "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": start_usage}})]
        if answer:
            if use_tool:
                events.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                                       "content_block": dict(block, input={})}))
                partial = json.dumps({"code": answer})
                for i in range(0, len(partial), 16):
                    events.append(("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {
                        "type": "input_json_delta", "partial_json": partial[i:i + 16]}}))
            else:
                events.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                                       "content_block": {"type": "text", "text": ""}}))
                for i in range(0, len(answer), 12):
                    events.append(("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                           "delta": {"type": "text_delta", "text": answer[i:i + 12]}}))
            events.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
        events.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": reason,
                                                                              "stop_sequence": None},
                                         "usage": {"output_tokens": completion_tokens}}))
        events.append(("message_stop", {"type": "message_stop"}))
        self.stream([(name, json.dumps(data)) for name, data in events])

    def embeddings(self, body, number):
        inputs = body.get("input")
        inputs = inputs if isinstance(inputs, list) else [inputs]
        data = []
        for index, text in enumerate(inputs):
            digest = hashlib.sha256(json.dumps(text).encode()).digest()
            vector = [(byte - 128) / 128.0 for byte in digest[:8]]
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(struct.pack("<%df" % len(vector), *vector)).decode()
                data.append({"object": "embedding", "index": index, "embedding": encoded})
            else:
                data.append({"object": "embedding", "index": index, "embedding": vector})
        tokens = sum(max(1, len(json.dumps(text)) // 4) for text in inputs)
        self.send_json(200, {"object": "list", "data": data, "model": body.get("model", "unknown"),
                             "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

    def completions(self, body, number, answer, stream, model, prompt_tokens, completion_tokens):
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        ident = "cmpl-%d" % number
        if not stream:
            return self.send_json(200, {"id": ident, "object": "text_completion", "created": 1700000000,
                                        "model": model, "choices": [{"text": answer, "index": 0, "logprobs": None,
                                                                     "finish_reason": "stop"}], "usage": usage})
        events = [{"id": ident, "object": "text_completion", "created": 1700000000, "model": model,
                   "choices": [{"text": answer[i:i + 12], "index": 0, "logprobs": None, "finish_reason": None}]}
                  for i in range(0, len(answer), 12)]
        events.append({"id": ident, "object": "text_completion", "created": 1700000000, "model": model,
                       "choices": [{"text": "", "index": 0, "logprobs": None, "finish_reason": "stop"}]})
        self.stream([(None, json.dumps(e)) for e in events] + [(None, "[DONE]")])

    def openai_responses(self, body, number, answer, stream, model, prompt_tokens, completion_tokens):
        ident = "resp_%d" % number
        item = {"type": "message", "id": "msg_%d" % number, "status": "completed", "role": "assistant",
                "content": [{"type": "output_text", "text": answer, "annotations": []}]}
        usage = {"input_tokens": prompt_tokens, "input_tokens_details": {"cached_tokens": 0},
                 "output_tokens": completion_tokens, "output_tokens_details": {"reasoning_tokens": 0},
                 "total_tokens": prompt_tokens + completion_tokens}
        response = {"id": ident, "object": "response", "created_at": 1700000000, "model": model,
                    "status": "completed", "output": [item], "usage": usage, "parallel_tool_calls": True,
                    "tool_choice": "auto", "tools": [], "error": None, "incomplete_details": None}
        if not stream:
            return self.send_json(200, response)
        started = dict(response, status="in_progress", output=[], usage=None)
        events = [("response.created", {"type": "response.created", "sequence_number": 0, "response": started})]
        for i in range(0, len(answer), 12):
            events.append(("response.output_text.delta", {
                "type": "response.output_text.delta", "sequence_number": len(events), "item_id": item["id"],
                "output_index": 0, "content_index": 0, "delta": answer[i:i + 12], "logprobs": []}))
        events.append(("response.completed", {"type": "response.completed", "sequence_number": len(events),
                                              "response": response}))
        self.stream([(name, json.dumps(data)) for name, data in events])

    def stream(self, events):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for name, data in events:
            text = ("event: %s\n" % name if name else "") + "data: %s\n\n" % data
            payload = text.encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(payload), payload))
            self.wfile.flush()
            time.sleep(0.002)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def main():
    # The parent may have spawned us with SIGTERM blocked (it inherits the spawning thread's mask).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    sys.stdout.write("PORT %d\n" % server.server_address[1])
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
