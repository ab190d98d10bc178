"""The dates a case stores (and so shows on every page and in every e-mail) are the clock's, and match the
worked examples in tests/data/examples.jsonl wherever a case has the same events."""

from datetime import date

import pytest

from sendresolve.accounts.roles import Role
from sendresolve.cases.appeal_rights import is_placement_only
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import Case, Certificate, Decision, Issue
from tests.clock.conftest import EXAMPLES_FILE, LEGAL_EXAMPLES_FILE, load_examples
from tests.factories import organisation, person

pytestmark = pytest.mark.django_db

CASE_FIELDS = ("ma_informed_declined", "la_received_request", "rcb_received_notification", "mediation_date",
               "unable_to_arrange_informed", "mediation_concluded", "withdrawal_informed")
EXAMPLES = load_examples(EXAMPLES_FILE, LEGAL_EXAMPLES_FILE)
# Agreement follow-up (T10-T13) belongs to the Action Plan, which cases do not have yet.
CASE_EXAMPLES = [e for e in EXAMPLES if "agreement_date" not in e]


def _decision(example: dict) -> str:
    return example.get("decision") or ("plan_contents" if example.get("placement_only") else "refusal_to_assess")


def _placement_only(example: dict) -> bool:
    """The service's own reading where the example says what the case is about; the clock's input otherwise."""
    if "sections" in example:
        return is_placement_only(_decision(example), example["sections"])
    return example.get("placement_only", False)


@pytest.mark.parametrize("example", CASE_EXAMPLES, ids=[e["id"] for e in CASE_EXAMPLES])
def test_a_case_with_the_examples_events_stores_exactly_its_deadlines(example):
    officer = person(Role.CASE_OFFICER)
    concluded = {"mediation_concluded": date.fromisoformat(example["meeting_concluded"])} if (
        "meeting_concluded" in example) else {}
    case = Case.objects.create(
        reference=f"EX-{example['id']}", kind=example.get("kind", "mediation"), local_authority=organisation(),
        child_name="Test Child", child_date_of_birth=date(2015, 1, 1), contacted_on=date(2025, 1, 1),
        contact_method="phone", placement_only=_placement_only(example),
        **{field: date.fromisoformat(example[field]) for field in CASE_FIELDS if field in example}, **concluded,
    )
    if "notice_sent" in example:
        sent = date.fromisoformat(example["notice_sent"])
        Decision.objects.create(case=case, type=_decision(example), letter_dated=sent, sent_on=sent)
    for area in example.get("issues", ["education"]):
        Issue.objects.create(case=case, section={"education": "F", "health": "G", "social_care": "H2"}[area])
    if "certificate_issued" in example:
        Certificate.objects.create(number=f"MC-{example['id']}", case=case, type="after_mediation",
                                   issued_on=date.fromisoformat(example["certificate_issued"]), issued_by=officer,
                                   appeal_deadline=date(2030, 1, 1))
    stored = {d.rule: d.due.isoformat() for d in case_store_deadlines(case)}
    assert stored == example["expect"]
