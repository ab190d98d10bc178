"""Organisation kinds and roles, and which role belongs to which kind of organisation."""

from django.db import models


class OrganisationKind(models.TextChoices):
    PROVIDER = "provider", "Mediation provider"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated care board (ICB)"
    SOCIAL_CARE = "social_care", "Social care"
    SCHOOL = "school", "School, college or setting"
    ADVOCACY = "advocacy", "Advocacy organisation"


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", "Case officer"
    MEDIATOR = "mediator", "Mediator"
    SERVICE_MANAGER = "service_manager", "Service manager"
    ADMINISTRATOR = "administrator", "Administrator"
    LA_OFFICER = "la_officer", "LA officer"
    LA_DECISION_MAKER = "la_decision_maker", "LA decision-maker"
    ICB_REPRESENTATIVE = "icb_representative", "ICB representative"
    SOCIAL_CARE_REPRESENTATIVE = "social_care_representative", "Social care representative"
    SCHOOL_REPRESENTATIVE = "school_representative", "School representative"
    ADVOCATE = "advocate", "Advocate"
    FAMILY_MEMBER = "family_member", "Family member"


ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.PROVIDER: frozenset(
        {Role.CASE_OFFICER, Role.MEDIATOR, Role.SERVICE_MANAGER, Role.ADMINISTRATOR}
    ),
    OrganisationKind.LOCAL_AUTHORITY: frozenset({Role.LA_OFFICER, Role.LA_DECISION_MAKER}),
    OrganisationKind.ICB: frozenset({Role.ICB_REPRESENTATIVE}),
    OrganisationKind.SOCIAL_CARE: frozenset({Role.SOCIAL_CARE_REPRESENTATIVE}),
    OrganisationKind.SCHOOL: frozenset({Role.SCHOOL_REPRESENTATIVE}),
    OrganisationKind.ADVOCACY: frozenset({Role.ADVOCATE}),
}

# A family member belongs to no organisation; everyone else is staff of some body and needs MFA.
FAMILY_ROLES = frozenset({Role.FAMILY_MEMBER})
