"""The Action Plan (the only document a mediation produces), its agreement by each party, the follow-up of
every agreed action, and the mediator's confidential notes."""

import secrets

from django.conf import settings
from django.db import models

from sendresolve.cases.models import Case, Participant


class Responsible(models.TextChoices):
    LA = "la", "The local authority"
    ICB = "icb", "The ICB (health)"
    SCHOOL = "school", "The school or college"
    SOCIAL_CARE = "social_care", "Social care"
    FAMILY = "family", "The family"


# Who regulation 42 binds: the LA (its social care included) and a commissioning body (ICB) (legal review L9).
STATUTORY_BODIES = frozenset({Responsible.LA, Responsible.SOCIAL_CARE, Responsible.ICB})


class ActionKind(models.TextChoices):
    """The clock's kinds of agreed action (clock.rules.ACTION_RULES): the regulation 44 kinds, or none."""

    ASSESS = "assess", "Carry out an EHC needs assessment (appealable, regulation 44)"
    MAKE_PLAN = "make_plan", "Make an EHC plan (appealable, regulation 44)"
    AMEND_PLAN = "amend_plan", "Amend Section B or F of the plan (appealable, regulation 44)"
    CHANGE_PLACEMENT = "change_placement", "Change the school or setting named in Section I (appealable)"
    NON_APPEALABLE = "non_appealable", "An action with no appeal right (for example an educational psychologist visit)"
    REASSESS = "reassess", "Carry out an EHC needs re-assessment (appealable, regulation 44)"
    CONTINUE_TO_MAINTAIN = "continue_to_maintain", "Keep the EHC plan (a decision to cease withdrawn; at once)"
    CONTINUE_AND_AMEND = "continue_and_amend", "Keep the EHC plan and amend it (appealable, regulation 44)"


class ActionPlan(models.Model):
    """One version of a case's Action Plan. Drafts are saved any number of times; once sent, the parties
    agree it; once all have, it is locked, and a change is a new version that needs agreeing again."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Waiting for the parties to agree"
        AGREED = "agreed", "Agreed by all parties"
        SUPERSEDED = "superseded", "Replaced by a later version"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    issues_discussed = models.TextField(blank=True)
    issues_unresolved = models.TextField(blank=True)
    # Raised by every save: a save made from an older revision is refused, so two editors never silently
    # overwrite each other.
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)  # the date of the mediation agreement (reg 42)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="plan_version_once")]

    def __str__(self) -> str:
        return f"Action Plan version {self.version} for {self.case}"


class PlanAction(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    responsible = models.CharField(max_length=20, choices=Responsible.choices)
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    # reg 42(5): a different timescale the parties agreed in writing, in weeks (T13), instead of T10 or T11.
    agreed_weeks = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class PlanAgreement(models.Model):
    """A party's agreement to one version of the plan: the statement they saw, their typed name, their account.
    Given in the meeting (each party confirmed the final text on screen; the mediator records it, and that is the
    mediation agreement, legal review L6), or by the party online; after an in-meeting agreement the party's own
    online confirmation is a receipt."""

    class Method(models.TextChoices):
        ONLINE = "online", "Agreed online"
        IN_SESSION = "in_session", "Confirmed in the meeting"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="agreements")
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.ONLINE)
    receipt_at = models.DateTimeField(null=True, blank=True)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="plan_agreements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField()
    typed_name = models.CharField(max_length=200)
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "participant"], name="plan_agreed_once_per_party")]

    def __str__(self) -> str:
        return f"{self.typed_name} agreed {self.plan}"


def _evidence_path(instance, filename: str) -> str:
    return f"evidence/{secrets.token_urlsafe(18)}"  # never the uploader's file name on disk


class DutyUpdate(models.Model):
    """What happened to one agreed action's duty: done (with evidence), a new date asked for and the family's
    answer, or the family saying it has not happened."""

    class Kind(models.TextChoices):
        DONE = "done", "Marked done"
        NEW_DATE_ASKED = "new_date_asked", "New date asked for"
        NEW_DATE_AGREED = "new_date_agreed", "The family agreed the new date"
        NEW_DATE_REFUSED = "new_date_refused", "The family did not agree the new date"
        NOT_HAPPENED = "not_happened", "The family says this has not happened"

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    rule = models.CharField(max_length=30)  # which of the action's deadlines (T10.assess.notify, T11...)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    new_due = models.DateField(null=True, blank=True)
    evidence = models.FileField(upload_to=_evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=50, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["action", "rule"], name="duty_update_action_rule")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.action} ({self.rule})"


class FollowUpNotice(models.Model):
    """A reminder or escalation e-mail about a duty, sent once for each step and each due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_up_notices")
    action_key = models.PositiveIntegerField(default=0)  # the PlanAction's id; 0 for T12, which has none
    rule = models.CharField(max_length=30)
    step = models.CharField(max_length=20)  # "reminder", "escalation_1", "escalation_2"
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "action_key", "rule", "step", "due"],
                                               name="follow_up_notice_once")]

    def __str__(self) -> str:
        return f"{self.step} for {self.rule} on {self.case}"


class ConfidentialNote(models.Model):
    """The mediator's private notes and the record of the child's views: for the allocated mediator alone,
    in no document, export or API, and destroyed on the retention schedule after the case closes."""

    class Kind(models.TextChoices):
        NOTE = "note", "Private note"
        CHILD_VIEWS = "child_views", "Record of the child's views"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="confidential_notes")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case}"  # never the content
