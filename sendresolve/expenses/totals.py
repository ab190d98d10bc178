"""The arithmetic of a claim, pure: totals are sums of pence-exact line amounts, and a decision is checked line by
line against what was claimed and against the policy's caps before anything is written (property-tested)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from sendresolve.core.money import pence, pounds

APPROVED, PART_APPROVED, REFUSED = "approved", "part_approved", "refused"


def claimed_total(amounts: Iterable[Decimal]) -> Decimal:
    return pence(sum((pence(amount) for amount in amounts), Decimal("0")))


@dataclass(frozen=True)
class LineToDecide:
    line_id: int
    category: str
    category_label: str
    amount: Decimal


@dataclass(frozen=True)
class LineDecision:
    line_id: int
    decision: str  # approved, part_approved, refused
    approved_amount: Decimal | None = None  # for a part approval
    reason: str = ""


@dataclass(frozen=True)
class Decided:
    line_id: int
    decision: str
    approved_amount: Decimal
    reason: str


def decide_lines(lines: list[LineToDecide], decisions: dict[int, LineDecision], *, caps: dict[str, Decimal],
                 claim_cap: Decimal | None) -> list[Decided]:
    """Every line's decision, checked: a full approval pays what was claimed; a part approval pays more than nothing
    and less than claimed, with a reason; a refusal pays nothing, with a reason; no category's approved sum passes
    its cap and the claim's approved total passes no claim cap. Raises ValidationError saying which line or cap."""
    decided = []
    for number, line in enumerate(lines, start=1):
        choice = decisions.get(line.line_id)
        if choice is None or choice.decision not in (APPROVED, PART_APPROVED, REFUSED):
            raise ValidationError(f"Cost {number} ({line.category_label}): choose approve, approve part or refuse.")
        reason = choice.reason.strip()
        if choice.decision == APPROVED:
            decided.append(Decided(line.line_id, APPROVED, pence(line.amount), reason))
            continue
        if not reason:
            raise ValidationError(f"Cost {number} ({line.category_label}): give the reason for "
                                  f"{'approving only part' if choice.decision == PART_APPROVED else 'refusing'}; "
                                  "the family will see it.")
        if choice.decision == REFUSED:
            decided.append(Decided(line.line_id, REFUSED, Decimal("0.00"), reason))
            continue
        part = pence(choice.approved_amount) if choice.approved_amount is not None else None
        if part is None or not Decimal("0") < part < pence(line.amount):
            raise ValidationError(f"Cost {number} ({line.category_label}): the part approved must be more than "
                                  f"£0.00 and less than the {pounds(line.amount)} claimed.")
        decided.append(Decided(line.line_id, PART_APPROVED, part, reason))
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    labels = {line.category: line.category_label for line in lines}
    for line, result in zip(lines, decided, strict=True):
        by_category[line.category] += result.approved_amount
    for category, approved in by_category.items():
        cap = caps.get(category)
        if cap is not None and approved > cap:
            raise ValidationError(f"{labels[category]}: {pounds(approved)} approved is more than the cap of "
                                  f"{pounds(cap)} for one claim.")
    total = claimed_total(result.approved_amount for result in decided)
    if claim_cap is not None and total > claim_cap:
        raise ValidationError(f"{pounds(total)} approved is more than the cap of {pounds(claim_cap)} for one claim.")
    return decided
