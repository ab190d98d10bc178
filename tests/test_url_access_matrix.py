"""Every URL that names a case, or something on one, answers 404 to everyone who must not see it.

The test walks the project's own URL patterns (admin/ and allauth's accounts/ aside) and keeps those with a
parameter: a case's reference, an object's id, a step name. `BUILDERS` says, for each by name, how to fill its
parameters from one rich world: a mediation case that went all the way (decision letter, parties, attendance
decisions, an availability round, an objection, a meeting booked and held, an agreed Action Plan and a second
version sent, duties with evidence, confidential notes, the outcome and a certificate), and a second case of the
same family still asking for availability. A new parameterised pattern fails the first test until it has a
builder here (or a reason in NOT_CASE_SCOPED).

Outsiders, each with their own case elsewhere so they are real users of the service and not simply nobody: an LA
officer and an LA decision-maker of another LA, another family, a mediator allocated elsewhere, an ICB and a social
care representative whose bodies are parties elsewhere, a school representative and an advocate on another case.
Each gets 404 on GET and on an empty POST (405 only where the view's decorator does not allow that method),
on the finished case and, for the pages that take only a reference, on the case still being arranged too.
A positive control checks that for every URL some insider of the case gets past the access check, so the 404s
mean "not yours", not "no such page".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.agreements import followup, notes, plans
from sendresolve.agreements.models import DutyUpdate
from sendresolve.agreements.outcomes import case_record_outcome
from sendresolve.cases import services
from sendresolve.cases.choices import Outcome
from sendresolve.cases.models import Case, DecisionLetter, Participant
from sendresolve.cases.selectors import cases_visible_to
from sendresolve.cases.steps import STEP_PAGES
from sendresolve.mediators import services as mediator_services
from sendresolve.mediators.models import AvailabilitySlot, MediatorProfile, Objection
from sendresolve.mediators.selectors import active_allocation
from sendresolve.meetings import availability, people
from sendresolve.meetings import selectors as meeting_selectors
from sendresolve.meetings.models import AvailabilityAnswer
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import EP_ACTION, F_ACTION, draft
from tests.billing.matrix import (
    billing_for_the_matrix,
    matrix_contracts,
    matrix_documents,
    matrix_draft_lines,
    matrix_drafts,
    matrix_invoices,
    matrix_issued,
)
from tests.expenses.helpers import claims_for_the_matrix, matrix_claims, matrix_lines, matrix_sent_claims
from tests.factories import arranging_case, organisation, person, signed_in_with_mfa
from tests.fees.helpers import fees_for_the_matrix, matrix_statements, matrix_time_entries
from tests.meetings.conftest import Ready, make_ready

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "accounts/")  # Django's admin and allauth: their own access rules and tests
PARTY_BODIES = {OrganisationKind.ICB: Role.ICB_REPRESENTATIVE,
                OrganisationKind.SOCIAL_CARE: Role.SOCIAL_CARE_REPRESENTATIVE,
                OrganisationKind.SCHOOL: Role.SCHOOL_REPRESENTATIVE}
ICB_ACTION = plans.ActionLine("Refer Sam to the community paediatrician", "icb", "non_appealable")
SOCIAL_CARE_ACTION = plans.ActionLine("Review Sam's short breaks", "social_care", "non_appealable")


# The URL patterns ------------------------------------------------------------------------------------------------

def parameterised_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "",
                           inherited: bool = False) -> dict[str, tuple[str, object]]:
    """{url name: (route, view)} of every pattern whose route, prefixes included, has a parameter."""
    found: dict[str, tuple[str, object]] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if not prefix and route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        has_parameter = inherited or entry.pattern.regex.groups > 0
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(parameterised_patterns(entry, route, inner, has_parameter))
        elif has_parameter:
            assert entry.name, f"{route} takes a parameter but has no name: name it so it can be tested here"
            name = namespace + entry.name
            assert name not in found, f"two patterns are named {name!r}: {found[name][0]} and {route}"
            found[name] = (route, entry.callback)
    return found


def declared_methods(view) -> frozenset[str] | None:
    """The methods a view's require_http_methods (require_GET, require_POST...) allows; None: any."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            return frozenset(view.__closure__[code.co_freevars.index("request_method_list")].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


# The world ------------------------------------------------------------------------------------------------------

@dataclasses.dataclass
class World:
    ready: Ready  # the case everything happened on, with its officer, LA, mediator and family
    arranging: Case  # the same family's second case, still asking for availability (availability/mine/)
    insiders: dict[str, User]
    outsiders: dict[str, User]

    @property
    def case(self) -> Case:
        return self.ready.case


def party_bodies() -> dict[str, object]:
    return {kind: organisation(kind) for kind in PARTY_BODIES}


def name_representatives(case: Case, bodies: dict) -> dict[str, User]:
    """A representative of each party body; an ICB and a social care team name theirs as its attendee."""
    representatives = {}
    for kind, body in bodies.items():
        representative = representatives[kind] = person(PARTY_BODIES[kind], body)
        if kind in people.NAMING:
            people.attendee_name(acting_user=representative, case=case, attendee=representative,
                                 confirm_authority=True, typed_name=representative.full_name)
    return representatives


def add_slot(profile: MediatorProfile) -> AvailabilitySlot:
    start = timezone.now().replace(microsecond=0) + timedelta(days=12)
    return mediator_services.availability_add(acting_user=profile.user, start=start, end=start + timedelta(hours=3))


def ask_availability(officer: User, case: Case) -> None:
    """An availability round in which everyone asked has answered (the case officer entering the answers)."""
    round_ = availability.availability_request(acting_user=officer, case=case)
    offered = meeting_selectors.offered_slots(round_)
    for answer in round_.answers.all():
        availability.availability_give(acting_user=officer, answer=answer, slots=offered[:2])


def agree(plan, case: Case) -> None:
    for party in plans.plan_parties(case):
        plans.plan_agree(acting_user=party.user, plan=plan, confirmed=True, typed_name=party.user.full_name)


def the_case() -> Ready:
    """A mediation case with something behind every URL: see the module docstring."""
    bodies = party_bodies()
    ready = make_ready(sections=("F", "G", "H1"), other_parties=list(bodies.values()),
                       family_email="main.family@example.test")
    case, officer, mediator_user = ready.case, ready.officer, ready.mediator.user
    name_representatives(case, bodies)
    letter = DecisionLetter(case=case, original_name="letter.pdf", content_type="application/pdf", size=9)
    letter.file.save("letter", ContentFile(b"%PDF-1.4\n"), save=True)
    for name in ("Ruth (attends as of right)", "Jo (needs an attendance decision)"):
        people.participant_add(acting_user=officer, case=case, role=Participant.Role.SUPPORTER, name=name)
    people.participant_add(acting_user=officer, case=case, role=Participant.Role.SCHOOL, name="Head teacher",
                           organisation=bodies[OrganisationKind.SCHOOL])
    ask_availability(officer, case)
    mediator_services.objection_raise(acting_user=ready.parent, allocation=active_allocation(case),
                                      reason="They mediated our neighbour's case")
    add_slot(ready.mediator)
    hold_meeting(ready)  # booked, then held
    claims_for_the_matrix(ready)  # the family's expense claim, sent, and a draft for the supporter
    fees_for_the_matrix(ready)  # the mediator's time, a statement accepted (its PDF) and one to accept
    notes.note_add(acting_user=mediator_user, case=case, kind="note", text="Parent anxious about Section F")
    first = plans.plan_send(acting_user=mediator_user, revision=1, plan=draft(
        ready, actions=[F_ACTION, EP_ACTION, ICB_ACTION, SOCIAL_CARE_ACTION]))
    agree(first, case)
    ep = case.deadlines.get(rule="T11", plan_action__description=EP_ACTION.description)
    followup.duty_mark_done(acting_user=ready.la_officer, case=case, action_id=ep.plan_action_id, rule="T11",
                            note="Dr Shah visited; report attached",
                            evidence=SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", "application/pdf"))
    f = case.deadlines.get(rule="T10.amend_plan", plan_action__isnull=False)
    followup.duty_ask_new_date(acting_user=ready.la_officer, case=case, action_id=f.plan_action_id, rule=f.rule,
                               new_due=f.due + timedelta(days=14), reason="The therapist's report is late")
    first.refresh_from_db()
    second = draft(ready, actions=[F_ACTION], revision=first.revision)
    plans.plan_send(acting_user=mediator_user, plan=second, revision=second.revision)  # waiting for agreement
    case_record_outcome(acting_user=officer, case=case, outcome=Outcome.AGREED_IN_FULL,
                        concluded_on=timezone.localdate())
    services.certificate_issue(acting_user=officer, case=case)
    case.refresh_from_db()
    return ready


def still_arranging(ready: Ready) -> Case:
    """The same family, LA and mediator on a second case whose availability round is still open."""
    case = arranging_case(officer=ready.officer, local_authority=ready.la, family_email="main.family@example.test")
    allocation = mediator_services.allocation_create(acting_user=ready.officer, case=case, mediator=ready.mediator)
    mediator_services.allocation_declare(acting_user=ready.mediator.user, allocation=allocation, knows_family=False,
                                         has_link=False)
    people.attendee_name(acting_user=ready.la_officer, case=case, attendee=ready.decision_maker,
                         confirm_authority=True, typed_name=ready.la_officer.full_name)
    case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).update(user=ready.parent)
    availability.availability_request(acting_user=ready.officer, case=case)
    return case


def outsiders() -> dict[str, User]:
    """Everyone who must not see the case, each taking part in a case of their own elsewhere."""
    bodies = party_bodies()
    elsewhere = make_ready(sections=("F", "G", "H1"), other_parties=list(bodies.values()),
                           family_email="other.family@example.test")
    representatives = name_representatives(elsewhere.case, bodies)
    advocate = person(Role.ADVOCATE)
    people.participant_add(acting_user=elsewhere.officer, case=elsewhere.case, role=Participant.Role.SUPPORTER,
                           name=advocate.full_name, email=advocate.email)
    add_slot(elsewhere.mediator)
    users = {
        "LA officer of another LA": elsewhere.la_officer,
        "LA decision-maker of another LA": elsewhere.decision_maker,
        "another family": elsewhere.parent,
        "a mediator allocated elsewhere": elsewhere.mediator.user,
        "ICB representative of another ICB": representatives[OrganisationKind.ICB],
        "social care representative of another team": representatives[OrganisationKind.SOCIAL_CARE],
        "school representative of another school": representatives[OrganisationKind.SCHOOL],
        "advocate on another case": advocate,
    }
    for who, user in users.items():
        assert cases_visible_to(user).filter(pk=elsewhere.case.pk).exists(), f"{who} should see their own case"
    return users


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    ready = the_case()
    manager = billing_for_the_matrix(ready)  # a contract for the case's LA, an issued invoice and a draft
    insiders = {"case officer": ready.officer, "allocated mediator": ready.mediator.user,
                "LA officer of the case's LA": ready.la_officer, "LA decision-maker named": ready.decision_maker,
                "the family": ready.parent,
                # The data protection pages (privacy) are the provider's administrators' and service managers'.
                "an administrator of the provider": person(Role.ADMINISTRATOR,
                                                           ready.officer.memberships.get().organisation),
                # A credit note reverses an invoice: the provider's service managers' alone (billing).
                "a service manager of the provider": manager}
    return World(ready=ready, arranging=still_arranging(ready), insiders=insiders, outsiders=outsiders())


# How each parameterised URL is filled in from the world ------------------------------------------------------------

Kwargs = dict[str, object]


def on_the_case(world: World) -> list[Kwargs]:
    return [{"reference": world.case.reference}]


def with_case(world: World, **kwargs) -> Kwargs:
    return {"reference": world.case.reference, **kwargs}


def availability_answers(world: World) -> list[Kwargs]:
    answers = AvailabilityAnswer.objects.filter(request__case__in=[world.case, world.arranging])
    return [{"reference": answer.request.case.reference, "answer_id": answer.pk}
            for answer in answers.select_related("request__case")]


def duties(world: World) -> list[Kwargs]:
    return [with_case(world, action_id=duty.plan_action_id, rule=duty.rule)
            for duty in world.case.deadlines.filter(plan_action__isnull=False)]


def people_on_the_case(world: World) -> list[Kwargs]:
    supporter = world.case.participants.get(name="Ruth (attends as of right)", user__isnull=True)
    return [{"key": f"u{world.ready.parent.pk}"}, {"key": f"p{supporter.pk}"}]


BUILDERS: dict[str, Callable[[World], list[Kwargs]]] = {
    # sendresolve.cases
    "case_detail": on_the_case,
    "case_adviser": on_the_case,
    "case_correct_decision": on_the_case,
    "case_add_party": on_the_case,
    "case_icb_told": on_the_case,
    "case_certificate_issue": on_the_case,
    "certificate_download": lambda w: [with_case(w, number=c.number) for c in w.case.certificates.all()],
    "letter_download": lambda w: [with_case(w, letter_id=letter.pk) for letter in w.case.letters.all()],
    "case_step": lambda w: [with_case(w, step=step) for step in STEP_PAGES],
    # sendresolve.agreements
    "plan_page": on_the_case,
    "plan_agree": on_the_case,
    "plan_session_agreement": on_the_case,
    "plan_document": lambda w: [with_case(w, version=plan.version, extension=extension)
                                for plan in w.case.plans.all() for extension in ("pdf", "docx")],
    "outcome_page": on_the_case,
    "duties_page": on_the_case,
    "la_told": on_the_case,
    "evidence_download": lambda w: [with_case(w, update_id=update.pk) for update in
                                    DutyUpdate.objects.filter(action__plan__case=w.case).exclude(evidence="")],
    "duty_act": duties,
    "notes_page": on_the_case,
    # sendresolve.meetings
    "case_people": on_the_case,
    "case_people_add": on_the_case,
    "case_people_decide": lambda w: [with_case(w, participant_id=p.pk) for p in w.case.participants.all()],
    "case_child_views": on_the_case,
    "case_attendee": on_the_case,
    "case_availability": on_the_case,
    "my_availability": lambda w: [{"reference": w.arranging.reference}],  # needs an open round
    "case_availability_for": availability_answers,
    "case_meeting_book": on_the_case,
    "case_meeting": on_the_case,
    "case_meeting_manage": on_the_case,
    "case_family_told": on_the_case,
    # sendresolve.mediators
    "case_mediator": on_the_case,
    "case_mediator_allocate": on_the_case,
    "case_mediator_object": on_the_case,
    "case_objection_decide": lambda w: [with_case(w, objection_id=o.pk)
                                        for o in Objection.objects.filter(allocation__case=w.case)],
    "mediator_availability_remove": lambda w: [{"slot_id": slot.pk} for slot in
                                               AvailabilitySlot.objects.filter(mediator=w.ready.mediator)],
    "mediator_declare": on_the_case,
    # sendresolve.expenses
    "expense_case": on_the_case,
    **{name: matrix_claims for name in ("expense_claim", "expense_send", "expense_review_request", "expense_paid",
                                        "expense_withdraw")},
    "expense_decide": matrix_sent_claims,  # a draft is the claimant's alone
    "expense_line_remove": matrix_lines,
    "expense_receipt": lambda w: matrix_lines(w, with_receipt=True),
    # sendresolve.fees: a mediator's own statements and time (another mediator is one of the outsiders); the time
    # last, as the positive control's POST removes it (and so its open statement)
    **{name: matrix_statements for name in ("fee_statement", "fee_statement_accept", "fee_statement_dispute",
                                            "fee_statement_answer", "fee_statement_pdf")},
    **{name: matrix_time_entries for name in ("fee_time_correct", "fee_time_remove")},
    # sendresolve.billing: the case's LA's invoices (the draft's pages before its issue, which the control issues)
    "invoice_detail": matrix_invoices,
    "invoice_line_add": matrix_drafts,
    "invoice_line_adjust": matrix_draft_lines,
    "invoice_issue": matrix_drafts,
    "invoice_credit": matrix_issued,
    "invoice_download": matrix_documents,
    "contract_detail": matrix_contracts,
    # sendresolve.privacy: a person, by account (the family) or by case row without one (a supporter)
    **{name: people_on_the_case for name in ("privacy_person", "privacy_export", "privacy_correct", "privacy_erase")},
}

# Parameterised patterns that name no case and nothing on one: anyone may use them.
NOT_CASE_SCOPED = {
    "request_question": "the family's own request form at /request/<slug>/: the slug names a question",
}

# An empty POST to these is refused before anything is looked at, whoever sends it: they are also sent a body
# that reaches the service, so that a 404 there still means "not your case".
POST_BODIES: dict[str, dict[str, str]] = {"duty_act": {"what": "agree"}}


def concrete_urls(world: World, *, arranging_too: bool = False) -> list[tuple[str, str, frozenset[str] | None]]:
    """(url name, path, methods its view allows) for every URL the builders make from the world; with
    `arranging_too`, the pages that take only a reference are also made for the case still being arranged."""
    patterns = parameterised_patterns()
    urls = []
    for name, build in BUILDERS.items():
        kwargs_list = build(world)
        assert kwargs_list, f"the world has nothing behind {name} ({patterns[name][0]}): make it in the_case()"
        if arranging_too and build is on_the_case:
            kwargs_list = [*kwargs_list, {"reference": world.arranging.reference}]
        urls += [(name, reverse(name, kwargs=kwargs), declared_methods(patterns[name][1])) for kwargs in kwargs_list]
    return urls


def client_for(user: User) -> Client:
    """A client signed in as the user (staff with MFA) that returns a 500 rather than raising it."""
    return signed_in_with_mfa(Client(raise_request_exception=False), user)


def answers(client: Client, name: str, path: str) -> dict[str, HttpResponse]:
    """The answers to a GET, an empty POST and (where there is one) a POST with a body that reaches the service."""
    responses = {"GET": client.get(path), "POST": client.post(path, {})}
    if name in POST_BODIES:
        responses["POST with a body"] = client.post(path, POST_BODIES[name])
    return responses


def described(response: HttpResponse) -> str:
    """The status, and for a server error the exception behind it."""
    error = getattr(response, "exc_info", None)
    return f"{response.status_code} ({error[1]!r})" if error else str(response.status_code)


def allowed_for_outsiders(method: str, methods: frozenset[str] | None) -> set[int]:
    """404; or 405 when the view's decorator refuses this method to everyone, before any access check."""
    return {404, 405} if methods is not None and method.split()[0] not in methods else {404}


# The tests ---------------------------------------------------------------------------------------------------------

def test_every_parameterised_url_is_covered():
    found = set(parameterised_patterns())
    assert not set(BUILDERS) & set(NOT_CASE_SCOPED), "a URL is both built and declared not case-scoped"
    known = set(BUILDERS) | set(NOT_CASE_SCOPED)
    assert found == known, (
        f"URL patterns with a parameter and no builder in BUILDERS: {sorted(found - known)}; "
        f"builders for URL names that no longer exist: {sorted(known - found)}. Add a builder that fills the new "
        "pattern in from the world (and create what it points to in the_case()), or, if it names no case and "
        "nothing on one, say why in NOT_CASE_SCOPED.")


def test_outsiders_get_404_on_every_case_url(world):
    urls = concrete_urls(world, arranging_too=True)
    failures = []
    for who, user in world.outsiders.items():
        client = client_for(user)
        for name, path, methods in urls:
            for method, response in answers(client, name, path).items():
                if response.status_code not in allowed_for_outsiders(method, methods):
                    failures.append(f"{who}: {method} {path} ({name}) answered {described(response)}")
    assert not failures, f"{len(failures)} answers to people who must not see the case:\n" + "\n".join(failures)


def test_someone_on_the_case_gets_past_the_access_check_on_every_url(world):
    """The positive control: the outsiders' 404s are not simply pages that do not exist for anyone. A GET a view
    refuses to everyone (405) is tried as a POST; only an answer other than 404, 405 or a server error counts."""
    clients = {who: client_for(user) for who, user in world.insiders.items()}
    failures = []
    for name, path, _ in concrete_urls(world):
        tried = {}
        for who, client in clients.items():
            response = client.get(path)
            if response.status_code == 405:
                response = client.post(path, POST_BODIES.get(name, {}))
            tried[who] = described(response)
            if response.status_code not in (404, 405) and response.status_code < 500:
                break
        else:
            failures.append(f"{path} ({name}): {tried}")
    assert not failures, "no insider reaches these pages:\n" + "\n".join(failures)
