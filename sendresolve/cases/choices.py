"""The vocabulary of a case: kinds, decisions, plan sections, certificate types."""

from django.db import models


class CaseKind(models.TextChoices):
    MEDIATION = "mediation", "Mediation"
    DR = "dr", "Disagreement resolution"


class DecisionType(models.TextChoices):
    REFUSAL_TO_ASSESS = "refusal_to_assess", "Refusal to carry out an EHC needs assessment"
    REFUSAL_TO_ISSUE = "refusal_to_issue", "Refusal to issue an EHC plan"
    PLAN_CONTENTS = "plan_contents", "The contents of an EHC plan"
    REFUSAL_TO_REASSESS = "refusal_to_reassess", "Refusal to carry out a re-assessment"
    REFUSAL_TO_AMEND = "refusal_to_amend", "Refusal to amend an EHC plan after a review"
    CEASE_TO_MAINTAIN = "cease_to_maintain", "Decision to cease to maintain an EHC plan"


class PlanSection(models.TextChoices):
    B = "B", "Section B: special educational needs"
    F = "F", "Section F: special educational provision"
    I = "I", "Section I: school or other institution"  # noqa: E741 - the plan's own letter
    C = "C", "Section C: health needs"
    G = "G", "Section G: health provision"
    D = "D", "Section D: social care needs"
    H1 = "H1", "Section H1: social care provision (CSDPA)"
    H2 = "H2", "Section H2: other social care provision"

    @classmethod
    def area(cls, section: str) -> str:
        """The clock's issue kind for a plan section."""
        return {"C": "health", "G": "health", "D": "social_care", "H1": "social_care", "H2": "social_care"}.get(
            section, "education"
        )


class OtherParty(models.TextChoices):
    LA = "la", "The local authority"
    SCHOOL = "school", "A school"
    COLLEGE = "college", "A college"
    EARLY_YEARS = "early_years", "An early years setting"
    ICB = "icb", "A health body (ICB)"


class RightsHolder(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person (over school-leaving age, up to 25)"
    ALTERNATIVE_PERSON = "alternative_person", "Someone acting for the young person"


class AlternativeBasis(models.TextChoices):
    """Why someone acts for a young person who lacks capacity (CFA 2014 capacity section and Sch 3 [P]; reg 64)."""

    DEPUTY = "deputy", "A deputy appointed by the Court of Protection"
    ATTORNEY = "attorney", "An attorney under a lasting or enduring power of attorney"
    PARENT = "parent", "Their parent (the young person lacks capacity and has no deputy or attorney)"


class CertificateType(models.TextChoices):
    DECLINED = "declined", "Mediation not wanted"
    AFTER_MEDIATION = "after_mediation", "Mediation has taken place"
    UNABLE_TO_ARRANGE = "unable_to_arrange", "Mediation could not be arranged within 30 days"
    CHANGE_OF_MIND = "change_of_mind", "Family no longer wishes to mediate"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    ONLINE = "online", "Online request"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class AccessNeed(models.TextChoices):
    INTERPRETER = "interpreter", "An interpreter"
    BSL = "bsl", "A British Sign Language (BSL) interpreter"
    BREAKS = "breaks", "Regular breaks"
    LARGE_PRINT = "large_print", "Documents in large print"
    EASY_READ = "easy_read", "Documents in easy read"
    STEP_FREE = "step_free", "Step-free access"


class Outcome(models.TextChoices):
    AGREED_IN_FULL = "agreed_in_full", "Agreed in full"
    AGREED_IN_PART = "agreed_in_part", "Agreed in part"
    NOT_AGREED = "not_agreed", "Not agreed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_HELD = "not_held", "Not held"
