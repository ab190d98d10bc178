"""The statutory clock: working days, every SEND mediation time limit, and their computation.

Pure Python with no Django import, so the `deadlines` command, the web app and the tests share it.
"""

from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar, default_calendar
from sendresolve.clock.deadlines import (
    AGREED_ACTION_RULE,
    AgreedAction,
    CaseEvents,
    Deadline,
    NoticeRule,
    agreed_action_deadline,
    appeal_deadline,
    compute_deadlines,
    earliest_meeting_date,
)
from sendresolve.clock.periods import add_months, compulsory_school_age_ends, tribunal_adjusted
from sendresolve.clock.rules import ACTION_RULES, ISSUE_KINDS, RULES, Actor, Event, Rule, Unit

__all__ = [
    "AGREED_ACTION_RULE",
    "ACTION_RULES",
    "ISSUE_KINDS",
    "RULES",
    "Actor",
    "AgreedAction",
    "CaseEvents",
    "DateOutOfRange",
    "Deadline",
    "Event",
    "NoticeRule",
    "Rule",
    "Unit",
    "WorkingCalendar",
    "add_months",
    "compulsory_school_age_ends",
    "agreed_action_deadline",
    "appeal_deadline",
    "compute_deadlines",
    "default_calendar",
    "earliest_meeting_date",
    "tribunal_adjusted",
]
