"""The worked cases in tests/data/examples.jsonl, every rule compared: none missing, none extra."""

import json

import pytest

from sendresolve.clock import compute_deadlines
from sendresolve.clock.parsing import parse_case
from tests.clock.conftest import EXAMPLES_FILE, LEGAL_EXAMPLES_FILE, load_examples

EXAMPLES = load_examples(EXAMPLES_FILE, LEGAL_EXAMPLES_FILE)


def test_the_examples_file_is_not_empty():
    assert len(EXAMPLES) >= 21


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["id"] for example in EXAMPLES])
def test_each_example_gives_exactly_its_expected_deadlines(example):
    _, case = parse_case(example)
    got = {deadline.rule.id: deadline.due.isoformat() for deadline in compute_deadlines(case)}
    assert got == example["expect"]


def test_the_command_gives_the_same_answers_as_the_library(run_command):
    stdout, status = run_command(EXAMPLES_FILE.read_bytes() + LEGAL_EXAMPLES_FILE.read_bytes())
    assert status == 0
    answers = [json.loads(line) for line in stdout.splitlines()]
    assert [answer["id"] for answer in answers] == [example["id"] for example in EXAMPLES]
    for answer, example in zip(answers, EXAMPLES, strict=True):
        assert {d["rule"]: d["due"] for d in answer["deadlines"]} == example["expect"]
