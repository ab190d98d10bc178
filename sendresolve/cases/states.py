"""The state machine of each kind of case, as one declared table per kind.

Services look transitions up here and refuse any that is not listed from the case's current state,
with a plain-English reason. Nothing else changes a case's state. A booked meeting is cancelled (with the
party that caused it) before a case can be withdrawn or declared unable to arrange: the cancellation is
what tells everyone invited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from sendresolve.cases.choices import CaseKind
from sendresolve.core.refusals import Refused


class State(models.TextChoices):
    REQUEST_RECEIVED = "request_received", "Request received"
    ADVISER_INFORMATION_GIVEN = "adviser_information_given", "Information given by the mediation adviser"
    CERTIFICATE_REQUESTED = "certificate_requested", "Certificate requested (mediation not wanted)"
    NO_CERTIFICATE_NEEDED = "no_certificate_needed", "No certificate needed (school named only)"
    MEDIATION_REQUESTED = "mediation_requested", "Mediation requested: LA told"
    ARRANGING = "arranging", "Meeting being arranged"
    MEETING_BOOKED = "meeting_booked", "Meeting booked"
    MEETING_HELD = "meeting_held", "Meeting held"
    UNABLE_TO_ARRANGE = "unable_to_arrange", "Could not be arranged within 30 days"
    WITHDRAWN = "withdrawn", "Family changed its mind"
    CONCLUDED = "concluded", "Mediation concluded"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    PARTIES_AGREED = "parties_agreed", "All parties agreed to take part"
    DECLINED = "declined", "A party declined to take part"
    CLOSED = "closed", "Closed"


# The stage as a family reads it on its own case page (legal review section 3): plain words, not the staff's.
FAMILY_STAGES = {
    State.REQUEST_RECEIVED: "We have your request",
    State.ADVISER_INFORMATION_GIVEN: "You have talked to the mediation adviser",
    State.CERTIFICATE_REQUESTED: "Your certificate is being issued",
    State.NO_CERTIFICATE_NEEDED: "You do not need a certificate to appeal",
    State.MEDIATION_REQUESTED: "The local authority has been told you want mediation",
    State.ARRANGING: "The meeting is being arranged",
    State.MEETING_BOOKED: "The meeting is booked",
    State.MEETING_HELD: "The meeting has taken place",
    State.UNABLE_TO_ARRANGE: "Mediation could not be arranged in time: your certificate is being issued",
    State.WITHDRAWN: "You decided not to go ahead",
    State.CONCLUDED: "The mediation has finished",
    State.CERTIFICATE_ISSUED: "Your certificate has been issued",
    State.PARTIES_AGREED: "Everyone has agreed to take part",
    State.DECLINED: "Someone has declined to take part",
    State.CLOSED: "Closed",
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # what the button says
    sources: frozenset[str]
    target: str


def _t(name: str, label: str, sources: set[str], target: str) -> tuple[str, Transition]:
    return name, Transition(name, label, frozenset(sources), target)


S = State
MEDIATION: dict[str, Transition] = dict([
    _t("give_adviser_information", "Record the adviser's information", {S.REQUEST_RECEIVED},
       S.ADVISER_INFORMATION_GIVEN),
    _t("request_certificate", "Family does not want mediation", {S.ADVISER_INFORMATION_GIVEN},
       S.CERTIFICATE_REQUESTED),
    _t("record_no_certificate_needed", "No certificate needed", {S.ADVISER_INFORMATION_GIVEN},
       S.NO_CERTIFICATE_NEEDED),
    # A case recorded as needing no certificate whose decision is corrected (cases.corrections): back to the
    # family's choice between a certificate and mediation.
    _t("reopen_certificate_choice", "A certificate is needed after all", {S.NO_CERTIFICATE_NEEDED},
       S.ADVISER_INFORMATION_GIVEN),
    _t("request_mediation", "Family wants mediation", {S.ADVISER_INFORMATION_GIVEN}, S.MEDIATION_REQUESTED),
    _t("start_arranging", "Start arranging the meeting", {S.MEDIATION_REQUESTED}, S.ARRANGING),
    _t("book_meeting", "Book the meeting", {S.ARRANGING}, S.MEETING_BOOKED),
    _t("cancel_meeting", "Cancel the meeting", {S.MEETING_BOOKED}, S.ARRANGING),
    _t("record_meeting_held", "Record that the meeting was held", {S.MEETING_BOOKED}, S.MEETING_HELD),
    _t("record_unable_to_arrange", "LA cannot arrange within 30 days",
       {S.MEDIATION_REQUESTED, S.ARRANGING}, S.UNABLE_TO_ARRANGE),
    # A change of mind is about mediation the family asked for (its certificate says so); before that, a family
    # that does not want mediation has the declined certificate, or none if it no longer wants to appeal (L16).
    _t("withdraw", "Family has changed its mind", {S.MEDIATION_REQUESTED, S.ARRANGING}, S.WITHDRAWN),
    # Mediation concludes only after its meeting: without one, the family withdrew or it could not be arranged, and
    # each of those gives its own certificate (issue 11: no "after mediation" certificate without a mediation).
    _t("conclude", "Record that mediation concluded", {S.MEETING_HELD}, S.CONCLUDED),
    _t("issue_certificate", "Issue the certificate",
       {S.CERTIFICATE_REQUESTED, S.UNABLE_TO_ARRANGE, S.WITHDRAWN, S.CONCLUDED}, S.CERTIFICATE_ISSUED),
    _t("close", "Close the case",
       {S.CERTIFICATE_ISSUED, S.NO_CERTIFICATE_NEEDED, S.CONCLUDED, S.ADVISER_INFORMATION_GIVEN}, S.CLOSED),
    # After the LA said it could not arrange mediation in time, and the deemed certificate, the family may still
    # want the mediation (legal review L5; CONTINUE_AFTER_DEEMED_CERTIFICATE).
    _t("continue_arranging", "The family still wants mediation: carry on arranging",
       {S.UNABLE_TO_ARRANGE, S.CERTIFICATE_ISSUED}, S.ARRANGING),
])

DR: dict[str, Transition] = dict([
    _t("record_parties_agree", "All parties agree to take part", {S.REQUEST_RECEIVED}, S.PARTIES_AGREED),
    _t("record_party_declines", "A party declines to take part", {S.REQUEST_RECEIVED}, S.DECLINED),
    _t("start_arranging", "Start arranging the meeting", {S.PARTIES_AGREED}, S.ARRANGING),
    _t("book_meeting", "Book the meeting", {S.ARRANGING}, S.MEETING_BOOKED),
    _t("cancel_meeting", "Cancel the meeting", {S.MEETING_BOOKED}, S.ARRANGING),
    _t("record_meeting_held", "Record that the meeting was held", {S.MEETING_BOOKED}, S.MEETING_HELD),
    _t("withdraw", "Family has withdrawn", {S.REQUEST_RECEIVED, S.PARTIES_AGREED, S.ARRANGING}, S.WITHDRAWN),
    _t("conclude", "Record that the meeting concluded", {S.ARRANGING, S.MEETING_HELD}, S.CONCLUDED),
    _t("close", "Close the case", {S.CONCLUDED, S.DECLINED, S.WITHDRAWN}, S.CLOSED),
])

MACHINES: dict[str, dict[str, Transition]] = {CaseKind.MEDIATION: MEDIATION, CaseKind.DR: DR}

OPEN_STATES = frozenset(set(State.values) - {S.CLOSED})
# Where a meeting is being arranged or has been booked: mediators, availability and attendance apply.
ARRANGING_STATES = frozenset({S.ARRANGING, S.MEETING_BOOKED})


class TransitionNotAllowed(Refused):
    """A transition refused from the case's current state; the message says why in plain English."""


def transition_for(kind: str, name: str, current: str) -> Transition:
    machine = MACHINES[kind]
    transition = machine.get(name)
    if transition is None:
        raise TransitionNotAllowed(f"A {CaseKind(kind).label.lower()} case cannot '{name.replace('_', ' ')}'.")
    if current not in transition.sources:
        raise TransitionNotAllowed(
            f"This case is at '{State(current).label}', so '{transition.label}' is not possible now."
        )
    return transition


def transitions_from(kind: str, current: str) -> list[Transition]:
    return [transition for transition in MACHINES[kind].values() if current in transition.sources]
