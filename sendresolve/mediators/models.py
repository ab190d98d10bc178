"""The mediator register, each mediator's availability, and who mediates which case."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.accounts.models import Organisation
from sendresolve.cases.models import Case


class Specialism(models.TextChoices):
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    POST_16 = "post_16", "Post-16 and young people"


class MediatorProfile(models.Model):
    """A mediator on the provider's register."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mediator_profile")
    accreditation = models.CharField(max_length=200, default="Register of SEND mediators")
    accreditation_number = models.CharField(max_length=50, blank=True)
    accredited_until = models.DateField(null=True, blank=True)
    specialisms = models.JSONField(default=list, blank=True)  # Specialism values
    languages = models.JSONField(default=list, blank=True)  # besides English, e.g. ["Welsh", "Urdu"]
    capacity = models.PositiveSmallIntegerField("cases at once", default=6)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def specialism_labels(self) -> list[str]:
        return [Specialism(value).label if value in Specialism.values else value for value in self.specialisms]


class Exclusion(models.Model):
    """A body the mediator may not act for, and why."""

    class Reason(models.TextChoices):
        EMPLOYED = "employed", "Works there now"
        FORMERLY_EMPLOYED = "formerly_employed", "Worked there in the past"
        DECLARED_LINK = "declared_link", "Declared link"

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.CASCADE, related_name="exclusions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mediator", "organisation"], name="exclusion_unique_body")]
        indexes = [models.Index(fields=["organisation", "mediator"], name="exclusion_body")]

    def __str__(self) -> str:
        return f"{self.mediator}: {self.get_reason_display().lower()} {self.organisation}"

    @property
    def blocks_outright(self) -> bool:
        """Employment by a party body, now or before, means the mediator is not independent of it."""
        return self.reason in (self.Reason.EMPLOYED, self.Reason.FORMERLY_EMPLOYED)


class AvailabilitySlot(models.Model):
    """A time the mediator can hold meetings, whatever the case."""

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.CASCADE, related_name="availability")
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["mediator", "start"], name="mediator_slot_start")]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="mediator_slot_positive")]

    def __str__(self) -> str:
        return f"{self.mediator} free {self.start:%Y-%m-%d %H:%M}"


class Allocation(models.Model):
    """A mediator on a case. Active until it ends (a conflict, an upheld objection, a re-allocation)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocations")
    mediator = models.ForeignKey(MediatorProfile, on_delete=models.PROTECT, related_name="allocations")
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField(auto_now_add=True)
    # The mediator's own declaration that they do not know the family or the child and have no link with the
    # LA or ICB: until then they may see the names to check, but the meeting cannot be booked.
    declared_independent_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-allocated_at"]
        constraints = [models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True),
                                               name="allocation_one_active_per_case")]
        indexes = [models.Index(fields=["mediator"], condition=Q(ended_at__isnull=True),
                                name="allocation_active_mediator")]

    def __str__(self) -> str:
        return f"{self.mediator} on {self.case}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class Objection(models.Model):
    """A party's objection to the allocated mediator, and the case officer's decision on it."""

    class Decision(models.TextChoices):
        UPHELD = "upheld", "Upheld: a new mediator will be allocated"
        NOT_UPHELD = "not_upheld", "Not upheld: the mediator stays"

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(max_length=100)  # who objects, e.g. "The family", "Northshire County Council"
    reason = models.TextField()
    raised_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at"]

    def __str__(self) -> str:
        return f"Objection by {self.party} to {self.allocation.mediator}"
