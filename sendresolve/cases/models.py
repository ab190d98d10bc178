import secrets

from django.conf import settings
from django.db import models

from sendresolve.accounts.models import Organisation
from sendresolve.cases.choices import (
    AlternativeBasis,
    CaseKind,
    CertificateType,
    ContactMethod,
    DecisionType,
    OtherParty,
    Outcome,
    PlanSection,
    RightsHolder,
)
from sendresolve.cases.states import State

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out on the phone


def new_reference(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(length))


class Case(models.Model):
    """One request for mediation or disagreement resolution, from first contact to closure."""

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=CaseKind.choices)
    state = models.CharField(max_length=30, choices=State.choices, default=State.REQUEST_RECEIVED)
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    child_name = models.CharField("child or young person's name", max_length=200)
    child_date_of_birth = models.DateField("child or young person's date of birth")
    rights_holder = models.CharField(max_length=20, choices=RightsHolder.choices, default=RightsHolder.PARENT)
    # Someone acting for a young person who lacks capacity holds the rights in their place: on what basis.
    alternative_basis = models.CharField(max_length=20, choices=AlternativeBasis.choices, blank=True)
    # A looked-after child: the LA shares parental responsibility and is also the party whose decision is disputed
    # (legal review 2.15 [U]).
    looked_after_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    # The appeal would only be about the school named (or none named): no certificate is needed (T1).
    placement_only = models.BooleanField(default=False)
    contacted_on = models.DateField("date the family contacted the mediation adviser")
    contact_method = models.CharField(max_length=20, choices=ContactMethod.choices)

    # Reg 32(e)(iii): where missing health provision is in dispute, the health provision the family wants.
    health_provision_wanted = models.TextField(blank=True)
    # The family told the mediation service it wants mediation, and the service told the LA: the LA's receipt
    # (la_received_request) is one or the other by the LA's la_receipt_rule (legal review L3).
    mediation_asked_on = models.DateField(null=True, blank=True)
    la_told_on = models.DateField(null=True, blank=True)

    # The dated events the statutory clock counts from (deadline-contract.md field names).
    ma_informed_declined = models.DateField(null=True, blank=True)
    la_received_request = models.DateField(null=True, blank=True)
    rcb_received_notification = models.DateField(null=True, blank=True)
    mediation_date = models.DateField(null=True, blank=True)  # the booked meeting's date (T5 counts back from it)
    unable_to_arrange_informed = models.DateField(null=True, blank=True)
    withdrawal_informed = models.DateField(null=True, blank=True)
    mediation_concluded = models.DateField(null=True, blank=True)
    # The meeting as booked: when the family was told its date and place (meets T5), when it was held
    # (meets T4 when the 30 days mean "held by"), and why it lies after the 30 days, if it does.
    mediation_notice_given = models.DateField(null=True, blank=True)
    mediation_held = models.DateField(null=True, blank=True)
    mediation_late_reason = models.CharField(max_length=500, blank=True)
    # The written mediation agreement (reg 42): the day the last party agreed the Action Plan; and, where the
    # LA was not a party, the day the ICB told it of the agreement (T12).
    agreement_date = models.DateField(null=True, blank=True)
    la_told_of_agreement = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["local_authority", "state"], name="case_la_state"),
            models.Index(fields=["kind", "state"], name="case_kind_state"),
            models.Index(fields=["-created_at"], name="case_recent"),
            models.Index(fields=["local_authority", "-id"], name="case_la_recent"),
        ]

    def __str__(self) -> str:
        return self.reference


class Decision(models.Model):
    """The LA decision a mediation case disputes (none for DR)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    type = models.CharField(max_length=30, choices=DecisionType.choices)
    letter_dated = models.DateField("date on the decision letter")
    sent_on = models.DateField("date the decision letter was sent")
    included_mediation_information = models.BooleanField(
        "the letter gave the mediation adviser's details and time limits", default=True
    )
    # Staff enter the dates from the letter; a family's online request gives only the day it says the letter was
    # sent, until the adviser checks it against the letter (the certificate says which, legal review L16).
    dates_checked = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.get_type_display()} sent {self.sent_on:%d %b %Y}"


class Issue(models.Model):
    """One thing in dispute: a plan section (mediation) or a described disagreement (DR)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="issues")
    section = models.CharField(max_length=2, choices=PlanSection.choices, blank=True)
    other_party = models.CharField(max_length=20, choices=OtherParty.choices, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_section_display() or self.description[:60]


class CaseParty(models.Model):
    """An organisation taking part besides the LA: each ICB, social care team, school or college."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="case_parties")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="case_party_unique")]
        indexes = [models.Index(fields=["organisation", "case"], name="case_party_org")]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.case}"


class Participant(models.Model):
    """A person on the case, with their role: no party1_/party2_ fields."""

    class Role(models.TextChoices):
        RIGHTS_HOLDER = "rights_holder", "Parent, carer or young person"
        SECOND_PARENT = "second_parent", "Second parent or carer"
        SUPPORTER = "supporter", "Supporter or advocate"
        LA_OFFICER = "la_officer", "LA officer"
        LA_DECISION_MAKER = "la_decision_maker", "LA decision-maker"
        ICB_REPRESENTATIVE = "icb_representative", "ICB representative"
        SOCIAL_CARE = "social_care", "Social care representative"
        SCHOOL = "school", "School or college representative"
        MEDIATOR = "mediator", "Mediator"
        CHILD = "child", "The child or young person"
        OTHER = "other", "Someone else (for example an LA lawyer)"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="participations")
    role = models.CharField(max_length=30, choices=Role.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # The organisation they act for (an LA decision-maker's council, an ICB representative's ICB).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    access_needs = models.JSONField("access needs", default=list, blank=True)  # AccessNeed values
    interpreter_language = models.CharField(max_length=100, blank=True)
    access_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["user", "case"], name="participant_user_case"),
                   models.Index(fields=["case", "role"], name="participant_case_role")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class AdviserContact(models.Model):
    """The mediation adviser's information to the family: when, how, by whom, and what they chose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="adviser_contacts")
    given_on = models.DateField()
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Adviser information on {self.given_on:%d %b %Y}"


class Certificate(models.Model):
    """A mediation certificate: the family's key to a Tribunal appeal."""

    number = models.CharField(max_length=20, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="certificates")
    type = models.CharField(max_length=20, choices=CertificateType.choices)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_as = models.CharField(max_length=40, default="mediation adviser")  # or "mediator" (send-rules Q6)
    appeal_deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.number


class CaseDeadline(models.Model):
    """A statutory date of a case, with the rule that produced it; recomputed on every event."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=30)
    due = models.DateField()
    obligation = models.CharField(max_length=200)
    actor = models.CharField(max_length=60)
    citation = models.CharField(max_length=200)
    act_by = models.DateField(null=True, blank=True)  # when `due` is not a working day
    met_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=600, blank=True)  # e.g. a meeting booked after the date, and why
    # For the duties of an agreed action (T10, T11, T13): which action; an action may have several rules.
    plan_action = models.ForeignKey("agreements.PlanAction", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="deadlines")
    # Someone still has to act on it: not met, case open, not the family's own (see clockwork.in_work_queue).
    # Kept on the row so the work queue is one index scan in date order, whatever the number of cases.
    in_queue = models.BooleanField(default=False)

    class Meta:
        ordering = ["due", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule"], condition=models.Q(plan_action__isnull=True),
                                    name="case_deadline_unique_rule"),
            models.UniqueConstraint(fields=["plan_action", "rule"], condition=models.Q(plan_action__isnull=False),
                                    name="case_deadline_unique_action_rule"),
        ]
        indexes = [
            models.Index(fields=["due", "id"], name="deadline_queue_due", condition=models.Q(in_queue=True)),
            models.Index(fields=["rule", "due", "id"], name="deadline_queue_rule",
                         condition=models.Q(in_queue=True)),
        ]

    def __str__(self) -> str:
        return f"{self.rule} due {self.due}"


class QueueEntry(models.Model):
    """One line of an organisation's work queue: a deadline someone still has to act on, for each body that sees
    its case (the LA whose decision it is, and each body taking part). Written with the deadlines (the clock's one
    writer, `case_store_deadlines`), so an LA's or an ICB's queue is one index scan in date order however many
    cases the country has."""

    # Both looked up through the indexes below (the unique constraint leads with the deadline).
    deadline = models.ForeignKey(CaseDeadline, on_delete=models.CASCADE, related_name="queue_entries",
                                 db_index=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    # An LA sees the cases about its decisions; a body sees the cases it is party to: never the one for the other.
    as_party = models.BooleanField(default=False)
    due = models.DateField()  # the deadline's, copied so the index is in date order
    rule = models.CharField(max_length=30)  # the deadline's, for the rule filter

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "organisation", "as_party"],
                                               name="queue_entry_unique")]
        indexes = [
            models.Index(fields=["organisation", "as_party", "due", "deadline"], name="queue_entry_org_due"),
            models.Index(fields=["organisation", "as_party", "rule", "due", "deadline"], name="queue_entry_org_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} due {self.due} for organisation {self.organisation_id}"


class CaseEvent(models.Model):
    """One entry of a case's timeline: a typed event with who did it and its details."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    parameters = models.JSONField(default=dict)
    staff_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at")]

    def __str__(self) -> str:
        return f"{self.type} on {self.case}"


def _letter_path(instance, filename: str) -> str:
    # Never the family's file name on disk: a random name under a folder nothing serves directly.
    return f"letters/{secrets.token_urlsafe(18)}"


class DecisionLetter(models.Model):
    """The LA's decision letter, uploaded by the family; served only through the case's access check."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    file = models.FileField(upload_to=_letter_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class UnsentLetter(models.Model):
    """A letter uploaded while the family answers the online request, before the request is sent. It becomes the
    case's `DecisionLetter` when the request is sent; otherwise the retention table removes it and its file a day
    after it was uploaded (`UNSENT_REQUEST_RETENTION_HOURS`)."""

    file = models.FileField(upload_to=_letter_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Unsent letter {self.original_name}"


class HolidayOverride(models.Model):
    """A day the service's calendar treats differently from the `holidays` package: a newly proclaimed bank holiday
    (a coronation, a funeral), or a listed day that is a working day after all. Managed by administrators,
    audited; every stored deadline it touches is worked out again."""

    class Kind(models.TextChoices):
        EXTRA = "extra", "Not a working day (a new bank holiday)"
        NOT_A_HOLIDAY = "not_a_holiday", "A working day after all"

    day = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EXTRA)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%-d %B %Y}: {self.get_kind_display()}"
