"""The e-mails a case sends, through the outbox, with dates taken from its stored deadlines (the clock)."""

from __future__ import annotations

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases import events
from sendresolve.cases.issued import certificate_mail_attachment
from sendresolve.cases.models import Case, CaseDeadline, Certificate, Participant
from sendresolve.notifications.services import StatutoryNotice, email_from_template

ADDRESSEES = {OrganisationKind.LOCAL_AUTHORITY: "The LA", OrganisationKind.ICB: "The ICB"}


def case_notice_key(case: Case) -> str:
    """How the outbox names a case its statutory notices are about: the case page finds them by it."""
    return f"case:{case.pk}"


def statutory_notice(case: Case, addressee: str) -> StatutoryNotice:
    """A notice the law requires, to `addressee` ("The LA"): flagged on the case page and in /healthz if it is
    not delivered (ADR 18)."""
    return StatutoryNotice(regarding=case_notice_key(case), addressee=addressee)


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
    arrange = deadlines.get("T4a") or deadlines.get("T4b") or deadlines.get("T4c")
    context = {"case": case, "deadlines": deadlines, "arrange": arrange, "notify_icb": deadlines.get("T3"),
               "issues": list(case.issues.all())}
    _notify(case, actor, case.local_authority, events.EventType.LA_NOTIFIED, arrange,
            f"Mediation requested: {case.reference}", "la_mediation_requested", context)
    if "T3" in deadlines:
        for party in case.parties.select_related("organisation").filter(organisation__kind=OrganisationKind.ICB):
            icb_told(case, party.organisation, actor=actor, context=context)
    family = _family(case)
    if family and family.email:
        email_from_template(
            family.email,
            f"Your mediation request ({case.reference})",
            "family_mediation_requested",
            {**context, "family": family},
        )


def icb_told(case: Case, icb, *, actor, context: dict | None = None) -> bool:
    """The ICB's notice of a mediation about health: the issues, the health provision wanted, and its dates.
    True when it went by e-mail; otherwise staff are told on the timeline to tell the ICB another way."""
    if context is None:
        deadlines = _deadlines(case)
        context = {"case": case, "deadlines": deadlines, "notify_icb": deadlines.get("T3"),
                   "arrange": deadlines.get("T4b") or deadlines.get("T4c"), "issues": list(case.issues.all())}
    return _notify(case, actor, icb, events.EventType.ICB_NOTIFIED, context["notify_icb"],
                   f"Mediation with health issues: {case.reference}", "icb_mediation_requested",
                   {**context, "icb": icb})


def _notify(case: Case, actor, organisation, event_type: str, deadline, subject: str, template: str,
            context: dict) -> bool:
    """E-mails an organisation; with no address on file, the timeline tells staff to tell it another way."""
    if organisation.contact_email:
        email_from_template(
            organisation.contact_email,
            subject,
            template,
            context,
            notice=statutory_notice(case, ADDRESSEES.get(organisation.kind, organisation.name)),
        )
        events.notified_event(case=case, actor=actor, type_=event_type, organisation=organisation.name,
                              due=deadline.due if deadline else None)
        return True
    events.no_address_event(case=case, actor=actor, organisation=organisation.name)
    return False


def certificate_issued(certificate: Certificate) -> None:
    """The family gets the certificate itself, attached (the stored bytes, fetched when the e-mail is sent): it
    needs it to appeal, with or without an account."""
    family = _family(certificate.case)
    if family and family.email:
        email_from_template(
            family.email,
            f"Your mediation certificate {certificate.number}",
            "family_certificate_issued",
            {"certificate": certificate, "case": certificate.case, "family": family},
            (certificate_mail_attachment(certificate),),
            notice=statutory_notice(certificate.case, "The family"),
        )



def deemed_certificate_offered(case: Case, *, last_day) -> None:
    """The family may have its certificate now, and the mediation goes on; the LA is told the family was offered
    it."""
    deadlines = _deadlines(case)
    context = {"case": case, "last_day": last_day, "certificate_by": deadlines.get("T6")}
    family = _family(case)
    if family and family.email:
        email_from_template(family.email, f"You can have your mediation certificate now ({case.reference})",
                            "family_deemed_certificate", {**context, "family": family})
    if case.local_authority.contact_email:
        email_from_template(case.local_authority.contact_email,
                            f"Mediation not arranged within 30 days: {case.reference}", "la_deemed_certificate",
                            context, notice=statutory_notice(case, "The LA"))
