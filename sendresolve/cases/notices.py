"""The e-mails a case sends, through the outbox, with dates taken from its stored deadlines (the clock)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases import events
from sendresolve.cases.models import Case, CaseDeadline, Certificate, Participant
from sendresolve.notifications.services import email_enqueue


def _send(to: str, subject: str, template: str, context: dict) -> None:
    if to:
        body = render_to_string(f"emails/{template}.txt", {"site_url": settings.SITE_URL, **context})
        email_enqueue(to=to, subject=subject, body_text=body)


def _family(case: Case) -> Participant | None:
    return case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).first()


def _deadlines(case: Case) -> dict[str, CaseDeadline]:
    return {deadline.rule: deadline for deadline in CaseDeadline.objects.filter(case=case)}


def request_acknowledged(case: Case) -> None:
    family = _family(case)
    if family and family.email:
        _send(family.email, f"We have your request ({case.reference})", "request_acknowledged",
              {"case": case, "family": family, "deadlines": _deadlines(case)})


def mediation_requested(case: Case, *, actor) -> None:
    """Tells the LA what it must do and by when (T3, T4), each health body where health is in dispute,
    and the family its dates."""
    deadlines = _deadlines(case)
    arrange = deadlines.get("T4a") or deadlines.get("T4b")
    context = {"case": case, "deadlines": deadlines, "arrange": arrange, "notify_icb": deadlines.get("T3")}
    _send(case.local_authority.contact_email, f"Mediation requested: {case.reference}", "la_mediation_requested",
          context)
    events.notified_event(case=case, actor=actor, type_=events.EventType.LA_NOTIFIED,
                          organisation=case.local_authority.name, due=arrange.due if arrange else None)
    if "T3" in deadlines:
        for party in case.parties.select_related("organisation").filter(organisation__kind=OrganisationKind.ICB):
            _send(party.organisation.contact_email, f"Mediation with health issues: {case.reference}",
                  "icb_mediation_requested", {**context, "icb": party.organisation})
            events.notified_event(case=case, actor=actor, type_=events.EventType.ICB_NOTIFIED,
                                  organisation=party.organisation.name, due=deadlines["T3"].due)
    family = _family(case)
    if family and family.email:
        _send(family.email, f"Your mediation request ({case.reference})", "family_mediation_requested",
              {**context, "family": family})


def certificate_issued(certificate: Certificate) -> None:
    family = _family(certificate.case)
    if family and family.email:
        _send(family.email, f"Your mediation certificate {certificate.number}", "family_certificate_issued",
              {"certificate": certificate, "case": certificate.case, "family": family})
