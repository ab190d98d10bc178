"""Demo mediators and meetings: a register with the independence rules at work, cases being arranged, one
waiting for the family's availability, and one meeting booked."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.services import independence_declare, user_create
from sendresolve.cases import services
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.models import Case
from sendresolve.mediators import services as mediator_services
from sendresolve.mediators.models import AvailabilitySlot, Exclusion, MediatorProfile, Specialism
from sendresolve.meetings import availability, booking, people
from sendresolve.meetings.scheduling import LONDON

EXTRA_MEDIATORS = [  # (e-mail, name, specialisms, exclusion: (organisation name, reason, details) or None)
    ("grace.lin@demo.sendresolve.test", "Grace Lin", [Specialism.POST_16],
     ("Riverside Borough Council", Exclusion.Reason.FORMERLY_EMPLOYED, "SEN officer until 2022")),
    ("daniel.reyes@demo.sendresolve.test", "Daniel Reyes", [Specialism.SOCIAL_CARE],
     ("Eastvale City Council", Exclusion.Reason.DECLARED_LINK, "Sits on its SEND funding panel")),
]


def demo_mediators_and_meetings(organisations: dict, password: str) -> None:
    today = timezone.localdate()
    calendar = service_calendar()
    officer = User.objects.get(email="case.officer@demo.sendresolve.test")
    provider = organisations["Resolve Mediation Partnership"]
    tom = MediatorProfile.objects.create(
        user=User.objects.get(email="mediator@demo.sendresolve.test"), accreditation_number="SEND-0412",
        accredited_until=today + timedelta(days=400), specialisms=[Specialism.HEALTH, Specialism.SOCIAL_CARE],
        languages=["Welsh"])
    for email, name, specialisms, exclusion in EXTRA_MEDIATORS:
        user = user_create(acting_user=None, email=email, full_name=name, password=password, role=Role.MEDIATOR,
                           organisation=provider)
        independence_declare(acting_user=user, employed_by_public_body=False)
        profile = MediatorProfile.objects.create(user=user, specialisms=specialisms,
                                                 accredited_until=today + timedelta(days=200))
        body, reason, details = exclusion
        Exclusion.objects.create(mediator=profile, organisation=organisations[body], reason=reason, details=details)
    day = today
    for number in range(12):  # Tom's next working days, mornings; Grace's afternoons
        day = calendar.working_days_after(day, 1)
        for profile, (start, end) in ((tom, (10, 13)), (MediatorProfile.objects.get(user__full_name="Grace Lin"),
                                                       (13, 16))):
            if number % 3 != 2:
                AvailabilitySlot.objects.create(mediator=profile, start=datetime.combine(day, time(start), LONDON),
                                                end=datetime.combine(day, time(end), LONDON))

    decision_maker = User.objects.get(email="la.decision@demo.sendresolve.test")
    la_officer = User.objects.get(email="la.officer@demo.sendresolve.test")
    icb_user = User.objects.get(email="icb@demo.sendresolve.test")

    def ready(case: Case) -> Case:
        allocation = mediator_services.allocation_create(acting_user=officer, case=case, mediator=tom)
        mediator_services.allocation_declare(acting_user=tom.user, allocation=allocation, knows_family=False,
                                             has_link=False)
        people.attendee_name(acting_user=la_officer, case=case, attendee=decision_maker, confirm_authority=True,
                             typed_name=la_officer.full_name)
        return case

    # The demo family's own case: everyone named, waiting for the family to say when they can meet.
    sams = Case.objects.get(child_name="Sam Collins")
    sams = services.case_start_arranging(acting_user=officer, case=sams, on=today)
    ready(sams)
    people.attendee_name(acting_user=icb_user, case=sams, attendee=icb_user, confirm_authority=True,
                         typed_name=icb_user.full_name)
    availability.availability_request(acting_user=officer, case=sams)

    # A Northshire case with its meeting booked, online, a week and a half away.
    demo_agreement(officer, tom, ready)
    ellas = services.case_start_arranging(acting_user=officer, case=Case.objects.get(child_name="Ella Hughes"),
                                          on=today)
    ready(ellas)
    earliest, last_day = case_meeting_window(ellas, told_on=today)
    meeting_day = calendar.working_days_after(earliest, 2)
    late = last_day is not None and meeting_day > last_day
    booking.meeting_book(acting_user=officer, case=ellas, place=booking.MeetingPlace(),
                         start=datetime.combine(meeting_day, time(10), LONDON),
                         outside_window_reason="The family asked for a date after the school holidays" if late else "")


def demo_agreement(officer: User, tom: MediatorProfile, ready) -> None:
    """A meeting held this morning, with its Action Plan agreed by both parties and its actions tracked."""
    from sendresolve.accounts.services import family_account
    from sendresolve.agreements import plans
    from sendresolve.meetings.models import Meeting

    today = timezone.localdate()
    case = services.case_start_arranging(acting_user=officer, case=Case.objects.get(child_name="Leah Turner"),
                                         on=today)
    ready(case)
    earliest, last_day = case_meeting_window(case, told_on=today)
    meeting = booking.meeting_book(
        acting_user=officer, case=case, place=booking.MeetingPlace(),
        start=datetime.combine(earliest, time(10), LONDON),
        outside_window_reason="The family's first choice of date" if last_day and earliest > last_day else "")
    # The demo starts after the meeting: it took place this morning.
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(hours=4),
                                                 end=timezone.now() - timedelta(hours=1))
    booking.meeting_record_held(acting_user=tom.user, case=case, held_on=today)
    family = case.participants.get(role="rights_holder")
    family.user, _ = family_account(email=family.email, full_name=family.name)
    family.save(update_fields=["user"])
    plan = plans.plan_save_draft(
        acting_user=tom.user, case=case, revision=0, issues_discussed="Whether Leah needs an EHC needs assessment",
        issues_unresolved="", actions=[
            plans.ActionLine("Carry out an EHC needs assessment", "la", "assess"),
            plans.ActionLine("An educational psychologist observes Leah in class", "la", "non_appealable")])
    plan = plans.plan_send(acting_user=tom.user, plan=plan, revision=plan.revision)
    for user in (family.user, User.objects.get(email="la.decision@demo.sendresolve.test")):
        plans.plan_agree(acting_user=user, plan=plan, confirmed=True, typed_name=user.full_name)
