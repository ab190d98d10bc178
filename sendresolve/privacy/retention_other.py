"""The retention table's entries outside a case: requests never sent, sessions, the outbox, background tasks, the
audit log, accounts and mediators' times (the table itself is `retention_table.py`)."""

from __future__ import annotations

from django.db.models import Q, Value
from django.db.models.fields import CharField
from django.db.models.functions import Cast, Coalesce, Concat

from sendresolve.clock.retention import RetentionUnit
from sendresolve.privacy.holds import held_case_ids
from sendresolve.privacy.retention_entries import Action, Period, RetentionEntry, Subject
from sendresolve.privacy.retention_subjects import account_finish, accounts_due


def about_held_cases() -> Q:
    """Audit entries whose target is a case under a legal hold."""
    return Q(target_type="cases.Case", target_id__in=[str(case_id) for case_id in held_case_ids()])


# How the subjects of the e-mails that carry a sign-in code end: allauth's (templates/account/email/
# login_code_subject.txt, after ACCOUNT_EMAIL_SUBJECT_PREFIX) and the online request's (cases.intake_services). A test
# sends both and checks they are cleared.
SIGN_IN_CODE_SUBJECTS = ("Your sign-in code", "Your code to send your request")
CARRIES_A_CODE = Q(subject__endswith=SIGN_IN_CODE_SUBJECTS[0]) | Q(subject__endswith=SIGN_IN_CODE_SUBJECTS[1])
REMOVED = "(Removed under the retention schedule.)"
# An e-mail no worker will send again: sent, given up on, or sent and bounced back.
FINISHED = ("sent", "failed", "bounced")

STORAGE_LIMITATION = "UK GDPR Art 5(1)(e): personal data is kept no longer than its purpose needs"
LIMITATION = ("Six years is the time in which a claim about the service can be brought (Limitation Act 1980 "
              "ss.2 and 5)")

ACCOUNT = Subject(
    key="account", model="accounts.User", title="Accounts",
    runs_from="the account's last sign-in (or its making, if never used), once it is switched off or no case names "
              "the family member any more",
    period=Period("ACCOUNT_RETENTION_YEARS", RetentionUnit.YEARS),
    reason=f"{LIMITATION}, as for the work the account was used for. The work the person did stays on its records, "
           "pointing at the anonymised account",
    kept="An account in use, or named on a case the service still holds, is kept.",
    expired=accounts_due, finish=account_finish,
)
ACCOUNT_REASON = ACCOUNT.reason


def _account_entry(key: str, model: str, holds: str, action: Action, effect: str, path: str,
                   **fields) -> RetentionEntry:
    return RetentionEntry(key=key, model=model, holds=holds, reason=ACCOUNT_REASON, action=action, effect=effect,
                          subject=ACCOUNT, path=path, **fields)


ACCOUNT_ENTRIES = (
    _account_entry("account_confirmations", "account.EmailConfirmation", "keys sent to confirm an address",
                   Action.DELETE, "Deleted.", path="email_address__user"),
    _account_entry("account_addresses", "account.EmailAddress", "the addresses the person signs in with",
                   Action.DELETE, "Deleted.", path="user"),
    _account_entry("authenticators", "mfa.Authenticator", "a staff member's authenticator secret (encrypted)",
                   Action.DELETE, "Deleted.", path="user"),
    _account_entry("independence_declarations", "accounts.IndependenceDeclaration",
                   "whether the person is employed by an LA, ICB or NHS England, with details",
                   Action.CLEAR, "The details go; the answer and its date stay as the record for past cases.",
                   path="user", changes={"details": ""}),
    _account_entry("mediator_profiles", "mediators.MediatorProfile",
                   "a mediator's accreditation number, languages and specialisms",
                   Action.ANONYMISE, "The accreditation number and languages go and the profile is switched off.",
                   path="user", changes={"accreditation_number": "", "languages": [], "active": False}),
    _account_entry("mediator_exclusions", "mediators.Exclusion",
                   "the bodies a mediator may not act for, and why in their words",
                   Action.CLEAR, "The details go; the body and the kind of link stay.",
                   path="mediator__user", changes={"details": ""}),
    _account_entry("mediator_times_with_account", "mediators.AvailabilitySlot", "a mediator's times",
                   Action.DELETE, "Deleted.", path="mediator__user"),
    _account_entry("memberships", "accounts.Membership", "which body the person acted for, in which role",
                   Action.KEEP, "Kept: it points at the anonymised account, for the records of past work.",
                   path="user"),
    _account_entry("accounts", "accounts.User", "name, e-mail address, phone number, password, last sign-in",
                   Action.ANONYMISE, "Name, address, phone and password go and the account is switched off.",
                   path="", changes={"full_name": "", "first_name": "", "last_name": "", "phone": "",
                                     "email": Concat(Value("anonymised-"), Cast("id", output_field=CharField()),
                                                     Value("@sendresolve.invalid")),
                                     "password": "!", "is_active": False, "is_staff": False,
                                     "is_superuser": False}),
)

OTHER_ENTRIES = (
    RetentionEntry(
        key="unsent_letters", model="cases.UnsentLetter",
        holds="a decision letter uploaded with an online request that was never sent",
        reason=f"{STORAGE_LIMITATION}: the request was abandoned, and the letter is no use without it",
        action=Action.DELETE, effect="The letter and its stored file are deleted.",
        period=Period("UNSENT_REQUEST_RETENTION_HOURS", RetentionUnit.HOURS),
        runs_from="the letter was uploaded", start="uploaded_at", files=("file",)),
    RetentionEntry(
        key="sessions", model="sessions.Session",
        holds="who is signed in, and a family's unsent request (the child's name and date of birth, the family's "
              "contact details)",
        reason=f"{STORAGE_LIMITATION}: an expired session cannot be used again",
        action=Action.DELETE, effect="Deleted.",
        period=Period("EXPIRED_SESSION_RETENTION_HOURS", RetentionUnit.HOURS),
        runs_from="the session expired (8 hours after its last page)", start="expire_date"),
    RetentionEntry(
        key="sign_in_codes", model="notifications.OutboundEmail",
        holds="e-mails carrying a sign-in code", reason=f"{STORAGE_LIMITATION}: a code is used within minutes",
        action=Action.CLEAR, effect="The body is cleared; the row (to whom, when, whether sent) stays.",
        period=Period("SIGN_IN_CODE_RETENTION_HOURS", RetentionUnit.HOURS),
        runs_from="the e-mail was written", start="created_at", only=CARRIES_A_CODE,
        changes={"body_text": REMOVED, "body_html": "", "attachments": []}),
    RetentionEntry(
        key="outbox_bodies", model="notifications.OutboundEmail",
        holds="every e-mail's body and attachments (names, dates, a child's details, meeting invitations)",
        reason="Long enough to answer 'what did you send me' and to look into a complaint about a notice; GOV.UK "
               "Notify keeps message content for at most 90 days",
        action=Action.CLEAR,
        effect="The body and attachments are cleared; the row (to whom, subject, status, tries, when sent) stays.",
        period=Period("OUTBOX_BODY_RETENTION_DAYS", RetentionUnit.DAYS),
        runs_from="the e-mail was sent (or given up on)", start=Coalesce("sent_at", "created_at"),
        only=Q(status__in=FINISHED), changes={"body_text": REMOVED, "body_html": "", "attachments": []}),
    RetentionEntry(
        key="outbox_records", model="notifications.OutboundEmail",
        holds="the record that an e-mail was sent: to whom, its subject, when",
        reason=f"{LIMITATION}: the record shows who was told what, and when",
        action=Action.DELETE, effect="Deleted.",
        period=Period("OUTBOX_RECORD_RETENTION_YEARS", RetentionUnit.YEARS),
        runs_from="the e-mail was written", start="created_at", only=Q(status__in=FINISHED)),
    RetentionEntry(
        key="task_results", model="django_tasks_database.DBTaskResult",
        holds="finished background tasks: their arguments (which can name a message) and any error",
        reason=f"{STORAGE_LIMITATION}: a week is enough to look into a failure",
        action=Action.DELETE, effect="Deleted (tasks waiting or running are never touched).",
        period=Period("TASK_RESULT_RETENTION_DAYS", RetentionUnit.DAYS),
        runs_from="the task finished", start="finished_at", only=Q(status__in=["SUCCESSFUL", "FAILED"])),
    RetentionEntry(
        key="audit_log", model="audit.AuditEvent",
        holds="who signed in, read or changed what, from which address and browser",
        reason=f"{LIMITATION}: the audit of who read a person's data outlives any claim about it. Entries about a "
               "case under a legal hold are kept",
        action=Action.DELETE, effect="Deleted: the only rows of the audit log that are ever deleted.",
        period=Period("AUDIT_RETENTION_YEARS", RetentionUnit.YEARS),
        runs_from="the entry was written", start="at", keep=about_held_cases),
    RetentionEntry(
        key="admin_log", model="admin.LogEntry",
        holds="the Django admin's own log of changes (the names of what was changed)",
        reason=f"{LIMITATION}: the same period as the audit log, which records the same changes",
        action=Action.DELETE, effect="Deleted.",
        period=Period("AUDIT_RETENTION_YEARS", RetentionUnit.YEARS),
        runs_from="the change was made", start="action_time"),
    RetentionEntry(
        key="mediator_times", model="mediators.AvailabilitySlot",
        holds="when a mediator can meet", reason=f"{STORAGE_LIMITATION}: only future times are offered",
        action=Action.DELETE, effect="Deleted.",
        period=Period("MEDIATOR_TIMES_RETENTION_DAYS", RetentionUnit.DAYS),
        runs_from="the time ended", start="end"),
    *ACCOUNT_ENTRIES,
)
