"""The fast reader (plainyaml) against PyYAML's C loader, the oracle, on generated input.

Whatever the fast reader accepts must give exactly the oracle's values and key lines;
whatever the oracle refuses, the fast reader must decline (so the oracle reports it with
its line). The oracle is `RecordLoader`, PyYAML's C loader with the project's two
documented changes (dates stay text; numbers, nesting and aliases have limits).
Three generators: blocks built from the subset's shapes with hostile characters, raw
scalars, and mutations of the example vault's real front matter; plus whole files in
odd encodings through `decode` and `split`, which may only ever raise FrontMatterError.

The budget is fixed (`EXAMPLES`, derandomized, so CI runs the same cases each time);
`KITH_FUZZ_EXAMPLES=20000 pytest tests/test_yaml_differential.py` goes wider by hand.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithbook.frontmatter import FrontMatterError, RecordLoader, decode, split
from kithbook.load import record_files
from kithbook.plainyaml import PlainReader, typed_scalars

from .conftest import REPO

READER = PlainReader(typed_scalars(RecordLoader))
EXAMPLES = int(os.environ.get("KITH_FUZZ_EXAMPLES", "400"))
BUDGET = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Characters that mean something to YAML, white space YAML does not count as such, the
# line breaks and control characters PyYAML refuses, and plain letters and digits.
HOSTILE = ("ab z09:#-[]{},'\"&*!|>%@`\\=<?.~+_/\t\u00a0\u3000\u0085\u2028\u2029\x01\x1b"
           "\x7f\ufeff\ufffe\u00e9\U0001f600eE")
KEYS = ["name", "title", "tags", "a", "b", "yes", "null", "on", "x-y", "_k", "1a", "a b",
        "<<", "=", "~"]

scalar = st.text(alphabet=HOSTILE, max_size=10)
quoted = st.one_of(scalar.map(lambda t: "'" + t.replace("'", "''") + "'"),
                   scalar.map(lambda t: '"' + t + '"'))
value = st.one_of(scalar, quoted)
key = st.sampled_from(KEYS)


def _flow_map(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


line = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", key, value),
    st.builds(lambda k, v: f"{k}:{v}", key, value),
    st.builds(lambda k, vs: f"{k}: [{', '.join(vs)}]", key, st.lists(value, max_size=4)),
    st.builds(lambda k, p: f"{k}: {_flow_map(p)}", key,
              st.lists(st.tuples(key, value), max_size=3)),
    st.builds(lambda k, vs, indent: f"{k}:\n" + "\n".join(f"{indent}- {v}" for v in vs),
              key, st.lists(value, min_size=1, max_size=3), st.sampled_from(["", "  ", " "])),
    st.builds(lambda k, p: f"{k}:\n" + "\n".join(f"  {a}: {b}" for a, b in p),
              key, st.lists(st.tuples(key, value), min_size=1, max_size=3)),
    st.builds(lambda c: f"# {c}", scalar),
    st.just(""),
    scalar,
)
block = st.lists(line, min_size=1, max_size=6).map("\n".join)


def oracle(text: str) -> tuple[Any, ...]:
    """('ok', values, key lines, repeats) as PyYAML reads the block, or ('error',).
    Anything but a YAML error from the oracle is a bug of ours (it must never happen)."""
    loader = RecordLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError:
        return ("error",)
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return ("not a mapping",)
    return ("ok", repr(data), loader.key_lines, list(loader.repeated_keys))


def assert_agree(text: str) -> None:
    fast = READER.read(text)
    expected = oracle(text)
    if fast is None:
        return  # declined: the oracle reads it (or reports it) for the fast reader
    data, lines, repeated = fast
    if not data:
        return  # an empty result is never used (split asks PyYAML)
    assert expected[0] == "ok", f"the fast reader accepted what PyYAML refuses: {text!r}"
    assert (repr(data), lines, repeated) == expected[1:], text


@BUDGET
@given(block)
def test_generated_blocks_agree_with_pyyaml(text):
    assert_agree(text)


@BUDGET
@given(key, value)
def test_raw_scalars_agree_with_pyyaml(name, raw):
    assert_agree(f"{name}: {raw}")
    assert_agree(f"{name}: [{raw}]")
    assert_agree(f"{name}:\n  - {raw}")


def _real_blocks() -> list[str]:
    blocks = []
    for folder in ("people", "meetings"):
        for path in record_files(REPO / folder):
            text = path.read_text(encoding="utf-8")
            blocks.append(text.split("\n---", 1)[0].removeprefix("---\n"))
    return blocks


REAL = _real_blocks()
mutation = st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace", "dup"]),
                     st.sampled_from(HOSTILE + "\n"))


def mutate(text: str, steps: list[tuple[float, str, str]]) -> str:
    for where, how, char in steps:
        at = int(where * len(text))
        if how == "insert":
            text = text[:at] + char + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + 1:]
        elif how == "replace":
            text = text[:at] + char + text[at + 1:]
        else:  # a line written twice
            lines = text.split("\n")
            index = min(int(where * len(lines)), len(lines) - 1)
            text = "\n".join([*lines[:index + 1], *lines[index:]])
    return text


@BUDGET
@given(st.sampled_from(REAL), st.lists(mutation, min_size=1, max_size=4))
def test_mutated_real_front_matter_agrees_with_pyyaml(text, steps):
    assert_agree(mutate(text, steps))


encoded = st.tuples(block, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
                    st.booleans())


@BUDGET
@given(encoded)
def test_files_in_any_encoding_are_read_or_refused_with_a_line(case):
    text, encoding, crlf = case
    whole = f"---\n{text}\n---\nbody\n"
    if crlf:
        whole = whole.replace("\n", "\r\n")
    raw = whole.encode(encoding, errors="replace")
    try:
        parsed = split(decode(raw))
    except FrontMatterError as err:
        assert err.line >= 1 and err.message
        return
    assert parsed.body == "body\n"


def test_the_oracle_is_pyyaml_s_c_loader():
    assert issubclass(RecordLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("text", [
    "a: x\u00a0", "a: \u3000x", "a: b\x01", "a: b\u0085c", "a: b\u2028c", "a: [a:?]",
    "a: =", "a: <<", "a: [x\ufffe]", "a: " + "1" * 5000, "a: [1:2]", "a: 'x\u00a0'",
])
def test_cases_the_fuzzer_found(text):
    assert_agree(text)
    if READER.read(text) is not None:
        assert READER.read(text)[0] == yaml.load(text, Loader=RecordLoader)
