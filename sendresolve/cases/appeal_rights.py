"""Which appeals need a mediation certificate, and which questions about the plan a decision raises.

An appeal needs a certificate (s.55) unless it is only about the school or other institution, or the type of
institution, named in Section I of a maintained plan, or that none is named (s.51(2)(c)(iii)-(iv)) [S: IPSEA and
local offers; whether the exception sits in s.55 or a regulation under s.56(1)(h) is unconfirmed]. Only a decision
about what a maintained plan says can be such an appeal: a refusal to assess, to issue a plan, to re-assess or to
amend, and a decision to cease, always need a certificate, whatever parts of a plan the family mentions
(legal review L1).
"""

from __future__ import annotations

from collections.abc import Iterable

from sendresolve.cases.choices import DecisionType

# The family is asked which sections it disagrees with for these: the plan's contents (s.51(2)(c)), and a refusal
# to amend after a review or re-assessment (s.51(2)(e)), where the sections are the amendments it wanted.
SECTION_DECISIONS = frozenset({DecisionType.PLAN_CONTENTS, DecisionType.REFUSAL_TO_AMEND})


def asks_which_sections(decision_type: str | None) -> bool:
    return decision_type in SECTION_DECISIONS


def is_placement_only(decision_type: str | None, sections: Iterable[str]) -> bool:
    """True when the appeal would be only about Section I of a maintained plan: no certificate is needed."""
    return decision_type == DecisionType.PLAN_CONTENTS and set(sections) == {"I"}
