"""Erasure and correction: refused, changing nothing and saying why, while a legal hold, an agreed action not yet
done, an open case or a live appeal window keeps the data (each with a positive control); otherwise the person's
name and details leave every table but the audit log, the case keeps its statistics, and the reason is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import account_for_address
from sendresolve.agreements import followup
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case, CaseEvent, Certificate, Participant
from sendresolve.core.refusals import Refused
from sendresolve.mediators.models import AvailabilitySlot, MediatorProfile
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.services import email_enqueue
from sendresolve.privacy.erasure import ErasureRefused, person_correct, person_erase
from sendresolve.privacy.events import PrivacyEvent
from sendresolve.privacy.holds import legal_hold_lift, legal_hold_set
from sendresolve.privacy.models import AnonymisedCase
from sendresolve.privacy.subjects import subject_for
from tests.factories import person
from tests.privacy.people import agreed_case, attach_letter, files_in, finish, old_closed_case, provider_staff

__all__ = ["files_in"]
pytestmark = pytest.mark.django_db

FAMILY = "nadia.okoro@example.test"
# Tables that keep names by design: the audit log (append-only, its own period) and Django admin's change log.
KEPT_BY_DESIGN = {"audit.AuditEvent", "admin.LogEntry", "sessions.Session", "django_tasks_database.DBTaskResult"}


def erase(admin, key: str, reason: str = "Asked on 3 March by e-mail; nothing left to do (Art 17(1)(a))"):
    return person_erase(acting_user=admin, subject=subject_for(admin, key), reason=reason)


def where_named(*needles: str) -> list[str]:
    """Every row of every table (but those kept by design) whose text contains one of the needles."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in KEPT_BY_DESIGN:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            rows = model._default_manager.annotate(_text=Cast(field.name, models.TextField()))
            for needle in needles:
                if rows.filter(_text__icontains=needle).exists():
                    found.append(f"{model._meta.label}.{field.name} holds {needle!r}")
    return found


def snapshot(case: Case) -> dict:
    """What a refused erasure must leave as it was."""
    return {"participants": list(case.participants.values_list("name", "email", "user_id")),
            "case": Case.objects.filter(pk=case.pk).values("reference", "child_name").get(),
            "accounts": list(User.objects.filter(participations__case=case).values_list("email", "is_active")),
            "erased_events": CaseEvent.objects.filter(type=PrivacyEvent.PERSON_ERASED).count(),
            "deletions": AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).count(),
            "anonymised": AnonymisedCase.objects.count(), "messages": OutboundEmail.objects.count()}


def test_a_legal_hold_refuses_and_changes_nothing_until_it_is_lifted(files_in):
    case = old_closed_case(family_email=FAMILY)
    family = case.participants.get(role="rights_holder").user
    admin = provider_staff()
    legal_hold_set(acting_user=admin, case=case, reason="Complaint to the LGSCO")
    before = snapshot(case)
    with pytest.raises(ErasureRefused, match=rf"Case {case.reference} is under a legal hold.*Nothing has been "
                                             "changed"):
        erase(admin, f"u{family.pk}")
    assert snapshot(case) == before
    legal_hold_lift(acting_user=admin, case=case, reason="Complaint closed")
    assert erase(admin, f"u{family.pk}").cases_anonymised == 1  # the positive control


def test_an_agreed_action_not_yet_done_refuses_until_it_is_done(files_in):
    ready = agreed_case(family_email=FAMILY)
    case = finish(ready)
    Certificate.objects.filter(case=case).update(appeal_deadline=timezone.localdate() - timedelta(days=1))
    admin = provider_staff()
    before = snapshot(case)
    with pytest.raises(ErasureRefused, match=rf"Case {case.reference} has an agreed action not yet done \(Issue the "
                                             "amended EHC plan"):
        erase(admin, f"u{ready.parent.pk}")
    assert snapshot(case) == before
    for duty in case.deadlines.filter(plan_action__isnull=False, met_on__isnull=True):
        followup.duty_mark_done(acting_user=ready.la_officer, case=case, action_id=duty.plan_action_id,
                                rule=duty.rule, note="Section F amended")
    assert erase(admin, f"u{ready.parent.pk}").cases_anonymised == 1


def test_an_open_case_and_a_live_appeal_window_refuse(files_in):
    ready = agreed_case(family_email=FAMILY)
    admin = provider_staff()
    with pytest.raises(ErasureRefused, match=rf"Case {ready.case.reference} is still open \(Meeting held\)"):
        erase(admin, f"u{ready.parent.pk}")
    with pytest.raises(ErasureRefused, match="Close the case first, or for staff name someone else"):
        erase(admin, f"u{ready.decision_maker.pk}")  # staff named on an open case
    case = old_closed_case(family_email="in.time@example.test")
    certificate = case.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(appeal_deadline=timezone.localdate() + timedelta(days=3))
    in_time = case.participants.get(role="rights_holder").user
    with pytest.raises(ErasureRefused, match=rf"certificate {certificate.number} can be used to appeal until"):
        erase(admin, f"u{in_time.pk}")
    Certificate.objects.filter(pk=certificate.pk).update(appeal_deadline=timezone.localdate() - timedelta(days=1))
    assert erase(admin, f"u{in_time.pk}").cases_anonymised == 1


def test_only_an_administrator_erases_and_never_an_administrator(files_in):
    case = old_closed_case(family_email=FAMILY)
    family = case.participants.get(role="rights_holder").user
    admin = provider_staff()
    manager = provider_staff(Role.SERVICE_MANAGER, admin.memberships.get().organisation)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        erase(manager, f"u{family.pk}")
    with pytest.raises(ErasureRefused, match="You cannot erase your own account"):
        erase(admin, f"u{admin.pk}")
    other_admin = provider_staff(Role.ADMINISTRATOR, admin.memberships.get().organisation)
    with pytest.raises(ErasureRefused, match="is an administrator: remove that role"):
        erase(admin, f"u{other_admin.pk}")
    with pytest.raises(ValidationError, match="Say why the law allows them to be erased"):
        erase(admin, f"u{family.pk}", reason="   ")
    assert Participant.objects.get(case=case, role="rights_holder").user == family
    erase(admin, f"u{family.pk}")  # the positive control


def test_an_erased_family_is_named_nowhere_but_the_audit_log_and_the_statistics_stay(
        files_in, django_capture_on_commit_callbacks):
    case = old_closed_case(family_email=FAMILY)
    letter = attach_letter(case)
    family = case.participants.get(role="rights_holder").user
    email_enqueue(to=FAMILY, subject="Your sign-in code", body_text="Hello Nadia Okoro, your code is ABCD-EFGH")
    la_told = email_enqueue(to="sen@la.example.test", subject=f"Mediation certificate ({case.reference})",
                            body_text=f"Femi Okoro's family asked for a certificate. Reference {case.reference}.")
    someone_else = email_enqueue(to="else@example.test", subject="Hello", body_text="Nothing about them")
    assert where_named("Nadia Okoro", "Femi Okoro", FAMILY)  # the positive control of the search below
    admin = provider_staff()
    statistics = Case.objects.filter(pk=case.pk).values("kind", "state", "local_authority", "contacted_on",
                                                        "closed_on").get()

    with django_capture_on_commit_callbacks(execute=True):  # stored files go once the rows naming them are gone
        done = erase(admin, f"u{family.pk}", reason="Asked by letter on 1 March; nothing left to do")

    assert where_named("Nadia Okoro", "Femi Okoro", FAMILY) == []
    assert not letter.file.storage.exists(letter.file.name)
    assert Case.objects.filter(pk=case.pk).values("kind", "state", "local_authority", "contacted_on",
                                                  "closed_on").get() == statistics
    assert Case.objects.get(pk=case.pk).child_date_of_birth.timetuple()[1:3] == (1, 1)
    assert not OutboundEmail.objects.filter(to=FAMILY).exists()
    la_told.refresh_from_db()
    someone_else.refresh_from_db()
    assert la_told.to == "sen@la.example.test" and "Femi" not in la_told.body_text
    assert someone_else.body_text == "Nothing about them"
    assert done.account_deleted == (not User.objects.filter(pk=family.pk).exists())
    if not done.account_deleted:
        account = User.objects.get(pk=family.pk)
        assert not account.is_active and not account.has_usable_password()
    audit = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, actor=admin)
    assert audit.target_id == str(family.pk) and "Reason: Asked by letter on 1 March" in audit.summary
    assert CaseEvent.objects.get(case=case, type=PrivacyEvent.PERSON_ERASED).parameters["reason"].startswith(
        "Asked by letter")
    assert AnonymisedCase.objects.filter(case=case).exists()


def test_an_erased_mediator_leaves_their_cases_but_the_family_stays_named(files_in):
    ready = agreed_case(family_email=FAMILY)
    case = finish(ready)
    for duty in case.deadlines.filter(plan_action__isnull=False, met_on__isnull=True):
        followup.duty_mark_done(acting_user=ready.la_officer, case=case, action_id=duty.plan_action_id,
                                rule=duty.rule, note="Done")
    mediator = ready.mediator.user
    provider = mediator.memberships.get().organisation
    AvailabilitySlot.objects.create(mediator=ready.mediator, start=timezone.now(),
                                    end=timezone.now() + timedelta(hours=2))
    assert CaseEvent.objects.filter(case=case, parameters__who="Tom Okafor").exists()

    admin = provider_staff(Role.ADMINISTRATOR, provider)
    erase(admin, f"u{mediator.pk}")

    assert where_named("Tom Okafor", mediator.email) == []
    assert not AvailabilitySlot.objects.filter(mediator=ready.mediator).exists()
    assert MediatorProfile.objects.get(pk=ready.mediator.pk).active is False
    row = case.participants.get(role="mediator")
    assert (row.name, row.user) == ("Erased person", None)
    # The family's case is theirs, not the mediator's: it keeps their names.
    assert case.participants.get(role="rights_holder").name == "Sarah Collins"
    assert Case.objects.get(pk=case.pk).child_name == "Sam Collins"
    with pytest.raises(ErasureRefused, match="has already been erased"):  # the account is kept: work refers to it
        erase(admin, f"u{mediator.pk}")
    with pytest.raises(Refused, match="has been erased: there is nothing to correct"):
        person_correct(acting_user=admin, subject=subject_for(admin, f"u{mediator.pk}"), full_name="Tom Okafor",
                       email="tom@example.test", reason="Typo")


def test_someone_nothing_refers_to_is_deleted_outright(files_in):
    nobody = person(Role.FAMILY_MEMBER, email="never.used@example.test")
    done = erase(provider_staff(), f"u{nobody.pk}")
    assert done.account_deleted and not User.objects.filter(pk=nobody.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, target_id=str(nobody.pk)).exists()


def test_an_administrator_corrects_a_name_and_address_everywhere_with_the_reason(files_in):
    case = old_closed_case(family_email=FAMILY)
    family = case.participants.get(role="rights_holder").user
    admin = provider_staff()
    person_correct(acting_user=admin, subject=subject_for(admin, f"u{family.pk}"), full_name="Nadia Okoro-Bell",
                   email="Nadia.Bell@example.test", reason="She told us her new name and address by phone")
    family.refresh_from_db()
    assert (family.full_name, family.email) == ("Nadia Okoro-Bell", "nadia.bell@example.test")
    assert account_for_address("nadia.bell@example.test") == family and account_for_address(FAMILY) is None
    row = case.participants.get(role="rights_holder")
    assert (row.name, row.email) == ("Nadia Okoro-Bell", "nadia.bell@example.test")
    event = CaseEvent.objects.get(case=case, type=PrivacyEvent.PERSON_CORRECTED)
    assert event.staff_only and event.parameters == {"who": "name, e-mail address",
                                                     "reason": "She told us her new name and address by phone"}
    assert AuditEvent.objects.filter(actor=admin, action="update", target_id=str(family.pk),
                                     summary__contains="Reason: She told us").exists()


def test_a_correction_is_refused_when_it_would_take_another_accounts_address(files_in):
    case = old_closed_case(family_email=FAMILY)
    family = case.participants.get(role="rights_holder").user
    taken = person(Role.FAMILY_MEMBER, email="taken@example.test")
    admin = provider_staff()
    subject = subject_for(admin, f"u{family.pk}")
    with pytest.raises(ValidationError, match="Another account already uses that e-mail address"):
        person_correct(acting_user=admin, subject=subject, full_name="Nadia Bell", email=taken.email, reason="Typo")
    family.refresh_from_db()
    assert (family.full_name, family.email) == ("Nadia Okoro", FAMILY)  # the name was not changed either
    assert case.participants.get(role="rights_holder").name == "Nadia Okoro"
    manager = provider_staff(Role.SERVICE_MANAGER, admin.memberships.get().organisation)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        person_correct(acting_user=manager, subject=subject, full_name="Nadia Bell", email=FAMILY, reason="Typo")
    with pytest.raises(ValidationError, match="Nothing has changed"):
        person_correct(acting_user=admin, subject=subject, full_name="Nadia Okoro", email=FAMILY, reason="Typo")
    person_correct(acting_user=admin, subject=subject, full_name="Nadia Bell", email=FAMILY, reason="Typo")
    assert User.objects.get(pk=family.pk).full_name == "Nadia Bell"  # the positive control
