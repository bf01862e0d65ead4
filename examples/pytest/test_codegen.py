"""Tests of code that calls an LLM, made deterministic and offline by `align proxy` (see conftest.py)."""


def write_function(client, task, temperature=0.0):
    """The code under test: asks the model for a Python function and returns its source."""
    answer = client.chat.completions.create(
        model="gpt-4o-mini", temperature=temperature,
        messages=[{"role": "system", "content": "Answer with one Python function, no prose."},
                  {"role": "user", "content": task}])
    return answer.choices[0].message.content


def test_the_answer_is_python_source(client):
    source = write_function(client, "Write fizzbuzz(n).")
    assert source.startswith("def ")
    compile(source, "<answer>", "exec")


def test_two_samples_of_one_request_are_told_apart(client):
    # Identical requests in one test are samples 0 and 1: recorded apart, replayed in the same order.
    first = write_function(client, "Write a random password generator.", temperature=1.0)
    second = write_function(client, "Write a random password generator.", temperature=1.0)
    assert first and second


def test_streaming_works_the_same(client):
    stream = client.chat.completions.create(
        model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": "Write is_prime(n)."}])
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert "def " in text
