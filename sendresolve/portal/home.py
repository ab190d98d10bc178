"""What each role works on, shown on their home page: each panel leads to the page where the work is."""

from __future__ import annotations

from dataclasses import dataclass

from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import Access


@dataclass(frozen=True)
class Panel:
    title: str
    empty_text: str
    url_name: str  # where the work itself is
    link_text: str


PANELS: dict[str, tuple[Panel, ...]] = {
    Role.CASE_OFFICER: (
        Panel("Your work queue", "Everything due on your cases, overdue first, ordered by its statutory deadline: "
              "certificates to issue, LAs and ICBs to notify, meetings to arrange.",
              "case_list", "Go to the work queue"),
        Panel("Mediators", "The register of mediators: accreditation, specialisms and the bodies each may not "
              "act for.", "mediator_register", "See the mediator register"),
        Panel("New requests", "Enter a request a family made by phone, e-mail or letter. Requests families send "
              "online are in the work queue already.", "case_new", "Enter a new request"),
        Panel("Invoices", "Draft invoices to each local authority and ICB to review and issue, and the invoices "
              "issued, with their contracts and price lists.", "invoice_list", "See the invoices"),
    ),
    Role.MEDIATOR: (
        Panel("Your cases", "Cases allocated to you, with your declarations of independence to make and their "
              "meeting dates.", "mediator_home", "See your cases"),
        Panel("Your availability", "Times you can hold meetings: case officers see your first free time when "
              "they choose a mediator.", "mediator_home", "Add or remove times"),
        Panel("Your time and fees", "Record your preparation, meeting and write-up time on your cases; each month "
              "it becomes a statement of your fees to check and accept.", "fee_time", "Record your time"),
        Panel("Your statements", "Your monthly statements: accept one and it is your invoice, issued under your "
              "self-billing agreement; dispute a line that is wrong.", "fee_statements", "See your statements"),
    ),
    Role.SERVICE_MANAGER: (
        Panel("Cases and what is due", "Every case across the local authorities the service works for, with "
              "what is due and overdue.", "case_list", "Go to the work queue"),
        Panel("E-mails that need attention", "E-mails that could not be delivered or bounced, notices the law "
              "requires among them, and e-mails still waiting to be sent.", "outbox_failures",
              "See the e-mails that need attention"),
        Panel("Mediators' statements", "Each mediator's monthly statement of fees, disputed lines to answer, and "
              "time not on a statement yet.", "fee_manage", "See mediators' statements"),
        Panel("Invoices", "Draft invoices to each local authority and ICB to review and issue, and the invoices "
              "issued, with their contracts and price lists.", "invoice_list", "See the invoices"),
    ),
    Role.ADMINISTRATOR: (
        Panel("Organisations and users", "Manage organisations, people and their roles in the admin.",
              "admin:index", "Go to the admin"),
        Panel("Audit log", "Every sign-in, change and view of personal data is recorded in the audit log.",
              "audit_log", "See the audit log"),
    ),
    Role.LA_OFFICER: (
        Panel("Your authority's cases", "Mediation and disagreement resolution cases about your local "
              "authority's decisions, with what you must do and by when.", "case_list", "See your cases"),
        Panel("Invoices", "The mediation service's invoices to your authority, the case behind each line, and "
              "your contract's prices.", "invoice_list", "See your invoices"),
    ),
    Role.LA_DECISION_MAKER: (
        Panel("Meetings you attend", "Mediation meetings where you attend with authority to settle, with the "
              "Action Plans you need to agree.", "case_list", "See your cases"),
        Panel("Agreed actions", "Actions your authority agreed in mediation, with their legal due dates "
              "(regulation 42), overdue first.", "case_list", "See what is due"),
    ),
    Role.ICB_REPRESENTATIVE: (
        Panel("Cases with health issues", "Cases where health provision is in dispute and your ICB is a "
              "party, with what you must do and by when.", "case_list", "See your cases"),
        Panel("Invoices", "The mediation service's invoices to your ICB for health-only mediation, and your "
              "contract's prices.", "invoice_list", "See your invoices"),
    ),
    Role.SOCIAL_CARE_REPRESENTATIVE: (
        Panel("Cases with social care issues", "Cases where social care provision is in dispute and your team "
              "takes part, with what is due.", "case_list", "See your cases"),
    ),
    Role.SCHOOL_REPRESENTATIVE: (
        Panel("Meetings you are invited to", "Cases where your school or setting takes part, with their meeting "
              "dates.", "case_list", "See your cases"),
    ),
    Role.ADVOCATE: (
        Panel("Families you support", "Cases where a family has asked you to support them, with their dates.",
              "case_list", "See your cases"),
    ),
    Role.FAMILY_MEMBER: (
        Panel("Your request", "Where your request for mediation or disagreement resolution is, what happens "
              "next, and your key dates, including when your appeal window closes.", "case_list",
              "See your request and your dates"),
    ),
}


def home_panels(access: Access) -> list[tuple[str, tuple[Panel, ...]]]:
    """(heading, panels) per membership, in the order the user holds them."""
    sections = []
    for membership in access.memberships:
        where = f" at {membership.organisation}" if membership.organisation_id else ""
        sections.append((f"{membership.get_role_display()}{where}", PANELS.get(membership.role, ())))
    return sections
