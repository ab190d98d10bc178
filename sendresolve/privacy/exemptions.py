"""What a subject access export leaves out, and why, in the words the export prints.

Each entry is one kind of record the service holds that names or concerns the person but is not given in the
automatic export, with the exemption relied on. The export lists every such record it found (what, when, on which
case), never its content, so the person knows it exists and can ask for it to be reviewed by hand. Sources: UK
GDPR Article 15(4) (a copy must not adversely affect the rights and freedoms of others); Data Protection Act 2018
Schedule 2 Part 3 paragraph 16 (information identifying another individual, and the duty of confidence owed to
them, paragraph 16(4)); the project's reading of mediation confidentiality (send-rules.md 5.5: session content and
notes are confidential, without-prejudice material; safeguarding overrides; legal review 2.17)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exemption:
    key: str
    what: str
    why: str
    law: str
    how_to_ask: str


CONTACT = "Ask the mediation service's data protection contact (see the privacy notice) for a review by hand."

CONFIDENTIAL_NOTES = Exemption(
    key="confidential_notes",
    what="The mediator's confidential notes and record of the child's views (their content)",
    why=("They record what people said to the mediator in confidence during the mediation, including the other "
         "parties and the child. Giving them would reveal information about those people and break the "
         "confidence they spoke in. Only the mediator who wrote them can read them, and they are destroyed a "
         "short time after the case closes."),
    law=("UK GDPR Article 15(4); Data Protection Act 2018, Schedule 2, Part 3, paragraph 16 (information about "
         "other people, and the duty of confidence owed to them, paragraph 16(4)(a)); mediation is confidential "
         "and without prejudice (the service's rules, send-rules.md 5.5)."),
    how_to_ask=("The mediator who wrote them can review them and give you anything that is only about you and "
                "was not said in confidence by someone else. " + CONTACT),
)

SIGN_IN_CODES = Exemption(
    key="sign_in_codes",
    what="The codes and links in sign-in and password e-mails",
    why=("A sign-in code or password link is a key to the account, not information about the person. It is left "
         "out so that nobody who handles this export can use it. The export still lists each such e-mail, when "
         "it was sent and whether it arrived."),
    law="UK GDPR Article 32 (security of processing) and Article 15(4).",
    how_to_ask="Nothing is missing that describes you: the message itself is listed.",
)

OTHERS_ADDRESSES = Exemption(
    key="readers_connections",
    what="The internet address and browser of the staff who read your records",
    why=("Who read your records, when and what, is given in full. The reader's own internet address and browser "
         "are information about them, not about you."),
    law="Data Protection Act 2018, Schedule 2, Part 3, paragraph 16 (information identifying another individual).",
    how_to_ask=CONTACT,
)

CONFLICT_REASONS = Exemption(
    key="conflict_reasons",
    what="Why a mediator declared a conflict of interest (the reason they gave)",
    why=("The timeline entry is given; the mediator's own reason is about their circumstances, not yours."),
    law="Data Protection Act 2018, Schedule 2, Part 3, paragraph 16 (information identifying another individual).",
    how_to_ask=CONTACT,
)

FILES_ABOUT_OTHERS = Exemption(
    key="files_about_others",
    what="Files you sent as part of your work that are about a family (their content)",
    why=("As a member of staff you sent these for a family's case. The file is about that family and their child, "
         "not about you; the export lists each one (its name, date, case and SHA-256)."),
    law="UK GDPR Article 15(4); Data Protection Act 2018, Schedule 2, Part 3, paragraph 16.",
    how_to_ask=CONTACT,
)

EXEMPTIONS = {exemption.key: exemption for exemption in (CONFIDENTIAL_NOTES, SIGN_IN_CODES, OTHERS_ADDRESSES,
                                                           CONFLICT_REASONS, FILES_ABOUT_OTHERS)}

# E-mails that carry a key to an account: sign-in codes (allauth's and the online request's) and password links.
CREDENTIAL_SUBJECTS = ("sign-in code", "code to send your request", "password reset", "reset your password")


def carries_a_credential(subject: str) -> bool:
    lowered = subject.lower()
    return any(words in lowered for words in CREDENTIAL_SUBJECTS)
