"""Every statutory time limit of SEND mediation as data (docs/deadline-contract.md, send-rules.md 3.3).

The engine in `deadlines.py` decides *whether* a rule applies to a case; this table says *what* the rule
is. Changing a length or a citation is a change to this table alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    WORKING_DAYS_AFTER = "working days after"
    WORKING_DAYS_BEFORE = "working days before"
    DAYS = "calendar days"
    WEEKS = "weeks"
    MONTHS = "calendar months"


class Actor(StrEnum):
    FAMILY = "parent or young person"
    MEDIATION_ADVISER = "mediation adviser"
    LA = "local authority"
    ICB = "commissioning body (ICB)"
    ARRANGING_BODY = "body arranging the mediation"
    CERTIFICATE_ISSUER = "mediator or mediation adviser"
    LA_OR_ICB = "local authority or commissioning body"
    AGREED = "whoever the parties agreed would do it"


class Event(StrEnum):
    """Dated events on a case; the values are the field names of the `deadlines` contract."""

    NOTICE_SENT = "notice_sent"
    MA_INFORMED_DECLINED = "ma_informed_declined"
    LA_RECEIVED_REQUEST = "la_received_request"
    RCB_RECEIVED_NOTIFICATION = "rcb_received_notification"
    MEDIATION_DATE = "mediation_date"
    UNABLE_TO_ARRANGE_INFORMED = "unable_to_arrange_informed"
    MEDIATION_CONCLUDED = "mediation_concluded"
    WITHDRAWAL_INFORMED = "withdrawal_informed"
    CERTIFICATE_ISSUED = "certificate_issued"
    AGREEMENT_DATE = "agreement_date"


@dataclass(frozen=True, eq=False)
class Rule:
    """One time limit. Rules are compared and hashed by identity: each exists once, in RULES."""

    id: str
    obligation: str
    actor: Actor
    start_event: Event
    length: int | None  # None: set per case (T13, agreed in writing)
    unit: Unit
    citation: str
    tribunal_adjustment: bool = False

    @property
    def is_calendar_unit(self) -> bool:
        return self.unit in (Unit.DAYS, Unit.WEEKS, Unit.MONTHS)


def _rule(*args, **kwargs) -> tuple[str, Rule]:
    rule = Rule(*args, **kwargs)
    return rule.id, rule


RULES: dict[str, Rule] = dict(
    [
        _rule(
            "T1",
            "Contact the mediation adviser about mediation before appealing",
            Actor.FAMILY, Event.NOTICE_SENT, 2, Unit.MONTHS,
            "SEND Regulations 2014, regulation 33",
        ),
        _rule(
            "T2",
            "Issue the mediation certificate (family does not wish to mediate)",
            Actor.MEDIATION_ADVISER, Event.MA_INFORMED_DECLINED, 3, Unit.WORKING_DAYS_AFTER,
            "SEND Regulations 2014, regulation 34(1)",
        ),
        _rule(
            "T3",
            "Tell each commissioning body (ICB) about the health issues in the mediation",
            Actor.LA, Event.LA_RECEIVED_REQUEST, 3, Unit.WORKING_DAYS_AFTER,
            "SEND Regulations 2014, regulation 35",
        ),
        _rule(
            "T4a",
            "Arrange the mediation (no health issues)",
            Actor.LA, Event.LA_RECEIVED_REQUEST, 30, Unit.DAYS,
            "SEND Regulations 2014, regulation 36",
        ),
        _rule(
            "T4b",
            "Arrange one mediation covering the health and the other issues",
            Actor.LA, Event.LA_RECEIVED_REQUEST, 30, Unit.DAYS,
            "SEND Regulations 2014, regulation 35",
        ),
        _rule(
            "T4c",
            "Arrange the mediation (health issues only)",
            Actor.ICB, Event.RCB_RECEIVED_NOTIFICATION, 30, Unit.DAYS,
            "SEND Regulations 2014, regulation 35",
        ),
        _rule(
            "T5",
            "Tell the family the date and place of the mediation (latest day)",
            Actor.ARRANGING_BODY, Event.MEDIATION_DATE, 5, Unit.WORKING_DAYS_BEFORE,
            "SEND Regulations 2014, regulation 37; SEND Code of Practice chapter 11",
        ),
        _rule(
            "T6",
            "Issue the mediation certificate (mediation could not be arranged within 30 days)",
            Actor.MEDIATION_ADVISER, Event.UNABLE_TO_ARRANGE_INFORMED, 3, Unit.WORKING_DAYS_AFTER,
            "SEND Regulations 2014, regulations 37 to 39",
        ),
        _rule(
            "T7",
            "Issue the mediation certificate after the mediation",
            Actor.CERTIFICATE_ISSUER, Event.MEDIATION_CONCLUDED, 3, Unit.WORKING_DAYS_AFTER,
            "SEND Regulations 2014, regulation 39",
        ),
        _rule(
            "T8",
            "Issue the mediation certificate (family changed its mind about mediating)",
            Actor.MEDIATION_ADVISER, Event.WITHDRAWAL_INFORMED, 3, Unit.WORKING_DAYS_AFTER,
            "SEND Regulations 2014, regulation 34 (by analogy); SEND Code of Practice chapter 11",
        ),
        _rule(
            "T9",
            "Appeal must reach the First-tier Tribunal (SEND) by 5pm",
            Actor.FAMILY, Event.NOTICE_SENT, 2, Unit.MONTHS,
            "Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008, rules 20(1)(c) and 12",
            tribunal_adjustment=True,
        ),
        _rule(
            "T10.assess.notify",
            "Tell the family the EHC needs assessment will be carried out (agreed in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 2, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.assess.no_plan",
            "Tell the family if no EHC plan will be issued after the agreed assessment",
            Actor.LA, Event.AGREEMENT_DATE, 10, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.assess.final_plan",
            "Issue the final EHC plan after the agreed assessment",
            Actor.LA, Event.AGREEMENT_DATE, 14, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.make_plan.draft",
            "Send the draft EHC plan (agreed in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 5, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.make_plan.final",
            "Issue the final EHC plan (agreed in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 11, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.amend_plan",
            "Issue the amended EHC plan (Sections B and F, agreed in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 5, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.reassess.notify",
            "Tell the family the EHC needs re-assessment will be carried out (agreed in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 2, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.reassess.no_plan",
            "Tell the family if the plan will not be amended after the agreed re-assessment",
            Actor.LA, Event.AGREEMENT_DATE, 10, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.reassess.final_plan",
            "Issue the final EHC plan after the agreed re-assessment",
            Actor.LA, Event.AGREEMENT_DATE, 14, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.continue",
            "Continue to maintain the EHC plan (a decision to cease withdrawn in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 0, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.continue_and_amend",
            "Continue to maintain the EHC plan and issue it amended (agreed in mediation)",
            Actor.LA, Event.AGREEMENT_DATE, 5, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T10.change_placement",
            "Issue the amended EHC plan naming the agreed school or college (Section I)",
            Actor.LA, Event.AGREEMENT_DATE, 2, Unit.WEEKS,
            "SEND Regulations 2014, regulations 42(2) and 44",
        ),
        _rule(
            "T11",
            "Carry out the agreed action that has no right of appeal",
            Actor.LA_OR_ICB, Event.AGREEMENT_DATE, 2, Unit.WEEKS,
            "SEND Regulations 2014, regulation 42(3)",
        ),
        _rule(
            "T12",
            "Tell the local authority about the mediation agreement (it was not a party)",
            Actor.ICB, Event.AGREEMENT_DATE, 1, Unit.WEEKS,
            "SEND Regulations 2014, regulation 42(4)",
        ),
        _rule(
            "T13",
            "Carry out the agreed action by the timescale agreed in writing",
            Actor.LA_OR_ICB, Event.AGREEMENT_DATE, None, Unit.WEEKS,
            "SEND Regulations 2014, regulation 42(5)",
        ),
    ]
)

# What each kind of agreed action requires when no other timescale was agreed (reg 42(2) and (3)).
ACTION_RULES: dict[str, tuple[str, ...]] = {
    "assess": ("T10.assess.notify", "T10.assess.no_plan", "T10.assess.final_plan"),
    "make_plan": ("T10.make_plan.draft", "T10.make_plan.final"),
    "amend_plan": ("T10.amend_plan",),
    "change_placement": ("T10.change_placement",),
    "non_appealable": ("T11",),
    # Legal review L15: a refusal to re-assess, and a cease decision withdrawn (reg 44 table [P*]/[O]/[S]).
    "reassess": ("T10.reassess.notify", "T10.reassess.no_plan", "T10.reassess.final_plan"),
    "continue_to_maintain": ("T10.continue",),
    "continue_and_amend": ("T10.continue_and_amend",),
}

ACTION_OF_RULE: dict[str, str] = {rule_id: kind for kind, rule_ids in ACTION_RULES.items() for rule_id in rule_ids}

ISSUE_KINDS = ("education", "social_care", "health")


# Rules whose regulation number the legal review could not read in the primary text (legal-review.md, "numbering
# check": reg 35-37 and 39 [S], the deemed certificate [U], the change-of-mind certificate by analogy). Their dates
# are not in doubt; the citation is shown to families as still to be confirmed, never as fact.
UNCONFIRMED_CITATIONS = frozenset({"T3", "T4a", "T4b", "T4c", "T5", "T6", "T7", "T8"})
