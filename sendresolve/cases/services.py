"""Every change to a case. Each service checks who is acting and whether the transition is allowed,
then changes the case, writes its timeline event and audit record, recomputes its deadlines and
queues its messages, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import LaReceiptRule, Organisation, User
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.accounts.selectors import independence_problem
from sendresolve.audit.services import audit_record
from sendresolve.cases import events, notices
from sendresolve.cases.appeal_rights import is_placement_only
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.choices import (
    AlternativeBasis,
    CaseKind,
    CertificateType,
    ContactMethod,
    PlanSection,
    RightsHolder,
)
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import (
    AdviserContact,
    Case,
    CaseParty,
    Certificate,
    Decision,
    Issue,
    Participant,
    new_reference,
)
from sendresolve.cases.selectors import is_case_mediator
from sendresolve.cases.states import State, TransitionNotAllowed, transition_for
from sendresolve.cases.transitions import (
    case_save_change,
    case_transition,
    locked_case,
    not_in_future,
    require_case_worker,
)
from sendresolve.clock import appeal_deadline, compulsory_school_age_ends


@dataclass(frozen=True)
class DecisionDetails:
    type: str
    letter_dated: date
    sent_on: date
    included_mediation_information: bool = True


@dataclass(frozen=True)
class IssueDetails:
    section: str = ""
    other_party: str = ""
    description: str = ""


def case_create(
    *,
    acting_user: User | None,
    kind: str,
    local_authority: Organisation,
    child_name: str,
    child_date_of_birth: date,
    rights_holder: str,
    contacted_on: date,
    contact_method: str,
    family_name: str,
    family_email: str = "",
    family_phone: str = "",
    family_user: User | None = None,
    decision: DecisionDetails | None = None,
    issues: list[IssueDetails],
    other_parties: list[Organisation] = (),
    health_provision_wanted: str = "",
    alternative_basis: str = "",
    looked_after_by: Organisation | None = None,
) -> Case:
    """A new request, entered by a case officer (phone, e-mail) or sent by the family online. Whether the appeal
    would need no certificate (placement only) follows from the decision and the sections in dispute."""
    if acting_user is not None and contact_method != ContactMethod.ONLINE:
        require_case_worker(acting_user)
    if local_authority.kind != OrganisationKind.LOCAL_AUTHORITY:
        raise ValidationError("The local authority must be an organisation of kind 'local authority'.")
    if kind == CaseKind.MEDIATION and decision is None:
        raise ValidationError("A mediation case needs the LA decision it is about.")
    if not issues:
        raise ValidationError("Say at least one thing that is in dispute.")
    not_in_future(contacted_on, "the family got in touch")
    if child_date_of_birth >= contacted_on:
        raise ValidationError("The date of birth must be before the date the family got in touch.")
    _check_rights_holder(rights_holder, child_date_of_birth, contacted_on, alternative_basis)
    if decision is not None:
        not_in_future(decision.sent_on, "the decision was sent")
        if decision.letter_dated > decision.sent_on:
            raise ValidationError("The decision letter cannot be sent before the date on it.")
    with transaction.atomic():
        case = Case.objects.create(
            reference=new_reference("SR-", 6), kind=kind, local_authority=local_authority,
            child_name=child_name.strip(), child_date_of_birth=child_date_of_birth, rights_holder=rights_holder,
            placement_only=decision is not None and is_placement_only(decision.type, [i.section for i in issues]),
            contacted_on=contacted_on, contact_method=contact_method,
            health_provision_wanted=health_provision_wanted.strip(),
            alternative_basis=alternative_basis if rights_holder == RightsHolder.ALTERNATIVE_PERSON else "",
            looked_after_by=looked_after_by,
        )
        if decision is not None:
            Decision.objects.create(case=case, type=decision.type, letter_dated=decision.letter_dated,
                                    sent_on=decision.sent_on,
                                    included_mediation_information=decision.included_mediation_information,
                                    dates_checked=contact_method != ContactMethod.ONLINE)
        Issue.objects.bulk_create(
            Issue(case=case, section=i.section, other_party=i.other_party, description=i.description.strip())
            for i in issues
        )
        for organisation in other_parties:
            CaseParty.objects.create(case=case, organisation=organisation)
        if family_user is None and family_email.strip():
            # The family becomes a party now: an account for the address staff took down (code sign-in, no
            # password), so it can follow its case and fetch its certificate however it first got in touch.
            from sendresolve.accounts.services import family_account

            family_user, _ = family_account(email=family_email, full_name=family_name)
        Participant.objects.create(case=case, user=family_user, role=Participant.Role.RIGHTS_HOLDER,
                                   name=family_name.strip(), email=family_email.strip().lower(),
                                   phone=family_phone.strip())
        events.case_created_event(case=case, actor=acting_user, contact_method=contact_method)
        audit_record(actor=acting_user, action="create", target=case, summary=f"Case {case.reference} opened")
        case_store_deadlines(case)
        notices.request_acknowledged(case)
    return case


def _check_rights_holder(rights_holder: str, born: date, on: date, alternative_basis: str) -> None:
    """A young person holds the rights only once over compulsory school age; someone acting for one who lacks
    capacity says on what basis (legal review L13)."""
    school_age_ends = compulsory_school_age_ends(born)
    if rights_holder in (RightsHolder.YOUNG_PERSON, RightsHolder.ALTERNATIVE_PERSON) and on <= school_age_ends:
        raise ValidationError(f"The child is of compulsory school age until {school_age_ends:%-d %B %Y}: their "
                              "parent or carer asks for them.")
    if rights_holder == RightsHolder.ALTERNATIVE_PERSON and alternative_basis not in AlternativeBasis.values:
        raise ValidationError("Say on what basis they act for the young person: deputy, attorney or parent.")


def case_give_adviser_information(*, acting_user: User, case: Case, given_on: date, method: str,
                                  notes: str = "") -> Case:
    """The mediation adviser's information about mediation and the right to a certificate, given by someone
    independent of every LA, ICB and NHS England (s.56(3))."""
    not_in_future(given_on, "the information was given")
    with case_transition(acting_user=acting_user, case=case, name="give_adviser_information",
                         summary="Adviser information recorded") as write:
        _require_independent(acting_user)
        AdviserContact.objects.create(case=write.case, given_on=given_on, method=method, adviser=acting_user,
                                      notes=notes.strip())
        events.adviser_information_event(case=write.case, actor=acting_user, given_on=given_on, method=method)
    return write.case


def case_request_certificate(*, acting_user: User, case: Case, informed_on: date) -> Case:
    """The family does not want mediation: the certificate is due in 3 working days (T2)."""
    not_in_future(informed_on, "the adviser was told")
    with case_transition(acting_user=acting_user, case=case, name="request_certificate",
                         summary="Family does not want mediation") as write:
        if write.case.placement_only:
            raise TransitionNotAllowed("No certificate is needed when the appeal is only about the school named: "
                                       "record that no certificate is needed instead.")
        write.set(ma_informed_declined=informed_on)
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.CERTIFICATE_REQUESTED,
                                on=informed_on)
    return write.case


def case_record_no_certificate_needed(*, acting_user: User, case: Case, on: date) -> Case:
    with case_transition(acting_user=acting_user, case=case, name="record_no_certificate_needed",
                         summary="No certificate needed") as write:
        if not write.case.placement_only:
            raise TransitionNotAllowed("This appeal is not only about the school named, so it needs a certificate.")
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.NO_CERTIFICATE_NEEDED,
                                on=on)
    return write.case


def case_request_mediation(*, acting_user: User, case: Case, asked_on: date) -> Case:
    """The family wants mediation. The mediation service tells the LA now, and each ICB on the case where health
    is in dispute: that e-mail is the ICB's notice, with the issues and the health provision wanted (reg 35 [S]).
    The LA's 30 days run from the family's request where its letters name the service as acting for it (reg
    32(f)), or from today's notice otherwise: the LA's `la_receipt_rule` (legal review L3)."""
    not_in_future(asked_on, "the family asked for mediation")
    today = timezone.localdate()
    with transaction.atomic():  # the notices read the fresh deadlines and are sent only if all of it commits
        with case_transition(acting_user=acting_user, case=case, name="request_mediation",
                             summary="Mediation requested") as write:
            case = write.case
            provider_receipt = case.local_authority.la_receipt_rule == LaReceiptRule.PROVIDER_RECEIPT
            write.set(mediation_asked_on=asked_on, la_told_on=today,
                      la_received_request=asked_on if provider_receipt else today)
            icbs = health_bodies(case)
            if health_in_dispute(case) and icbs and all(icb.contact_email for icb in icbs):
                write.set(rcb_received_notification=today)  # told by the e-mail below, in this transaction
            events.transition_event(case=case, actor=acting_user, type_=events.EventType.MEDIATION_REQUESTED,
                                    on=asked_on)
        notices.mediation_requested(case, actor=acting_user)
    return case


def health_in_dispute(case: Case) -> bool:
    return any(PlanSection.area(issue.section) == "health" for issue in case.issues.all() if issue.section)


def health_bodies(case: Case) -> list[Organisation]:
    return [party.organisation for party in case.parties.select_related("organisation")
            if party.organisation.kind == OrganisationKind.ICB]


def case_start_arranging(*, acting_user: User, case: Case, on: date) -> Case:
    with case_transition(acting_user=acting_user, case=case, name="start_arranging",
                         summary="Arranging started") as write:
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.ARRANGING_STARTED, on=on)
    return write.case


def case_record_unable_to_arrange(*, acting_user: User, case: Case, informed_on: date, reason: str) -> Case:
    """The LA or ICB cannot arrange mediation in 30 days: the deemed certificate is due (T6)."""
    if not reason.strip():
        raise ValidationError("Say why the mediation could not be arranged.")
    not_in_future(informed_on, "the adviser was told")
    with case_transition(acting_user=acting_user, case=case, name="record_unable_to_arrange",
                         summary="Unable to arrange") as write:
        write.set(unable_to_arrange_informed=informed_on)
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.UNABLE_TO_ARRANGE,
                                on=informed_on, reason=reason.strip())
    return write.case


def case_continue_arranging(*, acting_user: User, case: Case, on: date) -> Case:
    """The LA could not arrange mediation in 30 days, yet the family still wants it: arranging goes on, whether or
    not its certificate has been issued (the Code: "appeal immediately or wait for mediation" [O])."""
    not_in_future(on, "the family said so")
    if not settings.CONTINUE_AFTER_DEEMED_CERTIFICATE:
        raise TransitionNotAllowed("This service is set not to continue mediation after a deemed certificate.")
    with case_transition(acting_user=acting_user, case=case, name="continue_arranging",
                         summary="Arranging goes on after the deemed certificate") as write:
        if write.case.unable_to_arrange_informed is None:
            raise TransitionNotAllowed("Only a mediation that could not be arranged in 30 days carries on after "
                                       "its certificate.")
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.ARRANGING_STARTED, on=on)
    return write.case


def case_withdraw(*, acting_user: User, case: Case, informed_on: date, reason: str = "") -> Case:
    """The family changed its mind: for mediation, a certificate is due (T8)."""
    not_in_future(informed_on, "the adviser was told")
    with case_transition(acting_user=acting_user, case=case, name="withdraw", summary="Withdrawn") as write:
        if write.case.kind == CaseKind.MEDIATION:
            write.set(withdrawal_informed=informed_on)
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.WITHDRAWN,
                                on=informed_on, reason=reason.strip())
    return write.case


def case_conclude(*, acting_user: User, case: Case, concluded_on: date) -> Case:
    not_in_future(concluded_on, "the mediation concluded")
    with case_transition(acting_user=acting_user, case=case, name="conclude", summary="Mediation concluded") as write:
        write.set(mediation_concluded=concluded_on)
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.CONCLUDED,
                                on=concluded_on)
    return write.case


def case_record_parties_agree(*, acting_user: User, case: Case, on: date) -> Case:
    with case_transition(acting_user=acting_user, case=case, name="record_parties_agree",
                         summary="All parties agreed to take part") as write:
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.PARTIES_AGREED, on=on)
    return write.case


def case_record_party_declines(*, acting_user: User, case: Case, on: date, reason: str) -> Case:
    if not reason.strip():
        raise ValidationError("Say which party declined and why.")
    with case_transition(acting_user=acting_user, case=case, name="record_party_declines",
                         summary="A party declined") as write:
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.PARTY_DECLINED, on=on,
                                reason=reason.strip())
    return write.case


def case_close(*, acting_user: User, case: Case, on: date) -> Case:
    """Closes the case; the mediator's confidential notes are destroyed on the retention schedule from `on`."""
    with case_transition(acting_user=acting_user, case=case, name="close", summary="Case closed") as write:
        write.set(closed_on=on)
        events.transition_event(case=write.case, actor=acting_user, type_=events.EventType.CLOSED, on=on)
    return write.case


_CERTIFICATE_FOR_STATE = {
    State.CERTIFICATE_REQUESTED: CertificateType.DECLINED,
    State.WITHDRAWN: CertificateType.CHANGE_OF_MIND,
    State.UNABLE_TO_ARRANGE: CertificateType.UNABLE_TO_ARRANGE,
    State.CONCLUDED: CertificateType.AFTER_MEDIATION,
}


def certificate_issue(*, acting_user: User, case: Case, issued_on: date | None = None) -> Certificate:
    """Issues the mediation certificate the case's state calls for, with the appeal deadline it gives."""
    issued_on = issued_on or timezone.localdate()
    not_in_future(issued_on, "of the certificate")
    from sendresolve.cases.deemed import deemed_certificate_due

    with transaction.atomic():
        case = locked_case(case)
        issued_as = _certificate_issuer(acting_user, case)
        if deemed_certificate_due(case):  # the 30 days passed: certificate now, mediation goes on (L5)
            target, kind = case.state, CertificateType.UNABLE_TO_ARRANGE
        else:
            target = transition_for(case.kind, "issue_certificate", case.state).target
            kind = _CERTIFICATE_FOR_STATE.get(case.state)
        if case.kind != CaseKind.MEDIATION:
            raise TransitionNotAllowed("Disagreement resolution does not give a mediation certificate.")
        deadline = appeal_deadline(case.decision.sent_on, issued_on, service_calendar())
        certificate = Certificate.objects.create(
            number=_certificate_number(), case=case, type=kind, issued_on=issued_on,
            issued_by=acting_user, issued_as=issued_as, appeal_deadline=deadline.due,
        )
        events.certificate_issued_event(case=case, actor=acting_user, number=certificate.number,
                                        certificate_type=certificate.type)
        # Not `case_transition`: a deemed certificate is issued beside the arranging, with no change of state (L5).
        case_save_change(case, acting_user, f"Certificate {certificate.number} issued", state=target)
        notices.certificate_issued(certificate)
    return certificate


def _require_independent(user: User) -> None:
    problem = independence_problem(user)
    if problem:
        raise ValidationError(problem)


def _certificate_issuer(user: User, case: Case) -> str:
    """Who may issue this certificate, as they sign it. After mediation the sources disagree on whether the
    mediator or the mediation adviser issues it (send-rules.md Q6): configured."""
    if case.state == State.CONCLUDED and settings.CERTIFICATE_ISSUER_AFTER_MEDIATION == "mediator":
        if not is_case_mediator(user, case):
            raise PermissionDenied("After mediation, the case's mediator issues the certificate.")
        return "mediator"
    require_case_worker(user)
    _require_independent(user)
    return "mediation adviser"


def _certificate_number() -> str:
    while True:
        number = new_reference("MC-", 4) + "-" + new_reference("", 4)
        if not Certificate.objects.filter(number=number).exists():
            return number
