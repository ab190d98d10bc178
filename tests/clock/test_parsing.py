"""Reading a chunk of JSON Lines at once gives what json.loads gives line by line, or gives up."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sendresolve.clock.parsing import parse_lines

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)
cases = st.dictionaries(st.sampled_from(["id", "notice_sent", "issues", "é"]), values, max_size=4)
# Ways a line can differ from one json.dumps(...) + newline: only some of them are still one JSON value.
edits = st.sampled_from([
    lambda text: text, lambda text: text, lambda text: text,
    lambda text: text + b"\r", lambda text: text + b" \t ", lambda text: b" " + text, lambda text: text + b"\x0c",
    lambda text: b"\xef\xbb\xbf" + text, lambda text: text.decode().encode("utf-16"), lambda text: text + b" 1",
    lambda text: text[:-1], lambda text: b"", lambda text: b"  ", lambda text: text + b"}", lambda text: b"\xff" + text,
    lambda text: text.replace(b'"', b"'"), lambda text: text + b"\x00", lambda text: b"[" + text + b"]",
])


def loads_each(lines: list[bytes]):
    try:
        return [json.loads(line) for line in lines]
    except ValueError:
        return "invalid"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.one_of(cases, values), edits), min_size=1, max_size=6))
def test_parse_lines_gives_what_json_loads_gives_or_nothing(lines):
    raw = [edit(json.dumps(value, ensure_ascii=False).encode()) + b"\n" for value, edit in lines]
    parsed = parse_lines(raw)
    if parsed is not None:
        assert parsed == loads_each(raw)


@given(st.lists(cases, min_size=1, max_size=6))
def test_ordinary_lines_are_read_at_once(records):
    raw = [json.dumps(record, ensure_ascii=ascii).encode() + b"\n" for ascii, record in enumerate(records)]
    raw[-1] = raw[-1].rstrip(b"\n")  # the last line of a file may have no newline
    assert parse_lines(raw) == records
