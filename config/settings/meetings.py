"""How meetings are arranged: the configurable readings of the law (send-rules.md section 7) and the video provider."""

from config.env import env

# Q1: "arrange mediation within 30 days" read as held by day 30 (the default, for alerts) or booked by then.
MEDIATION_ARRANGE_MODE = env.str("MEDIATION_ARRANGE_MODE", default="held_by_day_30")
# Q9: the 5 working days' notice of the meeting counted as the 5th working day before it, or as 5 clear days.
MEETING_NOTICE_RULE = env.str("MEETING_NOTICE_RULE", default="nth_wd_before")

# Online meetings: a Jitsi-style server makes a room from any unguessable name under this address, so each
# meeting (and each side's private breakout room) gets its own link. Empty: staff paste a Teams or Zoom link.
VIDEO_MEETING_BASE_URL = env.str("VIDEO_MEETING_BASE_URL", default="https://meet.jit.si")

# The times people are asked about when giving availability (Europe/London), and a meeting's usual length.
MEETING_SESSIONS = (("10:00", "13:00"), ("13:30", "16:30"))

# Q6: who issues the certificate after mediation: "mediation_adviser" (the service's case officers) or "mediator".
CERTIFICATE_ISSUER_AFTER_MEDIATION = env.str("CERTIFICATE_ISSUER_AFTER_MEDIATION", default="mediation_adviser")
# How many days after a case closes the mediator's confidential notes and the child's views are destroyed.
CONFIDENTIAL_NOTES_RETENTION_DAYS = env.int("CONFIDENTIAL_NOTES_RETENTION_DAYS", default=30)

# Legal review L5 (send-rules.md section 7): when the 30 days end without a meeting, the service itself offers the
# family its certificate the next day ("day_after_t4"), or waits for the LA or ICB to say so ("on_la_notice").
DEEMED_CERTIFICATE_TRIGGER = env.str("DEEMED_CERTIFICATE_TRIGGER", default="day_after_t4")
# The Code lets the family "appeal immediately or wait for mediation": the certificate does not end the mediation.
CONTINUE_AFTER_DEEMED_CERTIFICATE = env.bool("CONTINUE_AFTER_DEEMED_CERTIFICATE", default=True)

# Legal review L6 (send-rules.md section 7): the date of the mediation agreement, from which every regulation 42 date
# runs. "in_session": the day the parties confirmed the final text in the meeting, recorded by the mediator (the
# parties' later online confirmation is a receipt); "last_confirmation": the day the last party agreed online.
AGREEMENT_DATE_RULE = env.str("AGREEMENT_DATE_RULE", default="in_session")
# A party who agreed in the meeting is reminded once to confirm receipt of the agreed plan after this many working
# days.
AGREEMENT_RECEIPT_WORKING_DAYS = env.int("AGREEMENT_RECEIPT_WORKING_DAYS", default=5)

# Legal review L10: whose attendee must be confirmed in writing as able to settle: "every_party_body" (the LA, and an
# ICB or social care team where their issues are in dispute; the Code [O]) or "la_only".
AUTHORITY_TO_SETTLE_BODIES = env.str("AUTHORITY_TO_SETTLE_BODIES", default="every_party_body")

# Legal review L12: where a parent is the party and the child does not attend, the outcome is recorded only once the
# mediator has recorded the steps taken to find out the child's views (s.56(1)(e), reg 38(2)).
CHILD_VIEWS_RECORD_REQUIRED = env.bool("CHILD_VIEWS_RECORD_REQUIRED", default=True)

# Legal review L14: the mediation adviser (s.56(3)), the mediator and the DR facilitator must not be employed by any
# LA in England, an ICB or NHS England: "required" refuses to let anyone act until they have declared they are not.
ADVISER_INDEPENDENCE_DECLARATION = env.str("ADVISER_INDEPENDENCE_DECLARATION", default="required")

# Legal review section 5: the family's one supporter attends as of right whoever they are, a member of the school's
# staff included (reg 38(1)(b) [P*], Kumar v LB Hillingdon); off: school staff need the parties' consent.
SCHOOL_SUPPORTER_AS_OF_RIGHT = env.bool("SCHOOL_SUPPORTER_AS_OF_RIGHT", default=True)
# How long the record of the steps taken to hear the child is kept after the case closes: empty keeps it as long as
# the case itself (legal review L12: it is evidence the duty was met, not a confidential note).
CHILD_VIEWS_STEPS_RETENTION_DAYS = env.int("CHILD_VIEWS_STEPS_RETENTION_DAYS", default=None)
