"""Every role's pages at national scale, served as in production, measured with a real HTTP load tool.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendresolve_bench .venv/bin/python bench/pages.py \
        [--cases 20000] [--seconds 5] [--requests 100] [--reuse] [--json] [--only la_officer,public]

The database named in DATABASE_URL is emptied and filled (bench/national_data.py): use a throwaway one (it is created
if missing). Then gunicorn serves the service in production mode (2 workers, config/gunicorn.conf.py) and, beside it,
a bare Django view (bench/bare.py) the same way. For each role's home, work queue and case page, and the public
pages, it measures:

- p50 and p95 for a single user (sequential requests over one kept-alive connection);
- requests per second at 10 and at 50 clients (wrk, from Debian: `apt-get install wrk`);
- queries per page (the same page, in this process, with the same signed-in session);
- the ratio to the bare view's requests per second at 50 clients (the floor of this machine and server).

It prints one table, or with --json one JSON object per line: {"page", "role", "cases", "p50_ms", "p95_ms",
"rps_c10", "rps_c50", "queries", "floor_rps_c50"}. Not a test: run it by hand (the test suite checks query counts).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOST_HEADERS = {"Host": "localhost", "X-Forwarded-Proto": "https"}


def production_environment(var_dir: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {**os.environ, "SENDRESOLVE_MODE": "production", "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "EMAIL_URL": "smtp://127.0.0.1:2599",
            "SITE_URL": "https://localhost", "SENDRESOLVE_VAR_DIR": var_dir, "TRUSTED_PROXY_COUNT": "1"}


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            connection.execute(f'create database "{name}"')


def session_cookie(user_id: int, *, staff: bool) -> str:
    """A session as the sign-in pages leave it (password and, for staff, the authenticator just passed)."""
    from importlib import import_module

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from sendresolve.accounts.middleware import LAST_SEEN_KEY
    from sendresolve.accounts.models import User

    user = User.objects.get(pk=user_id)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    methods = [{"method": "password", "at": now, "email": user.email}]
    if staff:
        methods.append({"method": "mfa", "at": now, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = methods
    session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(user.pk)
    session[LAST_SEEN_KEY] = now + 24 * 3600  # the bench outlasts the idle timeout
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def pages_to_measure(people) -> list[tuple[str, str, str, int | None, bool]]:
    """(role, page name, path, user id, staff) for every role's home, queue and case page, and the public pages."""
    from sendresolve.cases.models import Case, CaseParty, Participant, QueueEntry

    def case_with_plan(cases) -> str:
        chosen = cases.filter(plans__isnull=False).order_by("-id").first() or cases.order_by("-id").first()
        return chosen.reference

    deep = (QueueEntry.objects.filter(organisation_id=people.authority, as_party=False).order_by("due", "deadline_id")
            .values_list("due", "deadline_id"))
    from sendresolve.cases.models import CaseDeadline

    # About page 200 of the case officer's queue (50 lines a page), or the last line when there are fewer.
    everyone = CaseDeadline.objects.filter(in_queue=True).order_by("due", "id").values_list("due", "id")
    total = everyone.count()
    deep_line = everyone[min(total - 1, 200 * 50)] if total else None
    la_cases = Case.objects.filter(local_authority_id=people.authority)
    body_case = {name: CaseParty.objects.filter(organisation__memberships__user_id=user).order_by("-case_id")
                 .values_list("case__reference", flat=True).first()
                 for name, user in (("icb", people.icb), ("social_care", people.social_care),
                                    ("school", people.school))}
    own_case = {name: Participant.objects.filter(user_id=user).order_by("-case_id")
                .values_list("case__reference", flat=True).first()
                for name, user in (("family", people.family), ("advocate", people.advocate),
                                   ("mediator", people.mediator))}
    pages = [
        ("case_officer", "home", "/home/", people.officer, True),
        ("case_officer", "queue", "/cases/", people.officer, True),
        ("case_officer", "queue, about page 200",
         f"/cases/?after={deep_line[0].isoformat()}.{deep_line[1]}" if deep_line else "/cases/", people.officer, True),
        ("case_officer", "queue filtered by LA", f"/cases/?local_authority={people.authority}", people.officer, True),
        ("case_officer", "case page", f"/cases/{case_with_plan(Case.objects.all())}/", people.officer, True),
        ("service_manager", "home", "/home/", people.manager, True),
        ("la_officer", "home", "/home/", people.la_officer, True),
        ("la_officer", "queue", "/cases/", people.la_officer, True),
        ("la_officer", "case page", f"/cases/{case_with_plan(la_cases)}/", people.la_officer, True),
    ]
    if deep.exists():
        line = deep[min(deep.count() - 1, 20 * 50)]
        pages.append(("la_officer", "queue, page 20", f"/cases/?after={line[0].isoformat()}.{line[1]}",
                      people.la_officer, True))
    for role, user in (("icb", people.icb), ("social_care", people.social_care), ("school", people.school)):
        pages += [(role, "home", "/home/", user, True), (role, "queue", "/cases/", user, True)]
        if body_case[role]:
            pages.append((role, "case page", f"/cases/{body_case[role]}/", user, True))
    for role, user, staff in (("advocate", people.advocate, True), ("family", people.family, False),
                              ("mediator", people.mediator, True)):
        pages.append((role, "home", "/home/", user, staff))
        pages.append((role, "queue", "/cases/", user, staff))
        if own_case[role]:
            pages.append((role, "case page", f"/cases/{own_case[role]}/", user, staff))
    pages.append(("mediator", "caseload", "/mediators/", people.mediator, True))
    pages += [("public", "start page", "/request/", None, False), ("public", "service start", "/", None, False)]
    return pages


def start_server(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    # The service with its own settings file; the bare view with the same workers, loaded before forking likewise.
    config = ["-c", str(ROOT / "config/gunicorn.conf.py")] if "bare" not in app else ["--preload"]
    if "bare" in app:
        env = {name: value for name, value in env.items() if name != "DJANGO_SETTINGS_MODULE"}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), *config, "--workers", "2", "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until it answers: the server saying it is ready, not a fixed wait
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz" if "bare" not in app else "/", headers=HOST_HEADERS)
            connection.getresponse().read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{app} did not start: see {log}") from None
            time.sleep(0.2)
    raise SystemExit(f"{app} did not answer within a minute: see {log}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def single_user(port: int, path: str, cookie: str, requests: int) -> tuple[float, float]:
    headers = {**HOST_HEADERS, **({"Cookie": cookie} if cookie else {})}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for number in range(requests + 5):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        if number >= 5:  # the first few warm the worker's caches
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, round(len(timings) * 0.95) - 1)]


def wrk(port: int, path: str, cookie: str, clients: int, seconds: int) -> float:
    headers = [arg for name, value in {**HOST_HEADERS, **({"Cookie": cookie} if cookie else {})}.items()
               for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", *headers,
                             f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors on {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def queries(path: str, cookie: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https"})
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    client.get(path, secure=True, HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True, HTTP_HOST="localhost")
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=5, help="each wrk run")
    parser.add_argument("--requests", type=int, default=100, help="single-user requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep the cases already in the database")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated roles to measure")
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench/pages.py needs wrk: apt-get install wrk")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendresolve_bench")
    ensure_database()
    var_dir = tempfile.mkdtemp(prefix="sendresolve-bench-")
    env = production_environment(var_dir)
    os.environ.update(env)
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)  # the request log of the in-process query counts, not wanted here
    from django.core.management import call_command
    from django.db import connection

    from bench.national_data import People, fill
    from sendresolve.cases.models import Case

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    people_file = Path(var_dir).parent / f"sendresolve-bench-people-{connection.settings_dict['NAME']}.json"
    if args.reuse and Case.objects.exists() and people_file.exists():
        people = People(**json.loads(people_file.read_text()))
    else:
        print(f"filling {args.cases:,} cases across 150 local authorities", file=sys.stderr)
        people = fill(args.cases)
        connection.close()
        people_file.write_text(json.dumps(people.__dict__))
    cases = Case.objects.count()
    print(f"{cases:,} cases in the database", file=sys.stderr)
    only = set(filter(None, args.only.split(",")))
    pages = [page for page in pages_to_measure(people) if not only or page[0] in only]
    cookies = {user: session_cookie(user, staff=staff) for _, _, _, user, staff in pages if user}
    connection.close()
    logs = Path(var_dir)
    bare = start_server("bench.bare:application", args.port + 1, env, logs / "bare.log")
    try:
        floor = wrk(args.port + 1, "/", "", 50, args.seconds)
    finally:
        stop(bare)
    server = start_server("config.wsgi:application", args.port, env, logs / "service.log")
    results = []
    try:
        for role, name, path, user, _ in pages:
            cookie = cookies.get(user, "")
            p50, p95 = single_user(args.port, path, cookie, args.requests)
            result = {"page": name, "role": role, "cases": cases, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
                      "rps_c10": wrk(args.port, path, cookie, 10, args.seconds),
                      "rps_c50": wrk(args.port, path, cookie, 50, args.seconds),
                      "queries": queries(path, cookie), "floor_rps_c50": floor}
            results.append(result)
            print(json.dumps(result) if args.json else
                  f"{role:<16} {name:<24} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
                  f"{result['rps_c10']:7.1f} req/s @10  {result['rps_c50']:7.1f} req/s @50  "
                  f"{result['queries']:3d} queries  {result['rps_c50'] / floor:5.1%} of bare", flush=True)
    finally:
        stop(server)
    if not args.json:
        print(f"bare Django view: {floor:.0f} req/s at 50 clients; {cases:,} cases; logs in {logs}")


if __name__ == "__main__":
    main()
