"""What each role will work on, shown on their home page (empty states until the case issues land)."""

from __future__ import annotations

from dataclasses import dataclass

from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import Access


@dataclass(frozen=True)
class Panel:
    title: str
    empty_text: str
    url_name: str = ""  # where the work itself is, once there is a page for it
    link_text: str = ""


PANELS: dict[str, tuple[Panel, ...]] = {
    Role.CASE_OFFICER: (
        Panel("Your work queue", "Everything due on your cases will appear here, overdue first, ordered by "
              "its statutory deadline: certificates to issue, LAs and ICBs to notify, meetings to arrange.",
              "case_list", "Go to the work queue"),
        Panel("Mediators", "The register of mediators: accreditation, specialisms and the bodies each may not "
              "act for.", "mediator_register", "See the mediator register"),
        Panel("New requests", "Requests for mediation or disagreement resolution that families send online, "
              "or that you enter from a phone call, will appear here for the mediation adviser step."),
    ),
    Role.MEDIATOR: (
        Panel("Your cases", "Cases allocated to you, with your declarations of independence to make and their "
              "meeting dates.", "mediator_home", "See your cases"),
        Panel("Your availability", "Times you can hold meetings: case officers see your first free time when "
              "they choose a mediator.", "mediator_home", "Add or remove times"),
    ),
    Role.SERVICE_MANAGER: (
        Panel("Performance", "Cases opened and closed, certificates issued on time, meetings held within 30 "
              "days and agreements reached, per local authority, will appear here."),
    ),
    Role.ADMINISTRATOR: (
        Panel("Organisations and users", "Manage organisations, people and their roles in the admin."),
        Panel("Audit log", "Every sign-in, change and view of personal data is recorded in the audit log."),
    ),
    Role.LA_OFFICER: (
        Panel("Your authority's cases", "Mediation and disagreement resolution cases about your local "
              "authority's decisions, with what you must do and by when.", "case_list", "See your cases"),
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
    ),
    Role.SOCIAL_CARE_REPRESENTATIVE: (
        Panel("Cases with social care issues", "Cases where social care provision is in dispute will appear "
              "here."),
    ),
    Role.SCHOOL_REPRESENTATIVE: (
        Panel("Meetings you are invited to", "Meetings where your school or setting is asked to attend will "
              "appear here."),
    ),
    Role.ADVOCATE: (
        Panel("Families you support", "Cases where a family has asked you to support them will appear here."),
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
