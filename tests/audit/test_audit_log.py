"""The audit log: who did what, including reads of personal data; nobody can change it."""

import pytest
from django.db import connection, transaction

from sendresolve.accounts.roles import Role
from sendresolve.audit.models import AuditEvent
from tests.factories import PASSWORD, person, totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_mfa(client, user):
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret)})


def test_sign_ins_and_failures_are_recorded_with_where_from(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    client.post("/accounts/login/", {"login": officer.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    sign_in_with_mfa(client, officer)
    failed = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert officer.email in failed.summary
    assert failed.ip_address == "203.0.113.9"
    signed_in = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert signed_in.actor == officer


def test_an_administrator_viewing_a_person_is_recorded(client):
    administrator = person(Role.ADMINISTRATOR, totp=True)
    parent = person(Role.FAMILY_MEMBER)
    sign_in_with_mfa(client, administrator)
    assert client.get(f"/admin/accounts/user/{parent.pk}/change/").status_code == 200
    view = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (view.actor, view.target_type, view.target_id) == (administrator, "accounts.User", str(parent.pk))


def test_administrators_can_filter_the_log_and_others_cannot_see_it(client):
    administrator = person(Role.ADMINISTRATOR, totp=True)
    sign_in_with_mfa(client, administrator)
    page = client.get("/audit/", {"action": "sign_in"})
    assert page.status_code == 200
    text = page.content.decode()
    assert administrator.email in text
    assert "Added user" not in text  # filtered out: creations are not sign-ins
    bad = client.get("/audit/", {"on_or_after": "2026-02-30"})
    assert bad.status_code == 200 and "Enter a valid date" in bad.content.decode()
    client.logout()

    officer = person(Role.CASE_OFFICER, totp=True)
    sign_in_with_mfa(client, officer)
    assert client.get("/audit/").status_code == 404


def test_nobody_can_change_or_delete_an_audit_event(client):
    event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, summary="original")
    event.summary = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    administrator = person(Role.ADMINISTRATOR, totp=True)
    sign_in_with_mfa(client, administrator)
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, summary="original").exists()


@pytest.mark.smoke
def test_the_database_itself_refuses_to_change_the_log():
    from django.db import DatabaseError

    event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, summary="original")
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="edited")
    if connection.vendor == "postgresql":  # SQLite: see audit migration 0004
        with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, summary="original").exists()


def test_removing_a_person_keeps_who_they_were_in_the_log(client):
    from sendresolve.accounts.models import User

    parent = person(Role.FAMILY_MEMBER, email="leaving@example.test")
    event = AuditEvent.objects.create(actor=parent, actor_label=parent.email, action=AuditEvent.Action.VIEW)
    User.objects.filter(pk=parent.pk).delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor_id, event.actor_label) == (parent.pk, "leaving@example.test")


def test_the_log_pages_newest_first_by_next_and_previous_without_counting(client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import sendresolve.audit.selectors as audit_selectors

    administrator = person(Role.ADMINISTRATOR, totp=True)
    sign_in_with_mfa(client, administrator)
    for number in range(7):
        AuditEvent.objects.create(action=AuditEvent.Action.VIEW, summary=f"record {number}")
    real = audit_selectors.audit_event_page
    monkeypatch.setattr("sendresolve.portal.audit_log.audit_event_page",
                        lambda events, **kw: real(events, per_page=3, **kw))
    first = client.get("/audit/", {"action": "view"})
    assert [e.summary for e in first.context["page"].items] == ["record 6", "record 5", "record 4"]
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/audit/", {"action": "view", "after": first.context["page"].next_cursor})
    assert [e.summary for e in second.context["page"].items] == ["record 3", "record 2", "record 1"]
    counts = [q["sql"] for q in queries.captured_queries
              if "COUNT(" in q["sql"].upper() and "audit_auditevent" in q["sql"]]
    assert counts == [], counts
    back = client.get("/audit/", {"action": "view", "before": second.context["page"].previous_cursor})
    assert [e.summary for e in back.context["page"].items] == ["record 6", "record 5", "record 4"]
    bad = client.get("/audit/", {"after": "next week"})
    assert bad.status_code == 400 and "There is no such page" in bad.content.decode()
