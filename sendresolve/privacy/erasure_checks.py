"""Whether the law lets the service erase a person now, and if not, why: read before the page offers erasure and
again, under lock, by the service that does it.

The right to erasure does not apply while the data is still needed for what it was collected for, or to comply
with a legal obligation, or for legal claims (UK GDPR Article 17(1)(a) and 17(3)(b), (e)). For this service that
means, for every case the person is named on:
- a legal hold is on it (a claim, a complaint, a Tribunal appeal: `privacy.holds`);
- an agreed action is not yet done (regulation 42 binds the LA or ICB to it, and the family relies on the record:
  `agreements.duties`);
- the case is still open (its record is needed to finish it, certificates included);
and, for a family's own case, a certificate that can still be used to appeal (the Tribunal and anyone it names
check it until the appeal deadline). An administrator's account is never erased while it holds the role (remove
the role first), so nobody erases themselves and the service keeps someone who can act.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.agreements.duties import DUTY_RULE_PREFIXES
from sendresolve.cases.models import Case, CaseDeadline, Certificate, Participant
from sendresolve.cases.states import State
from sendresolve.clock.output import long_date
from sendresolve.privacy.access_cases import FAMILY_SIDE
from sendresolve.privacy.holds import held_case_ids
from sendresolve.privacy.subjects import Subject


@dataclass(frozen=True)
class ErasureCheck:
    """The person's cases (all, and the ones about them and their child) and every reason erasure is refused."""

    case_ids: tuple[int, ...]
    family_case_ids: tuple[int, ...]
    reasons: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.reasons


def erasure_check(*, acting_user, subject: Subject, lock: bool = False) -> ErasureCheck:
    """Every reason this person cannot be erased now; with `lock`, the person's cases are locked first (inside the
    service's transaction) so a hold or a new duty cannot slip in between the check and the erasure."""
    rows = list(Participant.objects.filter(subject.participant_filter()).values_list("case_id", "role"))
    case_ids = sorted({case_id for case_id, _ in rows})
    family_ids = sorted({case_id for case_id, role in rows if role in FAMILY_SIDE})
    reasons = _person_reasons(acting_user, subject)
    cases = Case.objects.filter(pk__in=case_ids).order_by("reference")
    if lock:
        cases = cases.select_for_update()
    cases = {case.pk: case for case in cases.only("pk", "reference", "state")}
    held = held_case_ids() & set(case_ids)
    open_duties = _open_duties(case_ids)
    appeals = _appeal_windows(family_ids)
    for case in sorted(cases.values(), key=lambda case: case.reference):
        if case.pk in held:
            reasons.append(f"Case {case.reference} is under a legal hold: nothing of it may be erased until the "
                           "hold is lifted.")
        if case.pk in open_duties:
            what, due = open_duties[case.pk]
            reasons.append(f"Case {case.reference} has an agreed action not yet done ({what}, due "
                           f"{long_date(due)}): the family and the bodies bound by it still rely on its record.")
        if case.state != State.CLOSED:
            reasons.append(f"Case {case.reference} is still open ({State(case.state).label}): its records are "
                           "needed to finish it. Close the case first, or for staff name someone else in their place.")
        if case.pk in appeals:
            number, deadline = appeals[case.pk]
            reasons.append(f"Case {case.reference}: certificate {number} can be used to appeal until "
                           f"{long_date(deadline)}, so it must stay checkable until then.")
    return ErasureCheck(tuple(case_ids), tuple(family_ids), tuple(reasons))


def _person_reasons(acting_user, subject: Subject) -> list[str]:
    user = subject.user
    if subject.is_erased:
        return [f"{subject.name} has already been erased."]
    if user is None:
        return []
    if user.pk == acting_user.pk:
        return ["You cannot erase your own account: another administrator must."]
    if user.memberships.filter(role=Role.ADMINISTRATOR).exists():
        return [f"{subject.name} is an administrator: remove that role in the admin first, so the service always "
                "keeps an administrator who can act."]
    return []


def _open_duties(case_ids: list[int]) -> dict[int, tuple[str, object]]:
    """The first agreed action not yet done on each case (a duty's deadline with no date met)."""
    if not case_ids:
        return {}
    duty = reduce(or_, (Q(rule__startswith=prefix) for prefix in DUTY_RULE_PREFIXES))
    found: dict[int, tuple[str, object]] = {}
    for case_id, obligation, due in (CaseDeadline.objects.filter(duty, case_id__in=case_ids, met_on__isnull=True)
                                     .order_by("due", "id").values_list("case_id", "obligation", "due")):
        found.setdefault(case_id, (obligation, due))
    return found


def _appeal_windows(case_ids: list[int]) -> dict[int, tuple[str, object]]:
    today = timezone.localdate()
    found: dict[int, tuple[str, object]] = {}
    for case_id, number, deadline in (Certificate.objects.filter(case_id__in=case_ids, appeal_deadline__gte=today)
                                      .order_by("-appeal_deadline").values_list("case_id", "number",
                                                                                "appeal_deadline")):
        found.setdefault(case_id, (number, deadline))
    return found
