"""The `deadlines` command as a caller sees it: one answer per line, specific errors, exit status."""

import json

import pytest

GOOD = b'{"id": "ok-1", "ma_informed_declined": "2025-03-03"}\n'
GOOD_AFTER = b'{"id": "ok-2", "notice_sent": "2025-05-16"}\n'
AGREED = b'{"id": "%s", "agreement_date": "2026-01-12", "agreed_actions": [%s]}'


@pytest.mark.parametrize(
    "bad_line, case_id, words",
    [
        (b'{"id": "j1", "notice_sent": "2025-03-05"', None, ["line 2", "not valid JSON"]),
        (b'{"id": "d1", "notice_sent": "2026-02-30"}', "d1", ["notice_sent", "2026-02-30", "not a real date"]),
        (b'{"id": "d2", "notice_sent": "05/03/2025"}', "d2", ["notice_sent", "YYYY-MM-DD"]),
        (b'{"id": "d3", "notice_sent": 20250305}', "d3", ["notice_sent", "YYYY-MM-DD"]),
        (b'{"id": "k1", "agreement_date": "2026-01-12", "agreed_actions": ["teleport"]}', "k1",
         ["agreed_actions[0]", "teleport", "amend_plan"]),
        (b'{"id": "k2", "agreement_date": "2026-01-12", "agreed_actions": [{"kind": "fly"}]}', "k2",
         ["agreed_actions[0].kind", "fly"]),
        (AGREED % (b"w1", b'{"kind": "amend_plan", "agreed_weeks": -1}'),
         "w1", ["agreed_actions[0].agreed_weeks", "-1"]),
        (AGREED % (b"w2", b'{"kind": "amend_plan", "agreed_weeks": "eight"}'),
         "w2", ["agreed_actions[0].agreed_weeks", "eight"]),
        (AGREED % (b"w3", b'{"kind": "amend_plan", "agreed_weeks": 2.5}'),
         "w3", ["agreed_actions[0].agreed_weeks", "whole number"]),
        (b'{"id": "i1", "la_received_request": "2026-05-01", "issues": "health"}', "i1", ["issues", "must be a list"]),
        (b'{"id": "i2", "la_received_request": "2026-05-01", "issues": ["dental"]}', "i2", ["issues[0]", "dental"]),
        (b'{"id": "b1", "notice_sent": "2025-03-05", "placement_only": "yes"}', "b1",
         ["placement_only", "true or false"]),
        (b'{"notice_sent": "2025-03-05"}', None, ["id", "missing"]),
        (b'["id", "x"]', None, ["JSON object"]),
        (b'{"id": "r1", "notice_sent": "1066-10-14"}', "r1", ["outside", "1990"]),
    ],
)
def test_a_bad_line_gets_a_specific_error_and_the_others_still_come_out(run_command, bad_line, case_id, words):
    stdout, status = run_command(GOOD + bad_line + b"\n" + GOOD_AFTER)
    answers = [json.loads(line) for line in stdout.splitlines()]
    assert status == 2
    assert [answer.get("id") for answer in answers] == ["ok-1", case_id, "ok-2"]
    assert answers[0]["deadlines"][0]["due"] == "2025-03-06"
    assert answers[2]["deadlines"][0]["due"] == "2025-07-16"
    error = answers[1]["error"]
    for word in words:
        assert word in error


def test_blank_lines_are_skipped_and_all_good_input_exits_zero(run_command):
    stdout, status = run_command(b"\n" + GOOD + b"   \n\n" + GOOD_AFTER)
    assert status == 0
    assert [json.loads(line)["id"] for line in stdout.splitlines()] == ["ok-1", "ok-2"]


def test_unknown_fields_are_ignored_and_ids_echoed_as_given(run_command):
    stdout, status = run_command(b'{"id": 42, "child": "Sam", "mediation_concluded": "2025-08-22"}\n')
    [answer] = [json.loads(line) for line in stdout.splitlines()]
    assert status == 0
    assert answer["id"] == 42
    assert answer["deadlines"][0]["rule"] == "T7"


def test_each_deadline_says_what_who_and_why(run_command):
    stdout, _ = run_command(b'{"id": "E15", "notice_sent": "2025-12-31"}\n')
    t1, t9 = json.loads(stdout)["deadlines"]
    assert t1 == {
        "rule": "T1",
        "due": "2026-02-28",
        "obligation": "Contact the mediation adviser about mediation before appealing",
        "actor": "parent or young person",
        "start_event": "notice_sent",
        "length": 2,
        "unit": "calendar months",
        "citation": "SEND Regulations 2014, regulation 33",
        "act_by": "2026-02-27",
        "warning": "Saturday 28 February 2026 is not a working day (weekend). The law does not move this date, "
        "so act by Friday 27 February 2026.",
    }
    assert t9["due"] == "2026-03-02" and t9["unadjusted"] == "2026-02-28"
    assert "warning" not in t9


def test_an_extra_holiday_given_on_the_command_line_is_respected(run_command):
    line = b'{"id": "x", "ma_informed_declined": "2026-03-02"}\n'
    plain, _ = run_command(line)
    moved, _ = run_command(line, "--extra-holiday", "2026-03-04")
    assert json.loads(plain)["deadlines"][0]["due"] == "2026-03-05"
    assert json.loads(moved)["deadlines"][0]["due"] == "2026-03-06"


def test_a_bad_override_is_a_usage_error(run_command):
    _, status = run_command(GOOD, "--extra-holiday", "2026-13-01")
    assert status == 2


def test_clear_days_option(run_command):
    stdout, _ = run_command(b'{"id": "E12", "mediation_date": "2026-04-07"}\n', "--notice-rule", "clear_days")
    assert json.loads(stdout)["deadlines"][0]["due"] == "2026-03-26"


def test_the_console_script_is_installed(tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "sendresolve"
    assert script.exists() or shutil.which("sendresolve")
    done = subprocess.run([str(script), "deadlines"], input=GOOD, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0
    assert json.loads(done.stdout)["deadlines"][0]["due"] == "2025-03-06"


def test_answers_keep_their_order_and_line_numbers_across_chunks(run_command):
    lines = [b'{"id": "c%d", "notice_sent": "2025-%02d-%02d"}' % (number, number % 12 + 1, number % 28 + 1)
             for number in range(700)]
    lines[450] = b'{"id": "broken"'
    lines[451] = b""
    lines[600] = b'{"id": "c600", "notice_sent": "2025-02-30"}'
    stdout, status = run_command(b"\n".join(lines))
    answers = [json.loads(line) for line in stdout.splitlines()]
    assert status == 2
    assert len(answers) == 699
    assert "line 451 " in answers[450]["error"]
    assert answers[451]["id"] == "c452" and answers[598]["id"] == "c599"
    assert "not a real date" in answers[599]["error"]
    assert answers[-1]["id"] == "c699"
