"""Legal review L1: only an appeal about Section I of a maintained plan needs no certificate. A refusal to assess,
issue, re-assess or amend, or a cease decision, always needs one, whatever parts of a plan are ticked; a case
classified wrongly is corrected by the adviser and the family gets its certificate."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import corrections, services
from sendresolve.cases.appeal_rights import asks_which_sections, is_placement_only
from sendresolve.cases.choices import DecisionType, PlanSection
from sendresolve.cases.intake import path_of
from sendresolve.cases.states import State, TransitionNotAllowed
from tests.cases.test_family_request import answer_mediation
from tests.factories import mediation_case, organisation, person, signed_in_with_mfa

TODAY = timezone.localdate()


@given(st.sampled_from(DecisionType.values), st.sets(st.sampled_from(PlanSection.values)))
def test_only_a_plan_contents_appeal_about_section_i_alone_needs_no_certificate(decision, sections):
    expected = decision == DecisionType.PLAN_CONTENTS and sections == {"I"}
    assert is_placement_only(decision, sections) is expected


@pytest.mark.parametrize("decision", DecisionType.values)
def test_the_family_is_asked_about_sections_only_for_a_plan_s_contents_or_a_refusal_to_amend(decision):
    answers = {"rights_holder": "parent", "about": "decision", "decision_type": decision,
               "sent_on": TODAY.isoformat(), "letter_done": True}
    following = path_of(answers)[-1]
    assert following == ("sections" if decision in ("plan_contents", "refusal_to_amend") else "wanted")
    assert asks_which_sections(decision) is (following == "sections")


@pytest.mark.django_db
@pytest.mark.parametrize("decision", [d for d in DecisionType.values if d != DecisionType.PLAN_CONTENTS])
def test_section_i_ticked_on_any_other_decision_still_needs_a_certificate(decision):
    officer = person("case_officer")
    case = mediation_case(sections=("I",), decision_type=decision, acting_user=officer)
    assert not case.placement_only
    assert "T1" in {d.rule for d in case.deadlines.all()}
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    certificate = services.certificate_issue(acting_user=officer, case=case)
    assert certificate.type == "declined"


@pytest.mark.django_db
def test_a_refusal_to_assess_asked_online_is_told_it_needs_a_certificate(client):
    la = organisation("local_authority")
    answer_mediation(client, la, TODAY - timezone.timedelta(days=10), decision="refusal_to_assess")
    page = client.get("/request/check/").content.decode()
    assert "you need a <strong>mediation certificate" in page.replace("You need", "you need")
    assert "you do not need a mediation certificate" not in page
    assert "Carry out an EHC needs assessment" in page


@pytest.mark.django_db
def test_the_adviser_corrects_a_case_recorded_as_needing_no_certificate_and_the_family_gets_one(client):
    officer = person("case_officer", totp=True)
    case = mediation_case(sections=("I",), decision_type="plan_contents", acting_user=officer)
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_record_no_certificate_needed(acting_user=officer, case=case, on=TODAY)
    assert case.placement_only and "T1" not in {d.rule for d in case.deadlines.all()}
    with pytest.raises(TransitionNotAllowed, match="is not possible now"):
        services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)

    signed_in_with_mfa(client, officer)
    url = f"/cases/{case.reference}/decision/"
    page = client.get(url).content.decode()
    import re

    [checked] = re.findall(r'<input[^>]*name="decision_type"[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == "plan_contents"  # the page opens on what the case says now
    refused = client.post(url, {"decision_type": "refusal_to_assess", "sections": ["I"], "wanted": "",
                                "reason": "The letter was a refusal to assess"})
    assert refused.status_code == 400
    assert "Say what the family wants the local authority to do instead" in refused.content.decode()
    response = client.post(url, {"decision_type": "refusal_to_assess", "wanted": "An EHC needs assessment",
                                 "reason": "The letter was a refusal to assess, not about a plan"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.decision.type, case.placement_only, case.state) == (
        "refusal_to_assess", False, State.ADVISER_INFORMATION_GIVEN)
    assert "T1" in {d.rule for d in case.deadlines.all()}
    assert AuditEvent.objects.filter(target_id=str(case.pk), summary__startswith="Corrected the decision").exists()
    timeline = client.get(f"/cases/{case.reference}/").content.decode()
    assert "The decision and what is in dispute were corrected" in timeline
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    assert services.certificate_issue(acting_user=officer, case=case).type == "declined"


@pytest.mark.django_db
def test_a_correction_needs_a_reason_and_is_refused_once_a_certificate_is_issued():
    officer = person("case_officer")
    case = mediation_case(acting_user=officer)
    with pytest.raises(Exception, match="Say why the case is being corrected"):
        corrections.case_correct_decision(acting_user=officer, case=case, decision_type="cease_to_maintain",
                                          sections=[], wanted="Keep the plan", reason=" ")
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    services.certificate_issue(acting_user=officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="a certificate has been issued"):
        corrections.case_correct_decision(acting_user=officer, case=case, decision_type="cease_to_maintain",
                                          sections=[], wanted="Keep the plan", reason="Wrong decision")
