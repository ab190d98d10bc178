from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q

from sendresolve.accounts.roles import OrganisationKind, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. Signs in by e-mail address; what they may do comes from memberships."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LaReceiptRule(models.TextChoices):
    """When an LA is told a family wants mediation (send-rules.md section 7, legal review L3)."""

    # The LA's decision letter names the mediation provider as the person acting for it (reg 32(f)): the family's
    # message to the provider is the LA's notification, and the 30 days run from it.
    PROVIDER_RECEIPT = "provider_receipt", "The day the family told the mediation service (its letters name us)"
    # The letter names the LA's own officer: the 30 days run from the day the provider passed the request on.
    FORWARDED = "forwarded", "The day the mediation service told the local authority"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices, db_index=True)
    # For LAs, the DfE local authority code (e.g. 886 for Kent); for ICBs, the ODS code.
    code = models.CharField(max_length=20, blank=True)
    contact_email = models.EmailField(blank=True)
    # For an LA: the integrated care board for its area, told of (and party to) mediations about health.
    icb = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            limit_choices_to={"kind": OrganisationKind.ICB},
                            help_text="For a local authority: the ICB for its area")
    # For an LA: when its 30 days to arrange mediation start (legal review L3, reg 32(f)).
    la_receipt_rule = models.CharField(
        "the 30 days run from", max_length=20, choices=LaReceiptRule.choices, default=LaReceiptRule.PROVIDER_RECEIPT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_name_per_kind")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role, in an organisation (staff) or on their own (a family member)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(max_length=40, choices=Role.choices, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=Q(role=Role.FAMILY_MEMBER, organisation__isnull=True)
                | (~Q(role=Role.FAMILY_MEMBER) & Q(organisation__isnull=False)),
                name="membership_family_has_no_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = f" at {self.organisation}" if self.organisation_id else ""
        return f"{self.get_role_display()}{where}"


class IndependenceDeclaration(models.Model):
    """A person who acts as mediation adviser, mediator or disagreement resolution facilitator says whether they are
    employed by a local authority in England, an ICB or NHS England: if they are, they are not independent and may
    not act (CFA 2014 s.56(3) [P] for the adviser; Explanatory Notes 265 and 275 [O] for the mediator and DR;
    legal review L14). Any LA in England counts, not only the LA on a case."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="independence_declaration")
    employed_by_public_body = models.BooleanField()
    details = models.CharField(max_length=500, blank=True)
    declared_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Independence declaration of {self.user}"
