"""The privacy app's timeline events, registered in its ready()."""

from django.db import models


class PrivacyEvent(models.TextChoices):
    LEGAL_HOLD_SET = "legal_hold_set", "Legal hold set: nothing of this case is deleted while it is on"
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", "Legal hold lifted: the retention schedule applies again"
    ANONYMISED = "anonymised", "Anonymised under the retention schedule: statistics kept, nothing that names anyone"
    PERSON_CORRECTED = "person_corrected", "A person's name or e-mail address was corrected"
    PERSON_ERASED = "person_erased", "A person on this case was erased (the right to erasure)"
