"""Steps several browser journeys take through the same pages, as a person would take them."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect


def fill_date(page, name: str, day: date) -> None:
    """A GOV.UK date input: day, month and year boxes."""
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"#id_{name}_{part}").fill(str(value))


def continue_from(page, pages_checked) -> None:
    pages_checked.check(page)
    page.get_by_role("button", name="Continue").click()


def request_online(page, live_server, pages_checked, *, decision: str, sent_on: date, local_authority: str,
                   name: str, email: str, sections: tuple[str, ...] = (), wanted: str = "",
                   child: tuple[str, date] = ("Max Mallory", date(2015, 3, 9))) -> None:
    """A parent answers every question of the online request for mediation, up to the check page: the sections
    they disagree with for a decision about a plan, or what they want instead for any other."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Parent or carer").check()
    continue_from(page, pages_checked)
    page.get_by_label(re.compile("A decision the local authority made")).check()
    continue_from(page, pages_checked)
    page.get_by_label(decision).check()
    continue_from(page, pages_checked)
    fill_date(page, "sent_on", sent_on)
    continue_from(page, pages_checked)
    continue_from(page, pages_checked)  # the decision letter is optional
    if sections:
        for section in sections:
            page.get_by_label(section).check()
    else:
        page.get_by_label("What do you want the local authority to do instead?").fill(wanted)
    continue_from(page, pages_checked)
    page.get_by_label("Full name of the child or young person").fill(child[0])
    fill_date(page, "child_date_of_birth", child[1])
    continue_from(page, pages_checked)
    page.get_by_label("Which local authority is it?").select_option(label=local_authority)
    continue_from(page, pages_checked)
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Your e-mail address").fill(email)
    continue_from(page, pages_checked)
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
