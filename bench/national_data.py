"""A national-scale database for the page benchmark: cases over ten years across 150 LAs, with their parties, people,
deadlines (from the real clock), queue lines, meetings, agreed plans and duties, written with PostgreSQL's COPY.

The organisations' caseloads grow with the country (an LA, an ICB, a school); the bench's own people (a family, an
advocate, a mediator) keep the same few cases at every size, as real people do.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

ICBS, SCHOOLS = 42, 3000
OPEN_STATES = ["request_received", "adviser_information_given", "certificate_requested", "mediation_requested",
               "arranging", "meeting_booked", "unable_to_arrange"]
FAMILY_CASES, ADVOCATE_CASES, MEDIATOR_CASES = 2, 50, 400


@dataclass
class People:
    officer: int
    manager: int
    la_officer: int
    icb: int
    social_care: int
    school: int
    family: int
    advocate: int
    mediator: int
    authority: int  # the LA officer's LA
    mediator_profile: int


def _copy(cursor, model, rows: list[dict]) -> None:
    """COPY rows (attname -> value) into the model's table; missing fields take their defaults."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key or field.attname in rows[0]]
    columns = ", ".join(f'"{field.column}"' for field in fields)
    now = datetime.now(UTC)
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default() and not callable(field.default):
            defaults[field.attname] = field.default
        elif field.has_default():
            defaults[field.attname] = field.default()
        else:
            defaults[field.attname] = None if field.null else ""  # a required field left blank: text
    json_fields = {field.attname for field in fields if field.get_internal_type() == "JSONField"}
    with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row.get(f.attname, defaults[f.attname])) if f.attname in json_fields
                            else row.get(f.attname, defaults[f.attname]) for f in fields])


def _organisations_and_people() -> tuple[list[int], list[int], list[int], list[int], People]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from sendresolve.accounts.models import IndependenceDeclaration, Organisation
    from sendresolve.accounts.roles import Role
    from sendresolve.accounts.services import user_create
    from sendresolve.mediators.models import MediatorProfile

    def orgs(kind: str, count: int, label: str) -> list[int]:
        made = Organisation.objects.bulk_create(
            Organisation(name=f"{label} {n:04d}", kind=kind, code=str(n)) for n in range(count))
        return [org.pk for org in made]

    provider = orgs("provider", 1, "Bench Mediation")[0]
    advocacy = orgs("advocacy", 1, "Bench Advocacy")[0]
    las, icbs = orgs("local_authority", 150, "Authority"), orgs("icb", ICBS, "ICB")
    social_care, schools = orgs("social_care", 150, "Social care team"), orgs("school", SCHOOLS, "School")

    def user(role: str, organisation: int | None, name: str):
        made = user_create(acting_user=None, email=f"bench.{name}@example.test", full_name=f"Bench {name}",
                           password=None if organisation is None else "bench-password-123", role=role,
                           organisation=Organisation.objects.get(pk=organisation) if organisation else None)
        EmailAddress.objects.update_or_create(user=made, email=made.email, defaults={"verified": True,
                                                                                    "primary": True})
        if organisation is not None:
            Authenticator.objects.create(user=made, type=Authenticator.Type.TOTP, data={"secret": "x"})
        if role in (Role.CASE_OFFICER, Role.MEDIATOR):
            IndependenceDeclaration.objects.create(user=made, employed_by_public_body=False)
        return made.pk

    people = People(
        officer=user(Role.CASE_OFFICER, provider, "officer"), manager=user(Role.SERVICE_MANAGER, provider, "manager"),
        la_officer=user(Role.LA_OFFICER, las[0], "la-officer"), icb=user(Role.ICB_REPRESENTATIVE, icbs[0], "icb"),
        social_care=user(Role.SOCIAL_CARE_REPRESENTATIVE, social_care[0], "social-care"),
        school=user(Role.SCHOOL_REPRESENTATIVE, schools[0], "school"), family=user(Role.FAMILY_MEMBER, None, "family"),
        advocate=user(Role.ADVOCATE, advocacy, "advocate"), mediator=user(Role.MEDIATOR, provider, "mediator"),
        authority=las[0], mediator_profile=0)
    people.mediator_profile = MediatorProfile.objects.create(user_id=people.mediator, capacity=6).pk
    return las, icbs, social_care, schools, people


def fill(cases: int, seed: int = 11, batch: int = 20_000) -> People:
    """Empties the database and fills it. Returns the bench's people."""
    from django.core.management import call_command
    from django.db import connection

    from sendresolve.agreements.models import ActionPlan, PlanAction
    from sendresolve.cases.clockwork import in_work_queue
    from sendresolve.cases.models import Case, CaseDeadline, CaseParty, Decision, Issue, Participant, QueueEntry
    from sendresolve.clock import CaseEvents, compute_deadlines, default_calendar
    from sendresolve.mediators.models import Allocation
    from sendresolve.meetings.models import Meeting

    call_command("flush", interactive=False, verbosity=0)
    las, icbs, social_care, schools, people = _organisations_and_people()
    rng = random.Random(seed)
    calendar = default_calendar()
    today = date.today()
    computed: dict[tuple, list] = {}
    # The bench's people take part in cases spread over the whole range, the same number at every size.
    family_cases = {cases // 3, cases // 3 + 1}
    advocate_cases = {int(cases * n / ADVOCATE_CASES) for n in range(ADVOCATE_CASES)}
    mediator_cases = {int(cases * n / MEDIATOR_CASES) + 1 for n in range(MEDIATOR_CASES)}
    ids = {"deadline": 0, "plan": 0, "action": 0, "meeting": 0, "participant": 0}
    started = time.perf_counter()
    raw = connection.connection  # psycopg's own connection, for COPY
    for first in range(0, cases, batch):
        rows = {name: [] for name in ("case", "decision", "issue", "party", "participant", "deadline", "entry",
                                      "meeting", "plan", "action", "allocation")}
        for number in range(first, min(cases, first + batch)):
            case_id = number + 1
            contacted = today - timedelta(days=int(rng.expovariate(1 / 600)) % 3650)
            state = "closed" if contacted < today - timedelta(days=120) else rng.choice(OPEN_STATES)
            la = las[number % len(las)]
            sent = contacted - timedelta(days=rng.randrange(5, 50))
            case = {"id": case_id, "reference": f"SR-B{number:08d}", "kind": "mediation", "state": state,
                    "local_authority_id": la, "child_name": f"Child {number}", "rights_holder": "parent",
                    "child_date_of_birth": date(2010, 1, 1) + timedelta(days=number % 4000),
                    "contacted_on": contacted, "contact_method": "phone", "placement_only": False}
            held = state == "closed" and rng.random() < 0.35 or number in mediator_cases
            if state in ("mediation_requested", "arranging", "meeting_booked", "unable_to_arrange") or held:
                case["la_received_request"] = contacted + timedelta(days=2)
                case["mediation_asked_on"] = contacted + timedelta(days=1)
            if state == "certificate_requested":
                case["ma_informed_declined"] = contacted + timedelta(days=1)
            rows["case"].append(case)
            rows["decision"].append({"case_id": case_id, "type": "refusal_to_assess", "letter_dated": sent,
                                     "sent_on": sent, "included_mediation_information": True, "dates_checked": True})
            health = number % 10 == 0
            rows["issue"].append({"case_id": case_id, "section": "G" if health else "F"})
            viewers = [(la, False)]
            if health:
                viewers.append((icbs[(number // 10) % len(icbs)], True))
            if number % 10 == 1:
                viewers.append((social_care[number % len(social_care)], True))
            if number % 3 == 0:
                viewers.append((schools[(number // 3) % len(schools)], True))
            rows["party"] += [{"case_id": case_id, "organisation_id": org} for org, as_party in viewers if as_party]

            def participant(role: str, user=None, name: str = "Someone", rows=rows, case_id=case_id) -> int:
                ids["participant"] += 1
                rows["participant"].append({"id": ids["participant"], "case_id": case_id, "role": role,
                                            "name": name, "user_id": user, "access_needs": []})
                return ids["participant"]

            participant("rights_holder", people.family if number in family_cases else None, f"Parent {number}")
            if number in advocate_cases:
                participant("supporter", people.advocate, "Bench advocate")
            key = (sent, case.get("ma_informed_declined"), case.get("la_received_request"), state)
            if key not in computed:
                events = CaseEvents(notice_sent=sent, ma_informed_declined=case.get("ma_informed_declined"),
                                    la_received_request=case.get("la_received_request"))
                computed[key] = compute_deadlines(events, calendar)
            for deadline in computed[key]:
                rule = deadline.rule
                met = contacted if rule.id == "T1" or state == "closed" else None
                ids["deadline"] += 1
                in_queue = in_work_queue(rule.id, met, state)
                rows["deadline"].append({"id": ids["deadline"], "case_id": case_id, "rule": rule.id,
                                         "due": deadline.due, "obligation": rule.obligation,
                                         "actor": rule.actor.value, "citation": rule.citation,
                                         "act_by": deadline.act_by, "met_on": met, "in_queue": in_queue})
                if in_queue:
                    rows["entry"] += [{"deadline_id": ids["deadline"], "organisation_id": org, "as_party": party,
                                       "due": deadline.due, "rule": rule.id} for org, party in viewers]
            if held or state == "meeting_booked":
                day = case["la_received_request"] + timedelta(days=20)
                start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
                ids["meeting"] += 1
                rows["meeting"].append({"id": ids["meeting"], "case_id": case_id, "uid": f"bench-{case_id}",
                                        "status": "booked" if state == "meeting_booked" else "held",
                                        "start": start, "end": start + timedelta(hours=3),
                                        "booked_by_id": people.officer, "held_on": day if held else None,
                                        "breakout_links": {}})
                mediator_user = people.mediator if number in mediator_cases else None
                participant("mediator", mediator_user, "Mediator")
                if mediator_user:
                    rows["allocation"].append({"case_id": case_id, "mediator_id": people.mediator_profile,
                                               "allocated_by_id": people.officer,
                                               "ended_at": datetime.now(UTC) if state == "closed" else None})
            if held and rng.random() < 0.5:
                agreed = day
                ids["plan"] += 1
                rows["plan"].append({"id": ids["plan"], "case_id": case_id, "status": "agreed", "version": 1,
                                     "updated_by_id": people.officer, "agreed_on": agreed, "revision": 1})
                for position in range(2):
                    ids["action"] += 1
                    rows["action"].append({"id": ids["action"], "plan_id": ids["plan"], "position": position,
                                           "description": "Amend Section F", "responsible": "la",
                                           "kind": "amend_plan", "agreed_weeks": None})
                    owed = rng.random() < 0.03  # a few agreed actions are still owed, years on
                    due = agreed + timedelta(weeks=5 + position)
                    ids["deadline"] += 1
                    rows["deadline"].append({"id": ids["deadline"], "case_id": case_id, "rule": "T11",
                                             "due": due, "obligation": "Issue the amended plan",
                                             "actor": "local authority", "citation": "reg 42(3)",
                                             "met_on": None if owed else due, "in_queue": owed,
                                             "plan_action_id": ids["action"]})
                    if owed:
                        rows["entry"] += [{"deadline_id": ids["deadline"], "organisation_id": org,
                                           "as_party": party, "due": due, "rule": "T11"} for org, party in viewers]
        with raw.transaction(), raw.cursor() as cursor:
            for model, name in ((Case, "case"), (Decision, "decision"), (Issue, "issue"), (CaseParty, "party"),
                                (Participant, "participant"), (Meeting, "meeting"), (ActionPlan, "plan"),
                                (PlanAction, "action"), (CaseDeadline, "deadline"), (QueueEntry, "entry"),
                                (Allocation, "allocation")):
                _copy(cursor, model, rows[name])
        done = min(cases, first + batch)
        print(f"\r  {done:,} cases ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    with raw.cursor() as cursor:
        for model in (Case, Decision, Issue, CaseParty, Participant, Meeting, ActionPlan, PlanAction, CaseDeadline,
                      QueueEntry, Allocation):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f"coalesce((SELECT max(id) FROM \"{table}\"), 1))")
    raw.commit()
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    raw.autocommit = False
    return people
