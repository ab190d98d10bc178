"""Cases that end without a meeting close themselves once nothing is left to do (the day after their last date, with
nothing in anyone's work queue), through the one writer of transitions, so their retention can run; any other case
is closed by a person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Max
from django.utils import timezone

from sendresolve.agreements.models import ConfidentialNote
from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.events import EventType
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.services import IssueDetails, case_create
from sendresolve.cases.states import State
from sendresolve.privacy.closing import NotFinished, case_close_finished, cases_close_finished
from sendresolve.privacy.retention import entry_apply
from tests.factories import arranging_case, mediation_case, organisation, person
from tests.privacy.conftest import at, entry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _last_date(case: Case) -> date:
    dates = CaseDeadline.objects.filter(case=case).aggregate(due=Max("due"), act_by=Max("act_by"))
    return max(day for day in dates.values() if day)


def test_a_mediation_the_family_withdrew_from_closes_the_day_after_its_last_date_and_its_notes_then_go():
    officer = person("case_officer")
    case = services.case_withdraw(acting_user=officer, case=arranging_case(officer=officer), informed_on=TODAY,
                                  reason="The family has a new placement")
    services.certificate_issue(acting_user=officer, case=case)
    ConfidentialNote.objects.create(case=case, text="Sarah is relieved", author=person("mediator"))
    last = _last_date(case)  # the family's appeal deadline, on its certificate
    assert last > TODAY
    assert cases_close_finished(today=last) == 0
    with pytest.raises(NotFinished, match="still has something to do"):
        case_close_finished(case=case, today=last)
    assert cases_close_finished(today=last + timedelta(days=1)) == 1
    case.refresh_from_db()
    assert (case.state, case.closed_on) == (State.CLOSED, last + timedelta(days=1))
    event = case.events.get(type=EventType.CLOSED)
    assert event.actor is None and "the family withdrew" in event.parameters["reason"]
    assert AuditEvent.objects.filter(target_id=str(case.pk), actor=None, summary__contains="nothing was left").exists()
    assert entry_apply(entry("confidential_notes"), now=at(last + timedelta(days=31))) == 1  # retention runs


def test_a_mediation_that_could_not_be_arranged_closes_once_its_certificate_is_issued_and_its_dates_pass():
    officer = person("case_officer")
    case = services.case_record_unable_to_arrange(acting_user=officer, case=arranging_case(officer=officer),
                                                  informed_on=TODAY, reason="No decision-maker free")
    later = TODAY + timedelta(days=400)
    assert cases_close_finished(today=later) == 0  # its certificate is still owed
    services.certificate_issue(acting_user=officer, case=case)
    assert cases_close_finished(today=later) == 1
    assert "mediation could not be arranged" in Case.objects.get(pk=case.pk).events.get(
        type=EventType.CLOSED).parameters["reason"]


def test_a_disagreement_resolution_withdrawn_or_declined_closes_and_other_cases_wait_for_a_person():
    officer = person("case_officer")
    la = organisation()

    def dr_case():
        return case_create(acting_user=officer, kind="dr", local_authority=la, child_name="Sam Collins",
                           child_date_of_birth=date(2016, 5, 4), rights_holder="parent", contacted_on=TODAY,
                           contact_method="phone", family_name="Sarah Collins", family_email="sarah@example.test",
                           issues=[IssueDetails(other_party="school", description="Transport")])

    withdrawn = services.case_withdraw(acting_user=officer, case=dr_case(), informed_on=TODAY)
    declined = services.case_record_party_declines(acting_user=officer, case=dr_case(), on=TODAY,
                                                   reason="The school declined")
    declined_mediation = mediation_case(acting_user=officer)  # a certificate instead of mediation ...
    services.case_give_adviser_information(acting_user=officer, case=declined_mediation, given_on=TODAY,
                                           method="phone")
    services.case_request_certificate(acting_user=officer, case=declined_mediation, informed_on=TODAY)
    services.certificate_issue(acting_user=officer, case=declined_mediation)
    arranging = arranging_case(officer=officer)
    assert cases_close_finished(today=TODAY + timedelta(days=500)) == 2
    assert set(Case.objects.filter(state=State.CLOSED).values_list("pk", flat=True)) == {withdrawn.pk, declined.pk}
    # ... and a case still being arranged are left for a person
    assert Case.objects.get(pk=declined_mediation.pk).state == State.CERTIFICATE_ISSUED
    assert Case.objects.get(pk=arranging.pk).state == State.ARRANGING
