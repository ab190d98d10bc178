"""Demo data: a month of the demo mediator's time (Tom Okafor) and the statement drafted from it, waiting for him to
agree to self-billing and accept it; this month's time so far, the held meeting's included. The rates are the demo
provider's, not market rates (no public source gives mediators' pay: money-and-reports.md B4)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.models import Case
from sendresolve.clock.months import month_end, previous_month_start
from sendresolve.clock.periods import add_months
from sendresolve.fees import cards, statements, timekeeping
from sendresolve.fees.cards import CardRates
from sendresolve.fees.timekeeping import TimeDetails
from sendresolve.mediators.models import Allocation, MediatorProfile
from sendresolve.meetings.models import Meeting

DEMO_RATES = dict(preparation_hourly=Decimal("40.00"), meeting_hourly=Decimal("60.00"),
                  write_up_hourly=Decimal("45.00"), travel_rule="hourly", travel_hourly=Decimal("20.00"),
                  per_case=Decimal("120.00"), prep_included_minutes=60, late_cancel=Decimal("90.00"))

# (child on the case, working day of last month, activity, minutes, note)
LAST_MONTH = [
    ("Leah Turner", 2, "reading", 40, "Decision letter and the EHC needs assessment request"),
    ("Leah Turner", 3, "prep_family", 50, "Call with Kate: what she hopes for"),
    ("Leah Turner", 5, "prep_la", 35, "Call with the SEN team leader"),
    ("Sam Collins", 8, "reading", 30, "Decision letter and the speech and language report"),
    ("Sam Collins", 9, "prep_family", 55, "Call with Sarah"),
    ("Sam Collins", 11, "prep_icb", 25, "Call with the ICB's designated clinical officer"),
    ("Ella Hughes", 14, "prep_family", 45, "Call with Rachel"),
    ("Ella Hughes", 16, "travel", 60, "To the school to hear Ella's views"),
    ("Ella Hughes", 16, "child_views", 40, "Ella's views with her teaching assistant"),
]


def demo_mediator_fees() -> None:
    """Through the services staff use: the administrator's rate card, Tom's time, the service manager's draft."""
    today = timezone.localdate()
    calendar = service_calendar()
    admin = User.objects.get(email="admin@demo.sendresolve.test")
    manager = User.objects.get(email="manager@demo.sendresolve.test")
    tom = MediatorProfile.objects.select_related("user").get(user__email="mediator@demo.sendresolve.test")
    cases = {child: Case.objects.get(child_name=child) for child in ("Leah Turner", "Sam Collins", "Ella Hughes")}
    # Demo history: Tom has had these cases since before last month began.
    Allocation.objects.filter(mediator=tom, case__in=cases.values()).update(
        allocated_at=timezone.now() - timedelta(days=75))
    first_of_last_month = previous_month_start(today)
    cards.rate_card_save(acting_user=admin, mediator=tom,
                         rates=CardRates(effective_from=add_months(first_of_last_month, -6), **DEMO_RATES))
    for child, working_day, activity, minutes, note in LAST_MONTH:
        day = min(calendar.working_days_after(first_of_last_month, working_day), month_end(first_of_last_month))
        timekeeping.time_entry_record(acting_user=tom.user, case=cases[child],
                                      details=TimeDetails(activity, day, minutes, note))
    statements.statement_draft(acting_user=manager, mediator=tom, month=first_of_last_month)
    held = Meeting.objects.filter(case=cases["Leah Turner"], status=Meeting.Status.HELD).first()
    if held is not None:  # this morning's meeting, from its length, and the write-up after it
        length = int((held.end - held.start).total_seconds() // 60)
        timekeeping.time_entry_record(acting_user=tom.user, case=cases["Leah Turner"], meeting=held,
                                      details=TimeDetails("meeting", held.held_on, length))
        timekeeping.time_entry_record(acting_user=tom.user, case=cases["Leah Turner"],
                                      details=TimeDetails("write_up", held.held_on, 50, "The Action Plan"))
