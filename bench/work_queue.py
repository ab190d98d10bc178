"""Benchmark of the work queue and the case page at national scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendresolve_bench .venv/bin/python bench/work_queue.py \
        [--cases 200000] [--authorities 40] [--requests 60]

The database named in DATABASE_URL is emptied and filled: use a throwaway one (it is created if missing).
Cases are bulk-inserted with their deadlines computed by the clock, across the authorities and every
stage. Then, through Django's test client with a signed-in case officer who passed MFA, it times the work
queue (/cases/) and case pages, reporting the median and 95th percentile and the queries per page. Not a
test: run it by hand; the test suite checks the query counts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendresolve_bench")


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            connection.execute(f'create database "{name}"')


def fill(cases: int, authorities: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from sendresolve.accounts.models import Organisation
    from sendresolve.cases.clockwork import in_work_queue
    from sendresolve.cases.models import Case, CaseDeadline, Decision, Issue, Participant
    from sendresolve.clock import CaseEvents, compute_deadlines, default_calendar

    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(seed)
    las = Organisation.objects.bulk_create(
        Organisation(name=f"Authority {n:02d}", kind="local_authority", code=str(800 + n)) for n in range(authorities))
    calendar = default_calendar()
    today = date.today()
    states = ["request_received", "adviser_information_given", "certificate_requested", "mediation_requested",
              "arranging", "unable_to_arrange", "withdrawn", "certificate_issued", "closed"]
    batch = 5000
    started = time.perf_counter()
    for first in range(0, cases, batch):
        rows, decisions, participants, issues, deadlines = [], [], [], [], []
        for number in range(first, min(cases, first + batch)):
            # Ten years of cases, most of them old and closed, as a long-running service has.
            contacted = today - timedelta(days=int(rng.expovariate(1 / 600)) % 3650)
            state = "closed" if contacted < today - timedelta(days=120) else rng.choice(states)
            case = Case(reference=f"SR-B{number:07d}", kind="mediation", state=state, local_authority=rng.choice(las),
                        child_name=f"Child {number}",
                        child_date_of_birth=date(2010, 1, 1) + timedelta(days=number % 4000),
                        contacted_on=contacted, contact_method="phone")
            if state in ("mediation_requested", "arranging", "unable_to_arrange", "withdrawn"):
                case.la_received_request = contacted + timedelta(days=2)
            if state == "certificate_requested":
                case.ma_informed_declined = contacted + timedelta(days=1)
            rows.append(case)
        Case.objects.bulk_create(rows)
        for case in rows:
            sent = case.contacted_on - timedelta(days=rng.randrange(5, 50))
            decisions.append(Decision(case=case, type="refusal_to_assess", letter_dated=sent, sent_on=sent))
            participants.append(Participant(case=case, role="rights_holder", name=f"Parent {case.pk}"))
            issues.append(Issue(case=case, section="F"))
            events = CaseEvents(notice_sent=sent, ma_informed_declined=case.ma_informed_declined,
                                la_received_request=case.la_received_request)
            for deadline in compute_deadlines(events, calendar):
                rule = deadline.rule
                met = case.contacted_on if rule.id == "T1" or case.state == "closed" else None
                deadlines.append(CaseDeadline(case=case, rule=rule.id, due=deadline.due, obligation=rule.obligation,
                                              actor=rule.actor.value, citation=rule.citation, act_by=deadline.act_by,
                                              met_on=met, in_queue=in_work_queue(rule.id, met, case.state)))
        with transaction.atomic():
            Decision.objects.bulk_create(decisions)
            Participant.objects.bulk_create(participants)
            Issue.objects.bulk_create(issues)
            CaseDeadline.objects.bulk_create(deadlines)
        print(f"\r  {min(cases, first + batch):,} cases ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def signed_in_client():
    from allauth.account.internal.flows import login as allauth_login
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from sendresolve.accounts.models import User
    from sendresolve.accounts.roles import Role
    from sendresolve.accounts.services import organisation_create, user_create

    officer = User.objects.filter(email="bench.officer@example.test").first()
    if officer is None:
        provider = organisation_create(acting_user=None, name="Bench Mediation", kind="provider")
        officer = user_create(acting_user=None, email="bench.officer@example.test", full_name="Bench Officer",
                              password="bench-password-123", role=Role.CASE_OFFICER, organisation=provider)
        Authenticator.objects.create(user=officer, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(officer, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    # As if the officer had just passed their authenticator challenge.
    session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(officer.pk)
    session.save()
    return client


def timed(client, paths: list[str]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], 0
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, HTTP_HOST="localhost")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = max(queries, len(captured))
    return timings, queries


def report(name: str, timings: list[float], queries: int) -> None:
    ordered = sorted(timings)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"{name:<28} median {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   queries {queries}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--authorities", type=int, default=40)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--reuse", action="store_true", help="keep the cases already in the database")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from sendresolve.cases.models import Case

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not (args.reuse and Case.objects.exists()):
        print(f"filling {args.cases:,} cases across {args.authorities} local authorities")
        fill(args.cases, args.authorities, args.seed)
    print(f"{Case.objects.count():,} cases in the database")
    setup_test_environment()
    client = signed_in_client()
    references = list(Case.objects.order_by("?").values_list("reference", flat=True)[: args.requests])
    authority = Case.objects.values_list("local_authority_id", flat=True).first()
    timed(client, ["/cases/", f"/cases/{references[0]}/"])  # warm up
    report("work queue /cases/", *timed(client, ["/cases/"] * args.requests))
    report("queue filtered by LA", *timed(client, [f"/cases/?local_authority={authority}"] * args.requests))
    report("queue filtered by rule", *timed(client, ["/cases/?rule=T4a"] * args.requests))
    report("case page /cases/<ref>/", *timed(client, [f"/cases/{ref}/" for ref in references]))


if __name__ == "__main__":
    main()
