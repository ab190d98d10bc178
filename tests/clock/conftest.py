from pathlib import Path

import pytest

# The worked examples, copied from the project's shared domain folder (data, not prose): the tests read nothing
# outside the repository. New examples for the edges of the law (legal review L1-L7) are added here too.
EXAMPLES_FILE = Path(__file__).resolve().parents[1] / "data" / "examples.jsonl"
# Worked cases for the edges the legal review found (L1-L7), in the same shape; `decision` and `sections` say what
# the case is about, from which the service derives `placement_only`.
LEGAL_EXAMPLES_FILE = EXAMPLES_FILE.with_name("legal_review_examples.jsonl")


def load_examples(*files: Path) -> list[dict]:
    import json

    return [json.loads(line) for path in files for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def run_command():
    """Runs the real `python -m sendresolve deadlines` in a child process."""
    import subprocess
    import sys

    def run(stdin: bytes, *args: str) -> tuple[str, int]:
        done = subprocess.run(
            [sys.executable, "-m", "sendresolve", "deadlines", *args],
            input=stdin, capture_output=True, timeout=60, check=False,
        )
        return done.stdout.decode(), done.returncode

    return run
