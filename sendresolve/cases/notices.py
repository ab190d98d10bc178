"""The e-mails a case sends, through the outbox, with dates taken from its stored deadlines (the clock)."""

from __future__ import annotations

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases import events
from sendresolve.cases.models import Case, CaseDeadline, Certificate, Participant
from sendresolve.notifications.services import email_from_template


def _family(case: Case) -> Participant | None:
    return case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).first()


def _deadlines(case: Case) -> dict[str, CaseDeadline]:
    return {deadline.rule: deadline for deadline in CaseDeadline.objects.filter(case=case)}


def request_acknowledged(case: Case) -> None:
    family = _family(case)
    if family and family.email:
        email_from_template(
            family.email,
            f"We have your request ({case.reference})",
            "request_acknowledged",
            {"case": case, "family": family, "deadlines": _deadlines(case)},
        )


def mediation_requested(case: Case, *, actor) -> None:
    """Tells the LA what it must do and by when (T3, T4), each health body where health is in dispute,
    and the family its dates."""
    deadlines = _deadlines(case)
    arrange = deadlines.get("T4a") or deadlines.get("T4b")
    context = {"case": case, "deadlines": deadlines, "arrange": arrange, "notify_icb": deadlines.get("T3")}
    _notify(case, actor, case.local_authority, events.EventType.LA_NOTIFIED, arrange,
            f"Mediation requested: {case.reference}", "la_mediation_requested", context)
    if "T3" in deadlines:
        for party in case.parties.select_related("organisation").filter(organisation__kind=OrganisationKind.ICB):
            _notify(case, actor, party.organisation, events.EventType.ICB_NOTIFIED, deadlines["T3"],
                    f"Mediation with health issues: {case.reference}", "icb_mediation_requested",
                    {**context, "icb": party.organisation})
    family = _family(case)
    if family and family.email:
        email_from_template(
            family.email,
            f"Your mediation request ({case.reference})",
            "family_mediation_requested",
            {**context, "family": family},
        )


def _notify(case: Case, actor, organisation, event_type: str, deadline, subject: str, template: str,
            context: dict) -> None:
    """E-mails an organisation; with no address on file, the timeline tells staff to tell it another way."""
    if organisation.contact_email:
        email_from_template(
            organisation.contact_email,
            subject,
            template,
            context,
        )
        events.notified_event(case=case, actor=actor, type_=event_type, organisation=organisation.name,
                              due=deadline.due if deadline else None)
    else:
        events.no_address_event(case=case, actor=actor, organisation=organisation.name)


def certificate_issued(certificate: Certificate) -> None:
    family = _family(certificate.case)
    if family and family.email:
        email_from_template(
            family.email,
            f"Your mediation certificate {certificate.number}",
            "family_certificate_issued",
            {"certificate": certificate, "case": certificate.case, "family": family},
        )

