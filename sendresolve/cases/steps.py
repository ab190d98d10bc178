"""How each transition is asked for on the case page: the service it calls and the question it asks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sendresolve.cases import services


@dataclass(frozen=True)
class StepPage:
    service: Callable
    date_argument: str
    date_label: str
    reason_argument: str | None = None


STEP_PAGES: dict[str, StepPage] = {
    "request_certificate": StepPage(services.case_request_certificate, "informed_on",
                                    "When did the family say they do not want mediation?"),
    "record_no_certificate_needed": StepPage(services.case_record_no_certificate_needed, "on", "Date"),
    "request_mediation": StepPage(services.case_request_mediation, "asked_on",
                                  "When did the family say they want mediation?"),
    "start_arranging": StepPage(services.case_start_arranging, "on", "Date"),
    "record_unable_to_arrange": StepPage(services.case_record_unable_to_arrange, "informed_on",
                                         "When did the LA or ICB say it cannot arrange mediation in time?", "reason"),
    "withdraw": StepPage(services.case_withdraw, "informed_on", "When did the family say they changed their mind?",
                         "reason"),
    "record_parties_agree": StepPage(services.case_record_parties_agree, "on",
                                     "When did the last party agree to take part?"),
    "record_party_declines": StepPage(services.case_record_party_declines, "on", "When did the party decline?",
                                      "reason"),
    "close": StepPage(services.case_close, "on", "Date closed"),
    "continue_arranging": StepPage(services.case_continue_arranging, "on",
                                   "When did the family say it still wants mediation?"),
}
