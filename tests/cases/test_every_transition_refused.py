"""Every transition of both state machines, tried from every state of its machine it does not start from, is
refused with the reason and changes nothing: no state, event, audit row, deadline or certificate."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.choices import CaseKind
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate
from sendresolve.cases.states import MACHINES, State, TransitionNotAllowed, transition_for
from sendresolve.meetings import booking
from sendresolve.meetings.models import Meeting
from tests.factories import mediation_case, organisation, person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _booked_meeting(user, case):
    start = timezone.now() - timedelta(hours=2)
    return Meeting.objects.create(case=case, start=start, end=start + timedelta(hours=2), booked_by=user)


# Each transition through the one service that writes it, as the pages call it.
WRITERS = {
    "give_adviser_information": lambda u, c: services.case_give_adviser_information(
        acting_user=u, case=c, given_on=TODAY, method="phone"),
    "request_certificate": lambda u, c: services.case_request_certificate(acting_user=u, case=c, informed_on=TODAY),
    "record_no_certificate_needed": lambda u, c: services.case_record_no_certificate_needed(
        acting_user=u, case=c, on=TODAY),
    "request_mediation": lambda u, c: services.case_request_mediation(acting_user=u, case=c, asked_on=TODAY),
    "start_arranging": lambda u, c: services.case_start_arranging(acting_user=u, case=c, on=TODAY),
    "book_meeting": lambda u, c: booking.meeting_book(
        acting_user=u, case=c, place=booking.MeetingPlace(), start=timezone.now() + timedelta(days=14)),
    "cancel_meeting": lambda u, c: booking.meeting_cancel(
        acting_user=u, meeting=_booked_meeting(u, c), party="la", reason="Officer ill"),
    "record_meeting_held": lambda u, c: booking.meeting_record_held(acting_user=u, case=c, held_on=TODAY),
    "record_unable_to_arrange": lambda u, c: services.case_record_unable_to_arrange(
        acting_user=u, case=c, informed_on=TODAY, reason="No officer free"),
    "withdraw": lambda u, c: services.case_withdraw(acting_user=u, case=c, informed_on=TODAY),
    "conclude": lambda u, c: services.case_conclude(acting_user=u, case=c, concluded_on=TODAY),
    "issue_certificate": lambda u, c: services.certificate_issue(acting_user=u, case=c),
    "close": lambda u, c: services.case_close(acting_user=u, case=c, on=TODAY),
    "continue_arranging": lambda u, c: services.case_continue_arranging(acting_user=u, case=c, on=TODAY),
    "record_parties_agree": lambda u, c: services.case_record_parties_agree(acting_user=u, case=c, on=TODAY),
    "record_party_declines": lambda u, c: services.case_record_party_declines(
        acting_user=u, case=c, on=TODAY, reason="The school will not take part"),
    # Written only by a corrected decision (cases.corrections), which asks the table first.
    "reopen_certificate_choice": lambda u, c: transition_for(c.kind, "reopen_certificate_choice", c.state),
}


def machine_states(kind):
    machine = MACHINES[kind]
    return {State.REQUEST_RECEIVED} | {t.target for t in machine.values()} | {
        s for t in machine.values() for s in t.sources}


REFUSALS = [(kind, name, state) for kind in (CaseKind.MEDIATION, CaseKind.DR)
            for name, transition in MACHINES[kind].items()
            for state in sorted(machine_states(kind) - transition.sources)]


def test_every_transition_has_a_writer_under_test():
    assert {name for machine in MACHINES.values() for name in machine} == set(WRITERS)


def dr_case(officer):
    from sendresolve.cases.services import IssueDetails, case_create

    return case_create(
        acting_user=officer, kind="dr", local_authority=organisation(OrganisationKind.LOCAL_AUTHORITY),
        child_name="Ava Patel", child_date_of_birth=date(2015, 1, 9), rights_holder="parent",
        contacted_on=TODAY, contact_method="email", family_name="Meera Patel", family_email="meera@example.test",
        issues=[IssueDetails(other_party="school", description="Support in the timetable is not happening")],
    )


def footprint(case):
    case.refresh_from_db()
    return (case.state, CaseEvent.objects.filter(case=case).count(), AuditEvent.objects.count(),
            sorted(CaseDeadline.objects.filter(case=case).values_list("rule", "due", "met_on")),
            Certificate.objects.filter(case=case).count(), Meeting.objects.filter(case=case, status="booked").count())


@pytest.mark.parametrize(("kind", "name", "state"), REFUSALS, ids=[f"{k}-{n}-from-{s}" for k, n, s in REFUSALS])
def test_a_transition_is_refused_from_a_state_it_does_not_start_from(kind, name, state):
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer) if kind == CaseKind.MEDIATION else dr_case(officer)
    Case.objects.filter(pk=case.pk).update(state=state)  # set-up: the state under test
    case.refresh_from_db()
    before = footprint(case)
    with pytest.raises(TransitionNotAllowed, match="is not possible now"):
        WRITERS[name](officer, case)
    if name == "cancel_meeting":  # the writer made a meeting to cancel: set-up, not the service's change
        Meeting.objects.filter(case=case).delete()
    assert footprint(case) == before


@pytest.mark.parametrize("kind", [CaseKind.MEDIATION, CaseKind.DR])
def test_positive_control_the_first_step_is_allowed_from_where_it_starts(kind):
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer) if kind == CaseKind.MEDIATION else dr_case(officer)
    first = "give_adviser_information" if kind == CaseKind.MEDIATION else "record_parties_agree"
    WRITERS[first](officer, case)
    case.refresh_from_db()
    assert case.state == MACHINES[kind][first].target
