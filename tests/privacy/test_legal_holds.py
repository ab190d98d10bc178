"""A legal hold on a case: only an administrator sets or lifts it, with a reason; each change is audited and on the
case's staff timeline; the hold's row stays after it is lifted."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import CaseEvent
from sendresolve.privacy.holds import HoldRefused, case_is_held, held_case_ids, legal_hold_lift, legal_hold_set
from sendresolve.privacy.models import LegalHold
from tests.factories import mediation_case, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_and_lifts_a_hold_audited_and_on_the_timeline():
    admin = person("administrator")
    case, other = mediation_case(), mediation_case()
    legal_hold_set(acting_user=admin, case=case, reason="Tribunal appeal lodged")
    assert case_is_held(case.pk) and not case_is_held(other.pk)
    assert held_case_ids() == {case.pk}
    assert AuditEvent.objects.filter(actor=admin, target_id=str(case.pk),
                                     summary="Legal hold set: Tribunal appeal lodged").exists()
    assert CaseEvent.objects.filter(case=case, type="legal_hold_set", staff_only=True).exists()

    hold = legal_hold_lift(acting_user=admin, case=case, reason="Appeal decided")
    assert not case_is_held(case.pk) and held_case_ids() == set()
    assert hold.lifted_by == admin and hold.lifted_at is not None and hold.lift_reason == "Appeal decided"
    assert LegalHold.objects.filter(case=case).count() == 1  # the lifted hold stays on record
    assert AuditEvent.objects.filter(summary="Legal hold lifted: Appeal decided").exists()


def test_a_hold_is_refused_to_anyone_but_an_administrator_without_a_reason_or_twice():
    admin, officer, case = person("administrator"), person("case_officer"), mediation_case()
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        legal_hold_set(acting_user=officer, case=case, reason="Complaint")
    with pytest.raises(ValidationError, match="Say why"):
        legal_hold_set(acting_user=admin, case=case, reason="  ")
    with pytest.raises(HoldRefused, match="not under a legal hold"):
        legal_hold_lift(acting_user=admin, case=case, reason="Done")
    assert not LegalHold.objects.exists() and not case_is_held(case.pk)
    legal_hold_set(acting_user=admin, case=case, reason="Complaint")  # positive control
    with pytest.raises(HoldRefused, match="already under a legal hold"):
        legal_hold_set(acting_user=admin, case=case, reason="Another complaint")
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        legal_hold_lift(acting_user=officer, case=case, reason="Done")
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 1


def test_the_admin_sets_and_lifts_a_hold_through_the_services(client):
    admin = person("administrator", totp=True)
    case = mediation_case()
    signed_in_with_mfa(client, admin)
    unknown = client.post("/admin/privacy/legalhold/add/", {"reference": "SR-NOSUCH", "reason": "Claim"})
    assert unknown.status_code == 200 and "Enter the reference of a case" in unknown.content.decode()
    assert client.get("/admin/privacy/legalhold/add/").status_code == 200
    response = client.post("/admin/privacy/legalhold/add/", {"reference": case.reference.lower(),
                                                             "reason": "Claim threatened"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert case_is_held(case.pk)
    again = client.post("/admin/privacy/legalhold/add/", {"reference": case.reference, "reason": "Twice"})
    assert again.status_code == 200 and "already under a legal hold" in again.content.decode()
    assert client.get(f"/admin/privacy/legalhold/{LegalHold.objects.get().pk}/change/").status_code == 200
    hold = LegalHold.objects.get()
    refused = client.post(f"/admin/privacy/legalhold/{hold.pk}/change/", {"lift_reason": ""})
    assert refused.status_code == 200 and case_is_held(case.pk)
    lifted = client.post(f"/admin/privacy/legalhold/{hold.pk}/change/", {"lift_reason": "Claim dropped"})
    assert lifted.status_code == 302 and not case_is_held(case.pk)
    assert CaseEvent.objects.filter(case=case, type="legal_hold_lifted").exists()
