"""The retention table: every model that holds personal data, how long it is kept, from what, why, and what happens
then (ADR 19). `tests/privacy/test_retention_table.py` fails when an installed model is neither here nor in
`NO_PERSONAL_DATA` (below), and docs/data-protection.md is checked against it. Periods are settings
(config/settings/retention.py, and the notes' in config/settings/meetings.py). Entries that follow a subject run in
the order listed, in one transaction per case or account."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Value
from django.db.models.fields import CharField
from django.db.models.functions import Cast, Concat, TruncYear

from sendresolve.clock.retention import RetentionUnit
from sendresolve.privacy.retention_billing import BILLING_ENTRIES, BILLING_NO_PERSONAL_DATA
from sendresolve.privacy.retention_entries import (
    ANONYMOUS_PERSON,
    Action,
    NoPersonalData,
    Period,
    RetentionEntry,
    Subject,
)
from sendresolve.privacy.retention_fees import FEES_ENTRIES, FEES_NO_PERSONAL_DATA
from sendresolve.privacy.retention_other import OTHER_ENTRIES
from sendresolve.privacy.retention_subjects import case_finish, cases_due

LIMITATION = ("Six years is the time in which a claim in contract or negligence about the service can be brought "
              "(Limitation Act 1980 ss.2 and 5); a local authority's contract may ask for longer")
STATISTICS = ("What the service did, for whom (which local authority), when and with what outcome is kept, with "
              "nothing that names anyone, for the reports the contracts ask for (UK GDPR Recital 26: anonymous "
              "data is no longer personal data)")

CASE = Subject(
    key="case", model="cases.Case", title="Cases and everything under them",
    runs_from="the day the case closed or the last of its agreed actions was done, whichever is later",
    period=Period("CLOSED_CASE_RETENTION_YEARS", RetentionUnit.YEARS),
    reason=f"{LIMITATION}. {STATISTICS}",
    kept="A case under a legal hold, or with anything left in anyone's work queue, is kept.",
    expired=cases_due, finish=case_finish,
)


def _case_entry(key: str, model: str, holds: str, action: Action, effect: str, *, path: str = "case",
                reason: str = CASE.reason, **fields) -> RetentionEntry:
    return RetentionEntry(key=key, model=model, holds=holds, reason=reason, action=action, effect=effect,
                          subject=CASE, path=path, **fields)


def stored_documents_of_cases(case_ids: list[int]) -> QuerySet:
    """Issued certificates and plan versions are stored by key, not by case: their keys name the case's
    certificate numbers and plan ids (`cases.issued`, `agreements.issued`)."""
    from sendresolve.agreements.models import ActionPlan
    from sendresolve.cases.models import Certificate
    from sendresolve.documents.models import StoredDocument

    keys = Q(key__in=[f"certificate:{number}" for number in
                      Certificate.objects.filter(case_id__in=case_ids).values_list("number", flat=True)])
    for plan_id in ActionPlan.objects.filter(case_id__in=case_ids).values_list("pk", flat=True):
        keys |= Q(key__startswith=f"plan:{plan_id}:")
    return StoredDocument.objects.filter(keys)


_NOTHING_ELSE = "Nothing in it names anyone once the case is anonymised: it is kept for the statistics."

CASE_ENTRIES = (
    _case_entry("issued_documents", "documents.StoredDocument",
                "the issued certificates and Action Plans as PDF and Word (the child's and family's names)",
                Action.DELETE, "The documents and their stored files are deleted.",
                select=stored_documents_of_cases, files=("file",)),
    _case_entry("decision_letters", "cases.DecisionLetter", "the LA's decision letter the family uploaded",
                Action.DELETE, "The letter and its stored file are deleted.", files=("file",)),
    _case_entry("duty_evidence", "agreements.DutyUpdate",
                "what happened to each agreed action, notes and uploaded evidence, who reported it",
                Action.ANONYMISE, "Notes and evidence files go; what happened and when stays.",
                path="action__plan__case", files=("evidence",),
                changes={"note": "", "evidence": "", "evidence_name": "", "evidence_type": "",
                         "by": ANONYMOUS_PERSON}),
    _case_entry("plan_agreements", "agreements.PlanAgreement",
                "each party's agreement to the plan: the words they saw, their typed name, their account",
                Action.ANONYMISE, "The words, the typed name and the link to the account go; when and how stay.",
                path="plan__case", changes={"statement": "", "typed_name": "", "user": ANONYMOUS_PERSON}),
    _case_entry("plan_actions", "agreements.PlanAction", "each agreed action in the parties' words",
                Action.ANONYMISE, "The words go; the kind of action and who was responsible stay.",
                path="plan__case", changes={"description": ""}),
    _case_entry("plans", "agreements.ActionPlan", "the Action Plan: the issues discussed and unresolved",
                Action.ANONYMISE, "The text goes; versions, status and the date agreed stay.",
                changes={"issues_discussed": "", "issues_unresolved": ""}),
    _case_entry("follow_up_notices", "agreements.FollowUpNotice", "which reminders about a duty were sent",
                Action.KEEP, _NOTHING_ELSE),
    _case_entry("child_views_steps_with_case", "meetings.ChildViewsSteps",
                "the steps the mediator took to hear the child (evidence the duty was met)",
                Action.DELETE, "Deleted with the case, unless CHILD_VIEWS_STEPS_RETENTION_DAYS deleted it before."),
    _case_entry("attendance_decisions", "meetings.AttendanceDecision",
                "how a person may attend the meeting, who was consulted and why",
                Action.ANONYMISE, "Who was consulted and why go; the decision stays.",
                path="participant__case", changes={"parties_consulted": "", "reason": ""}),
    _case_entry("authority_to_settle", "meetings.AuthorityToSettle",
                "the statement that the LA's attendee can settle, with their typed name",
                Action.ANONYMISE, "The statement and typed name go; that it was given, and when, stays.",
                changes={"statement": "", "typed_name": ""}),
    _case_entry("meeting_changes", "meetings.MeetingChange", "why a meeting was moved or cancelled",
                Action.ANONYMISE, "The reason goes; which party caused it, and when, stays.",
                path="meeting__case", changes={"reason": ""}),
    _case_entry("meeting_reminders", "meetings.Reminder", "which reminders of a meeting were sent",
                Action.KEEP, _NOTHING_ELSE, path="meeting__case"),
    _case_entry("invitees", "meetings.Invitee", "who was invited to the meeting (links to the case's people)",
                Action.KEEP, _NOTHING_ELSE, path="meeting__case"),
    _case_entry("meetings", "meetings.Meeting", "the meeting: where, its links and phone details, late reasons",
                Action.ANONYMISE, "Place, links, phone details and reasons go; when, how and whether held stay.",
                changes={"video_link": "", "breakout_links": {}, "phone_details": "", "venue": "",
                         "venue_accessibility": "", "outside_window_reason": ""}),
    _case_entry("availability_answers", "meetings.AvailabilityAnswer", "when each person said they could meet",
                Action.ANONYMISE, "The times and who answered go; that an answer came stays.",
                path="request__case", changes={"slots": [], "answered_by": None}),
    _case_entry("availability_requests", "meetings.AvailabilityRequest", "when people were asked for their times",
                Action.KEEP, _NOTHING_ELSE),
    _case_entry("objections", "mediators.Objection", "a party's objection to a mediator, and the decision's reasons",
                Action.ANONYMISE, "The reasons and who objected go; the party and the decision stay.",
                path="allocation__case",
                changes={"reason": "", "decision_reason": "", "raised_by": ANONYMOUS_PERSON}),
    _case_entry("allocations", "mediators.Allocation", "which mediator had the case, and why it ended",
                Action.ANONYMISE, "The reason it ended goes; the mediator (a professional acting in their job) "
                "and the dates stay.", changes={"end_reason": ""}),
    _case_entry("legal_holds", "privacy.LegalHold", "why a hold was set and lifted",
                Action.ANONYMISE, "The reasons go; who set and lifted it, and when, stay.",
                changes={"reason": "", "lift_reason": ""}),
    _case_entry("expense_lines", "expenses.ExpenseLine",
                "each cost a family claimed: what it was, where from and to, why, the receipt, the decision's reason",
                Action.ANONYMISE, "The words, places and receipt files go; the category, dates, amounts, decision "
                "and invoice number stay (the paying body's accounts).", path="claim__case", files=("receipt",),
                changes={"description": "", "from_place": "", "to_place": "", "why_needed": "", "receipt": "",
                         "receipt_name": "", "receipt_type": "", "decision_reason": ""}),
    _case_entry("expense_claims", "expenses.ExpenseClaim",
                "a family's expense claim: the declaration and typed name, the review asked for, the payment "
                "reference, who started and sent it",
                Action.ANONYMISE, "The declaration, name, reasons and payment reference go; the totals, status and "
                "dates stay.",
                changes={"declaration": "", "typed_name": "", "review_reason": "", "payment_reference": "",
                         "created_by": ANONYMOUS_PERSON, "submitted_by": None}),
    _case_entry("timeline", "cases.CaseEvent", "the case's timeline: who did what, with names and reasons",
                Action.ANONYMISE, "Details and who acted go; each event's kind and time stay.",
                changes={"parameters": {}, "actor": None}),
    _case_entry("deadlines", "cases.CaseDeadline",
                "the case's statutory dates, what each asks (an agreed action's in the parties' words) and notes",
                Action.ANONYMISE, "The wording and notes go; every rule and date, and whether and when it was met, "
                "stay.", changes={"obligation": "", "note": ""}),
    _case_entry("queue_lines", "cases.QueueEntry", "work-queue lines of the case's open deadlines",
                Action.KEEP, "None are left: a case with a line in anyone's work queue is not anonymised.",
                path="deadline__case"),
    _case_entry("certificates", "cases.Certificate", "the certificates issued: number, type, dates",
                Action.KEEP, "Kept for the statistics; the issued documents themselves are deleted (above)."),
    _case_entry("adviser_contacts", "cases.AdviserContact", "the mediation adviser's notes of talking to the family",
                Action.ANONYMISE, "The notes go; when and how the information was given stay.",
                changes={"notes": ""}),
    _case_entry("participants", "cases.Participant",
                "each person on the case: name, e-mail, phone, account, access needs, interpreter",
                Action.ANONYMISE, "Everything about the person goes; their role and organisation stay.",
                changes={"name": "", "email": "", "phone": "", "user": None, "access_needs": [],
                         "interpreter_language": "", "access_notes": ""}),
    _case_entry("parties", "cases.CaseParty", "which bodies took part", Action.KEEP, _NOTHING_ELSE),
    _case_entry("issues", "cases.Issue", "what was in dispute, in the family's words",
                Action.ANONYMISE, "The words go; the plan section or kind of disagreement stays.",
                changes={"description": ""}),
    _case_entry("decisions", "cases.Decision", "the LA decision disputed: its kind and dates",
                Action.KEEP, _NOTHING_ELSE),
    _case_entry("mediator_time_notes", "fees.TimeEntry", "a mediator's note on their time on the case",
                Action.CLEAR, "The note goes; the time, its kind and day stay with the mediator's statements.",
                changes={"note": ""}),
    _case_entry("cases", "cases.Case",
                "the child's name and date of birth, the case reference, reasons and the health provision wanted",
                Action.ANONYMISE,
                "The name, reasons and provision wanted go, the reference is replaced and the date of birth becomes "
                "1 January of its year; the LA, kind, state, outcome and every date stay.",
                path="",
                changes={"child_name": "", "child_date_of_birth": TruncYear("child_date_of_birth"),
                         "reference": Concat(Value("ANON-"), Cast("id", output_field=CharField())),
                         "health_provision_wanted": "", "mediation_late_reason": "", "outcome_reason": ""}),
)

CONFIDENTIAL_NOTES_REASON = (
    "The mediator's notes are confidential to the mediation and no use once it is over; a month after closure "
    "leaves time to finish the case's paperwork (legal review 2.8)")

CLOSED_CASE_ENTRIES = (
    RetentionEntry(
        key="confidential_notes", model="agreements.ConfidentialNote",
        holds="the mediator's private notes and the record of the child's views",
        reason=CONFIDENTIAL_NOTES_REASON, action=Action.DELETE, effect="Deleted.",
        period=Period("CONFIDENTIAL_NOTES_RETENTION_DAYS", RetentionUnit.DAYS),
        runs_from="the case closed", start="case__closed_on", case_path="case"),
    RetentionEntry(
        key="child_views_steps", model="meetings.ChildViewsSteps",
        holds="the steps the mediator took to hear the child",
        reason="Evidence that the duty to hear the child was met (s.56(1)(e), reg 38(2)): by default kept with the "
               "case (legal review L12); a provider may set a shorter period",
        action=Action.DELETE, effect="Deleted, when a period is set; otherwise with the case.",
        period=Period("CHILD_VIEWS_STEPS_RETENTION_DAYS", RetentionUnit.DAYS),
        runs_from="the case closed", start="case__closed_on", case_path="case"),
)

TABLE: tuple[RetentionEntry, ...] = (*CLOSED_CASE_ENTRIES, *CASE_ENTRIES, *OTHER_ENTRIES, *BILLING_ENTRIES,
                                    *FEES_ENTRIES)
SUBJECTS: tuple[Subject, ...] = tuple(dict.fromkeys(entry.subject for entry in TABLE if entry.subject))

_APPS_OWN = "Django's own: no person's data"
NO_PERSONAL_DATA = (
    NoPersonalData("auth.Permission", _APPS_OWN),
    NoPersonalData("auth.Group", _APPS_OWN + " (the service gives permissions by membership, not groups)"),
    NoPersonalData("auth.Group_permissions", _APPS_OWN),
    NoPersonalData("contenttypes.ContentType", _APPS_OWN),
    NoPersonalData("accounts.User_groups", "links an account to a group: unused, and it goes with the account"),
    NoPersonalData("accounts.User_user_permissions", "links an account to a permission: unused, and it goes with "
                                                     "the account"),
    NoPersonalData("accounts.Organisation", "bodies (LAs, ICBs, schools) with their shared addresses, not people"),
    NoPersonalData("cases.HolidayOverride", "a calendar day and why; who set it is a link to an account, "
                                            "anonymised with the account"),
    NoPersonalData("notifications.WorkerHeartbeat", "when each worker process last said it was alive"),
    NoPersonalData("notifications.FailureReport", "the day the service managers' report of failed e-mail went, and "
                                                  "how many it listed"),
    NoPersonalData("expenses.ExpensePolicy", "a paying body's expenses settings; who set them is a link to an "
                                             "account, anonymised with the account"),
    NoPersonalData("expenses.ExpenseCap", "a paying body's cap on one category of expenses"),
    NoPersonalData("privacy.AnonymisedCase", "which cases are anonymised, and when"),
    NoPersonalData("privacy.AnonymisedAccount", "which accounts are anonymised, and when"),
    NoPersonalData("privacy.RetentionRun", "each day's run of this table: the counts only"),
    *BILLING_NO_PERSONAL_DATA,
    *FEES_NO_PERSONAL_DATA,
)
