"""A case from first contact to certificate, every transition refused where it does not belong."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.clock import appeal_deadline, default_calendar
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.cases.test_every_transition_refused import WRITERS as CALLS
from tests.factories import mediation_case, organisation, person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def deliver():
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)


def deadlines(case):
    return {d.rule: d for d in CaseDeadline.objects.filter(case=case)}


def test_declined_mediation_gets_a_certificate_with_its_appeal_deadline():
    officer = person(Role.CASE_OFFICER)
    sent = TODAY - timedelta(days=30)
    case = mediation_case(sent_on=sent, acting_user=officer)
    assert set(deadlines(case)) == {"T1", "T9"}
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    stored = deadlines(case)
    assert stored["T2"].due == default_calendar().working_days_after(TODAY, 3)
    assert stored["T2"].met_on is None
    certificate = services.certificate_issue(acting_user=officer, case=case)
    assert certificate.type == "declined"
    assert certificate.appeal_deadline == appeal_deadline(sent, TODAY).due
    case.refresh_from_db()
    assert case.state == State.CERTIFICATE_ISSUED
    assert deadlines(case)["T2"].met_on == TODAY
    assert deadlines(case)["T9"].due == certificate.appeal_deadline
    types = list(CaseEvent.objects.filter(case=case).values_list("type", flat=True))
    assert types == ["case_created", "adviser_information_given", "certificate_requested", "certificate_issued"]
    deliver()
    assert any(certificate.number in message.body and "5pm" in message.body for message in mail.outbox)


def test_asking_to_mediate_with_health_issues_tells_the_la_the_icb_and_the_family():
    officer = person(Role.CASE_OFFICER)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    la.contact_email = "sen@la.example.test"
    la.save()
    icb = organisation(OrganisationKind.ICB)
    icb.contact_email = "send@icb.example.test"
    icb.save()
    case = mediation_case(local_authority=la, sections=("F", "G"), other_parties=[icb], acting_user=officer)
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    received = TODAY - timedelta(days=1)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=received)
    stored = deadlines(case)
    assert stored["T4b"].due == received + timedelta(days=30)
    assert stored["T3"].due == default_calendar().working_days_after(received, 3)
    deliver()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert f"by {stored['T4b'].due:%A} {stored['T4b'].due.day}" in by_recipient["sen@la.example.test"].body
    assert "send@icb.example.test" in by_recipient
    assert "parent@example.test" in by_recipient


def test_placement_only_needs_no_certificate():
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(sections=("I",), decision_type="plan_contents", acting_user=officer)
    assert "T1" not in deadlines(case)
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    with pytest.raises(TransitionNotAllowed, match="No certificate is needed"):
        services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    case.refresh_from_db()
    assert case.state == State.ADVISER_INFORMATION_GIVEN and case.ma_informed_declined is None
    services.case_record_no_certificate_needed(acting_user=officer, case=case, on=TODAY)




def test_only_case_workers_change_cases():
    case = mediation_case()
    for role in (Role.LA_OFFICER, Role.MEDIATOR, Role.FAMILY_MEMBER, Role.ICB_REPRESENTATIVE):
        with pytest.raises(PermissionDenied):
            CALLS["give_adviser_information"](person(role), case)


def test_bad_dates_are_refused_before_anything_is_saved():
    officer = person(Role.CASE_OFFICER)
    with pytest.raises(ValidationError, match="future"):
        mediation_case(sent_on=TODAY + timedelta(days=3), acting_user=officer)
    with pytest.raises(ValidationError, match="date of birth"):
        mediation_case(child_date_of_birth=TODAY, acting_user=officer)
    assert Case.objects.count() == 0


def test_unable_to_arrange_and_change_of_mind_give_their_own_certificates():
    officer = person(Role.CASE_OFFICER)
    for step, expected_rule, expected_type in (("record_unable_to_arrange", "T6", "unable_to_arrange"),
                                               ("withdraw", "T8", "change_of_mind")):
        case = mediation_case(acting_user=officer)
        CALLS["give_adviser_information"](officer, case)
        CALLS["request_mediation"](officer, case)
        CALLS[step](officer, case)
        assert expected_rule in deadlines(case)
        certificate = CALLS["issue_certificate"](officer, case)
        assert certificate.type == expected_type
        assert deadlines(case)[expected_rule].met_on == TODAY
        arrange = next(d for rule, d in deadlines(case).items() if rule.startswith("T4"))
        assert arrange.met_on is None, "the case page still says the meeting was never held"
        assert not arrange.in_queue, "but arranging it is nobody's work any more"


def test_arranging_stays_in_the_queue_while_it_can_still_be_done():
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer)
    CALLS["give_adviser_information"](officer, case)
    CALLS["request_mediation"](officer, case)
    arrange = next(d for rule, d in deadlines(case).items() if rule.startswith("T4"))
    assert arrange.in_queue and arrange.met_on is None


def test_a_dr_case_with_a_school_goes_from_request_to_closed():
    from sendresolve.cases.services import IssueDetails, case_create

    officer = person(Role.CASE_OFFICER)
    case = case_create(
        acting_user=officer, kind="dr", local_authority=organisation(OrganisationKind.LOCAL_AUTHORITY),
        child_name="Ava Patel", child_date_of_birth=date(2015, 1, 9), rights_holder="parent",
        contacted_on=TODAY, contact_method="email", family_name="Meera Patel", family_email="meera@example.test",
        issues=[IssueDetails(other_party="school", description="Support in the timetable is not happening")],
    )
    assert deadlines(case) == {}
    services.case_record_parties_agree(acting_user=officer, case=case, on=TODAY)
    services.case_start_arranging(acting_user=officer, case=case, on=TODAY)
    with pytest.raises(TransitionNotAllowed):
        services.certificate_issue(acting_user=officer, case=case)
    services.case_conclude(acting_user=officer, case=case, concluded_on=TODAY)
    assert services.case_close(acting_user=officer, case=case, on=TODAY).state == State.CLOSED


def test_an_la_with_no_address_on_file_is_flagged_to_staff_instead_of_told():
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer)  # the factory's LA has no contact e-mail
    CALLS["give_adviser_information"](officer, case)
    CALLS["request_mediation"](officer, case)
    flagged = CaseEvent.objects.get(case=case, type="no_address")
    assert flagged.staff_only and not CaseEvent.objects.filter(case=case, type="la_notified").exists()


def test_a_mediation_still_being_arranged_cannot_be_concluded():
    """Issue 11: no meeting, no conclusion, and so no 'mediation took place' certificate."""
    from tests.factories import arranging_case

    officer = person(Role.CASE_OFFICER)
    case = arranging_case(officer=officer)
    with pytest.raises(TransitionNotAllowed, match="is not possible now"):
        services.case_conclude(acting_user=officer, case=case, concluded_on=TODAY)
    case.refresh_from_db()
    assert case.state == State.ARRANGING and case.mediation_concluded is None
    assert not case.deadlines.filter(rule="T7").exists()
