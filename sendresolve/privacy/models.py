from django.conf import settings
from django.db import models

from sendresolve.cases.models import Case


class LegalHold(models.Model):
    """A case whose records must be kept whatever the retention table says: a claim, a complaint, a Tribunal appeal
    or a subject access request in progress. While a hold is on, no retention entry deletes or anonymises
    anything of the case, and its erasure is refused. Lifting it keeps the row, so who held it and why stays on
    record; the case's clock runs again from its own event."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case"], condition=models.Q(lifted_at__isnull=True),
                                               name="legal_hold_one_active_per_case")]
        indexes = [models.Index(fields=["case"], condition=models.Q(lifted_at__isnull=True),
                                name="legal_hold_active")]

    def __str__(self) -> str:
        state = "lifted" if self.lifted_at else "on"
        return f"Legal hold on case {self.case_id} ({state})"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class AnonymisedCase(models.Model):
    """A case the retention table has anonymised: its rows stay, for the statistics, with nothing that names
    anyone. Marks it done, so each day's run reads only the cases still to do."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="anonymised")
    anonymised_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Case {self.case_id} anonymised"


class AnonymisedAccount(models.Model):
    """An account the retention table has anonymised (or the placeholder "Anonymised person" that anonymised rows
    point at): never read for anonymising again."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="anonymised")
    anonymised_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Account {self.user_id} anonymised"


class RetentionRun(models.Model):
    """One day's run of the retention table: claimed by the first worker to start it that day (the unique day),
    so two workers never both run it; what each entry did, by model."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)  # {"cases.Case": {"anonymised": 2}, ...}

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Retention run of {self.day:%-d %B %Y}"
