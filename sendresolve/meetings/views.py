"""Meeting pages: who takes part, availability, booking, the meeting itself. Each view parses input, calls one
service or selector, and renders. Case pages someone may not see are 404, as if they did not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.accounts.models import User
from sendresolve.cases import extensions
from sendresolve.cases import selectors as case_selectors
from sendresolve.cases.clockwork import arranging_deadline, case_meeting_window
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.core.timezones import clock_time
from sendresolve.mediators.selectors import is_allocated_mediator
from sendresolve.meetings import availability, booking, people, selectors
from sendresolve.meetings.attendance import FAMILY_SIDE, case_standings, missing_required, required_roles
from sendresolve.meetings.forms import (
    AccessNeedsForm,
    AddPersonForm,
    AttendanceDecisionForm,
    AttendeeForm,
    AvailabilityRequestForm,
    BookingForm,
    CancelForm,
    ChildViewsForm,
    FamilyToldForm,
    HeldForm,
    MoveForm,
    SlotsForm,
)
from sendresolve.meetings.models import AvailabilityAnswer
from sendresolve.meetings.notices import side_of


def _case_for_organisers(request, reference: str):
    """The case for its case officers and its mediator; 404 for anyone else."""
    case = case_selectors.case_for(request.user, reference)
    if not (case_selectors.sees_staff_fields(request.user) or is_allocated_mediator(request.user, case)):
        raise Http404("No such page")
    return case



@login_required
def case_people(request, reference: str):
    return _people_page(request, _case_for_organisers(request, reference))


def _people_page(request, case, *, refused=None, status: int = 200):
    """The page; a form refused comes back bound (what was typed kept), its errors in the summary at the top."""
    standings = case_standings(case)
    decide_forms = {s.participant.pk: AttendanceDecisionForm(prefix=f"decide-{s.participant.pk}") for s in standings}
    add_form, child_form = AddPersonForm(prefix="add"), ChildViewsForm(prefix="child")
    if isinstance(refused, AddPersonForm):
        add_form = refused
    elif isinstance(refused, ChildViewsForm):
        child_form = refused
    elif isinstance(refused, AttendanceDecisionForm):
        decide_forms[int(refused.prefix.removeprefix("decide-"))] = refused
    return render(request, "meetings/people.html", {
        "case": case, "standings": [(s, decide_forms[s.participant.pk]) for s in standings],
        "missing": missing_required(case, standings), "required": required_roles(case),
        "add_form": add_form, "child_form": child_form, "refused": refused,
        "staff": case_selectors.sees_staff_fields(request.user),
        "mediator": is_allocated_mediator(request.user, case),
        "authority": people.authority_confirmed(case), "child_steps": list(case.child_views_steps.all()),
    }, status=status)


def _back_to_people(request, case, form, error: Exception | None, success: str):
    if error is not None or form.errors:
        if error is not None:
            form.add_error(None, refusal_message(error))
        return _people_page(request, case, refused=form, status=400)
    messages.success(request, success)
    return redirect("case_people", reference=case.reference)


@login_required
@require_POST
def case_people_add(request, reference: str):
    case = case_selectors.case_for_case_worker(request.user, reference)
    form = AddPersonForm(request.POST, prefix="add")
    if not form.is_valid():
        return _back_to_people(request, case, form, None, "")
    try:
        person = people.participant_add(acting_user=request.user, case=case, **form.cleaned_data)
    except REFUSALS as error:
        return _back_to_people(request, case, form, error, "")
    return _back_to_people(request, case, form, None, f"{person.name} is added.")


@login_required
@require_POST
def case_people_decide(request, reference: str, participant_id: int):
    case = _case_for_organisers(request, reference)
    participant = get_object_or_404(case.participants, pk=participant_id)
    form = AttendanceDecisionForm(request.POST, prefix=f"decide-{participant.pk}")
    if not form.is_valid():
        return _back_to_people(request, case, form, None, "")
    data = form.cleaned_data
    try:
        people.attendance_decide(acting_user=request.user, participant=participant, method=data["method"],
                                 allowed=data["allowed"] == "yes", parties_consulted=data["parties_consulted"],
                                 reason=data["reason"])
    except REFUSALS as error:
        return _back_to_people(request, case, form, error, "")
    return _back_to_people(request, case, form, None, "The decision is recorded on the case's timeline.")


@login_required
@require_POST
def case_child_views(request, reference: str):
    case = _case_for_organisers(request, reference)
    form = ChildViewsForm(request.POST, prefix="child")
    if not form.is_valid():
        return _back_to_people(request, case, form, None, "")
    try:
        people.child_views_record(acting_user=request.user, case=case, steps=form.cleaned_data["steps"])
    except REFUSALS as error:
        return _back_to_people(request, case, form, error, "")
    return _back_to_people(request, case, form, None, "The steps are recorded.")


@login_required
@require_http_methods(["GET", "POST"])
def case_attendee(request, reference: str):
    """The LA (or an ICB or social care team on the case) names who attends for it."""
    case = case_selectors.case_for(request.user, reference)
    try:
        body = people.naming_body(request.user, case)
    except PermissionDenied:
        raise Http404("No such page") from None
    participant_role, _, attendee_role = people.NAMING[body.kind]
    staff = User.objects.filter(memberships__organisation=body, memberships__role=attendee_role, is_active=True)
    la = body == case.local_authority
    form = AttendeeForm(request.POST or None, people=staff, authority_required=people.authority_required(body))
    current = case.participants.filter(role=participant_role, organisation=body).first()
    if request.method == "POST" and form.is_valid():
        try:
            people.attendee_name(acting_user=request.user, case=case, attendee=form.cleaned_data["attendee"],
                                 confirm_authority=form.cleaned_data["confirm_authority"],
                                 typed_name=form.cleaned_data["typed_name"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Thank you: {form.cleaned_data['attendee']} will attend for {body}.")
            return redirect("case_detail", reference=case.reference)
    statement = people.authority_statement("the person named above", body, case)
    return render(request, "meetings/attendee.html", {"case": case, "body": body, "form": form, "la": la,
                                                      "authority_required": people.authority_required(body),
                                                      "statement": statement, "current": current})


@login_required
@require_http_methods(["GET", "POST"])
def case_availability(request, reference: str):
    """The case officer's page: ask for availability, see the answers, the proposed slots, and book."""
    case = case_selectors.case_for_case_worker(request.user, reference)
    request_form = AvailabilityRequestForm(request.POST or None, prefix="ask")
    if request.method == "POST" and request_form.is_valid():
        try:
            availability.availability_request(acting_user=request.user, case=case,
                                              last_day=request_form.cleaned_data["last_day"])
        except REFUSALS as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, "The required people have been asked when they can meet.")
        return redirect("case_availability", reference=case.reference)
    return _availability_page(request, case, request_form=request_form)


def _slot_choices(proposals) -> list[tuple[str, str]]:
    """The proposed times as the booking form offers them, worded the same whether or not a booking was refused."""
    return [(proposal.slot.start.isoformat(),
             f"{selectors.local_time(proposal.slot.start):%A %-d %B %Y}, {clock_time(proposal.slot.start)} to "
             f"{clock_time(proposal.slot.end)}") for proposal in proposals]


def _availability_page(request, case, *, request_form=None, booking_form=None, status=200):
    round_ = selectors.current_request(case)
    answers = selectors.request_answers(round_) if round_ else []
    today = timezone.localdate()
    earliest, window_end = case_meeting_window(case, told_on=today)
    found, waiting = selectors.proposals(case, round_, answers, earliest=earliest) if round_ else ([], [])
    choices = _slot_choices(found)
    return render(request, "meetings/availability.html", {
        "case": case, "round": round_, "answers": answers, "proposals": found, "waiting": waiting,
        "request_form": request_form or AvailabilityRequestForm(prefix="ask"),
        "booking_form": booking_form or BookingForm(prefix="book", choices=choices),
        "problems": booking.booking_problems(case), "earliest": earliest, "window_end": window_end,
        "arranging_deadline": arranging_deadline(case),
        "meeting": selectors.current_meeting(case),
    }, status=status)


@login_required
@require_POST
def case_meeting_book(request, reference: str):
    case = case_selectors.case_for_case_worker(request.user, reference)
    round_ = selectors.current_request(case)
    answers = selectors.request_answers(round_) if round_ else []
    earliest, _ = case_meeting_window(case, told_on=timezone.localdate())
    found, _ = selectors.proposals(case, round_, answers, earliest=earliest) if round_ else ([], [])
    choices = _slot_choices(found)
    form = BookingForm(request.POST, prefix="book", choices=choices)
    if form.is_valid():
        data = form.cleaned_data
        place = booking.MeetingPlace(format=data["format"], pasted_link=data["pasted_link"],
                                     phone_details=data["phone_details"], venue=data["venue"],
                                     venue_accessibility=data["venue_accessibility"])
        try:
            booking.meeting_book(acting_user=request.user, case=case, start=form.start_time(), place=place,
                                 outside_window_reason=data["outside_window_reason"],
                                 short_notice_agreed_on=data["short_notice_agreed_on"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "The meeting is booked and the invitations have been sent.")
            return redirect("case_detail", reference=case.reference)
    return _availability_page(request, case, booking_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def case_availability_for(request, reference: str, answer_id: int):
    """A case officer enters the availability someone gave by phone or e-mail."""
    case = case_selectors.case_for_case_worker(request.user, reference)
    answer = get_object_or_404(AvailabilityAnswer.objects.select_related("request", "participant"), pk=answer_id,
                               request__case=case)
    return _slots_page(request, case, answer, on_behalf=True)


@login_required
@require_http_methods(["GET", "POST"])
def my_availability(request, reference: str):
    """A person asked for availability answers on their own page."""
    case = case_selectors.case_for(request.user, reference)
    round_ = selectors.current_request(case)
    if round_ is None:
        raise Http404("You are not being asked for availability on this case")
    return _slots_page(request, case, selectors.answer_for(request.user, round_), on_behalf=False)


def _slots_page(request, case, answer: AvailabilityAnswer, *, on_behalf: bool):
    offered = selectors.offered_slots(answer.request)
    participant = answer.participant
    # Not yet answered: start from the times a mediator registered as free, for them to check.
    from_register = [] if answer.answered_at else selectors.registered_free(participant, offered)
    ticked = [start for start, _ in answer.slots] or [slot.start.isoformat() for slot in from_register]
    form = SlotsForm(request.POST or None, offered=offered, initial={"slots": ticked})
    needs_form = AccessNeedsForm(request.POST or None, prefix="needs", initial={
        "needs": participant.access_needs, "interpreter_language": participant.interpreter_language,
        "notes": participant.access_notes})
    if request.method == "POST" and form.is_valid() and needs_form.is_valid():
        try:
            with_needs = needs_form.cleaned_data
            availability.availability_give(acting_user=request.user, answer=answer, slots=form.chosen())
            people.access_needs_update(acting_user=request.user, participant=participant, needs=with_needs["needs"],
                                       interpreter_language=with_needs["interpreter_language"],
                                       notes=with_needs["notes"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Thank you: your times are saved. We will send the invitation once everyone "
                                      "has answered." if not on_behalf else f"{participant.name}'s times are saved.")
            return redirect("case_availability" if on_behalf else "case_detail", reference=case.reference)
    days: dict = {}
    for slot in offered:
        days.setdefault(selectors.local_time(slot.start).date(), []).append(slot)
    selected = set(form["slots"].value() or [])
    return render(request, "meetings/my_availability.html", {
        "case": case, "answer": answer, "participant": participant, "form": form, "needs_form": needs_form,
        "on_behalf": on_behalf, "selected": selected, "from_register": bool(from_register),
        "days": [(day, [(slot.start.isoformat(), selectors.local_time(slot.start), selectors.local_time(slot.end))
                        for slot in slots]) for day, slots in days.items()],
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def case_meeting(request, reference: str):
    """The meeting, its link and who is invited: for the people invited to it only."""
    case = case_selectors.case_for(request.user, reference)
    meeting, invitation = selectors.meeting_for_invitee(request.user, case)
    return render(request, "meetings/meeting.html", {
        "case": case, "meeting": meeting, "invitation": invitation, "side": side_of(invitation.participant),
        "invitees": selectors.meeting_invitees(meeting), "start": selectors.local_time(meeting.start),
        "end": selectors.local_time(meeting.end),
        "family_notes": extensions.meeting_family_notes(case) if invitation.participant.role in FAMILY_SIDE else [],
    })


@login_required
@require_POST
def case_family_told(request, reference: str):
    """A family with no e-mail address was told of the meeting by phone or letter (T5, legal review L11)."""
    case = case_selectors.case_for_case_worker(request.user, reference)
    form = FamilyToldForm(request.POST)
    if form.is_valid():
        try:
            booking.meeting_record_family_told(acting_user=request.user, case=case, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Recorded: the family has its notice of the meeting.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "meetings/family_told.html", {"case": case, "form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def case_meeting_manage(request, reference: str):
    """Move, cancel or record that the meeting was held (case officers; the mediator may record it held)."""
    case = _case_for_organisers(request, reference)
    meeting = selectors.current_meeting(case)
    if meeting is None:
        raise Http404("No meeting is booked")
    staff = case_selectors.sees_staff_fields(request.user)
    action = request.POST.get("action", "")
    forms = {"move": MoveForm(request.POST if action == "move" else None, prefix="move"),
             "cancel": CancelForm(request.POST if action == "cancel" else None, prefix="cancel"),
             "held": HeldForm(request.POST if action == "held" else None, prefix="held")}
    if request.method == "POST" and action in forms and forms[action].is_valid():
        form, data = forms[action], forms[action].cleaned_data
        try:
            if action == "move":
                booking.meeting_move(acting_user=request.user, meeting=meeting, start=form.start(),
                                     party=data["party"], reason=data["reason"],
                                     outside_window_reason=data["outside_window_reason"],
                                     short_notice_agreed_on=data["short_notice_agreed_on"])
            elif action == "cancel":
                booking.meeting_cancel(acting_user=request.user, meeting=meeting, party=data["party"],
                                       reason=data["reason"])
            else:
                booking.meeting_record_held(acting_user=request.user, case=case, held_on=data["held_on"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, {"move": "The meeting is moved and everyone invited has the update.",
                                       "cancel": "The meeting is cancelled and everyone invited has been told.",
                                       "held": "The meeting is recorded as held."}[action])
            return redirect("case_detail", reference=case.reference)
    return render(request, "meetings/manage.html", {
        "case": case, "meeting": meeting, "forms": forms, "staff": staff, "action": action,
        "start": selectors.local_time(meeting.start), "changes": list(meeting.changes.all()),
    }, status=400 if request.method == "POST" else 200)
