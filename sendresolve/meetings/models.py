"""Meetings: asking for availability, the booked meeting and its invitations, and who may attend."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.accounts.models import Organisation
from sendresolve.cases.models import Case, Participant


class AvailabilityRequest(models.Model):
    """One round of asking the required participants when they can meet, inside the case's window."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="availability_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    first_day = models.DateField()
    last_day = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)  # when a meeting was booked from it

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["case", "-requested_at"], name="availability_request_case")]

    def __str__(self) -> str:
        return f"Availability for {self.case} ({self.first_day} to {self.last_day})"


class AvailabilityAnswer(models.Model):
    """A participant's free times for one round: asked when the round starts, answered on their own page
    (or entered by a case officer from a phone call)."""

    request = models.ForeignKey(AvailabilityRequest, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="availability_answers")
    slots = models.JSONField(default=list, blank=True)  # [[start ISO 8601, end ISO 8601], ...]
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "participant"], name="availability_answer_once")]

    def __str__(self) -> str:
        return f"Availability of {self.participant}"


def _meeting_uid() -> str:
    return f"meeting-{uuid.uuid4()}@sendresolve"


def new_room_name() -> str:
    """An unguessable room name: the link is the only key to an online room."""
    return "SR-" + secrets.token_urlsafe(18)


class Meeting(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    class Format(models.TextChoices):
        ONLINE = "online", "Online, by video call"
        PHONE = "phone", "By phone"
        IN_PERSON = "in_person", "In person"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    uid = models.CharField(max_length=100, unique=True, default=_meeting_uid)  # the invitations' UID
    sequence = models.PositiveIntegerField(default=0)  # raised each time the invitations change
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    start = models.DateTimeField()
    end = models.DateTimeField()
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONLINE)
    video_link = models.URLField(max_length=500, blank=True)
    # Each side's private room, where the provider makes rooms from any name: {"family": url, "authority": url}.
    breakout_links = models.JSONField(default=dict, blank=True)
    phone_details = models.CharField(max_length=300, blank=True)
    venue = models.TextField(blank=True)
    venue_accessibility = models.TextField(blank=True)
    outside_window_reason = models.TextField(blank=True)
    short_notice_agreed_on = models.DateField(null=True, blank=True)  # the family agreed to less notice
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    held_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        indexes = [models.Index(fields=["case", "status"], name="meeting_case_status"),
                   models.Index(fields=["start"], condition=Q(status="booked"), name="meeting_booked_start")]

    def __str__(self) -> str:
        return f"Meeting for {self.case} at {self.start:%Y-%m-%d %H:%M}"


class Invitee(models.Model):
    """Someone invited to a meeting: only they see its link and who else is coming."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="invitations")
    basis = models.CharField(max_length=200)  # why they may attend, in plain English

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "participant"], name="invitee_once")]

    def __str__(self) -> str:
        return f"{self.participant} invited to {self.meeting}"


class MeetingChange(models.Model):
    """A meeting moved or cancelled, with the party whose reason it was: reports show who causes delays."""

    class Kind(models.TextChoices):
        MOVED = "moved", "Moved"
        CANCELLED = "cancelled", "Cancelled"

    class Party(models.TextChoices):
        LA = "la", "The local authority"
        FAMILY = "family", "The family"
        MEDIATOR = "mediator", "The mediator"
        ICB = "icb", "The ICB"
        SOCIAL_CARE = "social_care", "Social care"
        SCHOOL = "school", "The school or college"
        PROVIDER = "provider", "The mediation service"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.CharField(max_length=20, choices=Party.choices)
    reason = models.TextField()
    previous_start = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]
        indexes = [models.Index(fields=["party", "kind"], name="meeting_change_party")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} because of {self.get_party_display()}"


class Reminder(models.Model):
    """A reminder sent for one version of a meeting: sent once, however often the sweep runs."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)  # e.g. "5_working_days"
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "kind", "sequence"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.meeting}"


class AuthorityToSettle(models.Model):
    """A body's written confirmation that its named attendee can settle the issues in dispute."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="authority_confirmations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    attendee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="authority_confirmations")
    statement = models.TextField()  # the words they confirmed, as shown to them
    typed_name = models.CharField(max_length=200)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"Authority to settle for {self.organisation} on {self.case}"


class AttendanceDecision(models.Model):
    """Consent for someone beyond the parties and the family's one supporter, or for the child to attend."""

    class Method(models.TextChoices):
        ALL_PARTIES = "all_parties", "All parties consented"
        MEDIATOR = "mediator", "The mediator decided (the parties did not all agree)"
        PARENT_AND_MEDIATOR = "parent_and_mediator", "The parent and the mediator agreed (the child)"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance_decisions")
    method = models.CharField(max_length=30, choices=Method.choices)
    allowed = models.BooleanField()
    parties_consulted = models.TextField(blank=True)  # who was asked and what each said
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} for {self.participant}"


class ChildViewsSteps(models.Model):
    """Where the child does not attend: the steps the mediator took to find out their views (reg 38(2))."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="child_views_steps")
    steps = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Steps for the child's views on {self.case}"
