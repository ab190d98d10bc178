from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the project's shared folder is expected beside the repository at {SHARED}")
    return SHARED


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
