"""Load for the production smoke: a few clients sending GET requests through nginx, over TLS with keep-alive, until
stopped; every request is timed, so the ones in flight when a web process was killed can be told from the ones sent
after. The clients run in a process of their own (`python -m tests.deploy.load`), one line per request in a file:
in the smoke's own process they would hold the interpreter's lock against the SMTP sink and slow the e-mail down."""

from __future__ import annotations

import http.client
import signal
import ssl
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGES = ("/", "/accounts/login/", "/accessibility/", "/privacy/")


@dataclass(frozen=True)
class Result:
    started: float  # time.monotonic(): one clock for every process on the machine
    ended: float
    ok: bool
    detail: str


def _client(number: int, port: int, host_header: str, context: ssl.SSLContext, out, lock, stopping) -> None:
    def connect() -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)

    connection, sent = connect(), number
    while not stopping.is_set():
        path = PAGES[sent % len(PAGES)]
        sent += 1
        started = time.monotonic()
        try:
            connection.request("GET", path, headers={"Host": host_header})
            response = connection.getresponse()
            response.read()
            ok, detail = response.status == 200, f"{response.status}:{path}"
        except (OSError, http.client.HTTPException) as error:
            ok, detail = False, f"{type(error).__name__}:{path}"
            connection.close()
            connection = connect()
        with lock:
            out.write(f"{started} {time.monotonic()} {int(ok)} {detail}\n")
            out.flush()
    connection.close()


def run(port: int, host_header: str, certificate: str, out_path: str, clients: int = 2) -> None:
    """Until SIGTERM. The run's own certificate is verified, as a browser would."""
    context = ssl.create_default_context(cafile=certificate)
    stopping, lock = threading.Event(), threading.Lock()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    with open(out_path, "a") as out:
        threads = [threading.Thread(target=_client, args=(n, port, host_header, context, out, lock, stopping))
                   for n in range(clients)]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            for thread in threads:
                thread.join(timeout=0.2)


class Load:
    """Starts the clients through the stack (so they are stopped with everything else) and reads their results."""

    def __init__(self, stack, host_header: str) -> None:
        self.stack = stack
        self.path = Path(stack.root) / "logs" / "load.results"
        self.args = [sys.executable, "-m", "tests.deploy.load", str(stack.nginx_port), host_header,
                     str(stack.certificate), str(self.path)]

    def __enter__(self) -> Load:
        self.stack._start("load", self.args)
        return self

    def __exit__(self, *exc) -> None:
        self.stack.stop("load")

    def results(self) -> list[Result]:
        if not self.path.exists():
            return []
        results = []
        for line in self.path.read_text().splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4:  # a line being written right now is left for the next read
                results.append(Result(float(parts[0]), float(parts[1]), parts[2] == "1", parts[3]))
        return results

    def count(self, since: float = 0.0) -> int:
        return sum(1 for result in self.results() if result.ok and result.started >= since)

    def around(self, moment: float) -> dict:
        """What happened to the requests around `moment` (a kill): in flight then, failed, failed though sent after."""
        results = self.results()
        failed = [r for r in results if not r.ok]
        return {
            "total": len(results),
            "ok": len(results) - len(failed),
            "failed": len(failed),
            "in_flight": sum(1 for r in results if r.started <= moment <= r.ended),
            "failed_in_flight": [r.detail for r in failed if r.started <= moment <= r.ended],
            "failed_after": [r.detail for r in failed if r.started > moment],
            "ok_after": sum(1 for r in results if r.ok and r.started > moment),
        }


if __name__ == "__main__":
    run(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
