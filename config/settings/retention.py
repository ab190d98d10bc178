"""How long personal data is kept (the retention table, `sendresolve/privacy/retention_table.py`, and
`docs/data-protection.md`). Each period is a setting with its default's reason; the table says what each applies to.
Empty (where allowed) keeps the data for as long as what it belongs to."""

from config.env import env

# An online request's answers live in the family's session until sent; a letter uploaded with them is removed
# this many hours after upload if the request was never sent. A day is long enough to finish a request started in
# the evening; the answers (a child's name and date of birth) serve no purpose after that (UK GDPR Art 5(1)(e)).
UNSENT_REQUEST_RETENTION_HOURS = env.int("UNSENT_REQUEST_RETENTION_HOURS", default=24)

# A sign-in code works for minutes; the e-mail that carried it is blanked this many hours after it was written, so
# the outbox never holds a usable code, and a day is left to answer "I never got my code".
SIGN_IN_CODE_RETENTION_HOURS = env.int("SIGN_IN_CODE_RETENTION_HOURS", default=24)

# A session (and an unsent request in it) ends SESSION_COOKIE_AGE (8 hours) after its last page; it is deleted this
# many hours after that. Nothing in an expired session can be used again.
EXPIRED_SESSION_RETENTION_HOURS = env.int("EXPIRED_SESSION_RETENTION_HOURS", default=0)

# An e-mail's body and attachments are blanked this many days after it was sent (or given up on); the row (to whom,
# subject, status, when) stays as the record that it was sent. GOV.UK Notify keeps message content 7 days by default
# and at most 90; 90 leaves time to answer "what did you send me" and to check a complaint about a notice.
OUTBOX_BODY_RETENTION_DAYS = env.int("OUTBOX_BODY_RETENTION_DAYS", default=90)
# The row itself is deleted this many years after it was written: as long as a claim about a notice could be made
# (Limitation Act 1980 ss.2 and 5: six years).
OUTBOX_RECORD_RETENTION_YEARS = env.int("OUTBOX_RECORD_RETENTION_YEARS", default=6)

# The workers' finished background tasks (sending, the sweep, recomputations) are deleted this many days after they
# finished: about 2,880 a day from the sweep alone, and their arguments can name a message; a week is enough to look
# into a failure.
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=7)

# A contract default: a closed case is anonymised (statistics kept, nothing that names anyone) this many years after
# it closed or after the last of its agreed actions was done, whichever is later. Six years is the time in which a
# claim in contract or negligence can be brought (Limitation Act 1980 ss.2 and 5); a local authority's contract may
# set a longer period (some keep their own SEN casework until the child is 31), and this setting follows it.
CLOSED_CASE_RETENTION_YEARS = env.int("CLOSED_CASE_RETENTION_YEARS", default=6)

# The audit log (sign-ins, reads and changes of personal data) and the admin's own change log are deleted this many
# years after each entry: the same six years, so the audit of who read a case outlives any claim about it.
AUDIT_RETENTION_YEARS = env.int("AUDIT_RETENTION_YEARS", default=6)

# An account that is switched off, or a family member's account that no case names any more, is anonymised this many
# years after its last sign-in (six, as for the work it was used for).
ACCOUNT_RETENTION_YEARS = env.int("ACCOUNT_RETENTION_YEARS", default=6)

# A mediator's times (when they can meet) are deleted this many days after they end: only future times are offered.
MEDIATOR_TIMES_RETENTION_DAYS = env.int("MEDIATOR_TIMES_RETENTION_DAYS", default=30)

# Invoices and credit notes (with their lines and documents) are deleted this many years after the end of the
# financial year (31 March) they were issued in: HMRC asks a VAT-registered business to keep its VAT records, invoices
# among them, for 6 years (VAT Notice 700/21, "Keeping VAT records"), and a claim on a contract can be brought for 6
# years (Limitation Act 1980 s.5). A contract's finance contact is cleared the same period after the contract ends.
INVOICE_RETENTION_YEARS = env.int("INVOICE_RETENTION_YEARS", default=6)

# The retention table is applied once a day, by the first worker sweep after this hour (England's time): a quiet hour.
# What falls due is gone within a day of its period ending.
RETENTION_RUN_HOUR = env.int("RETENTION_RUN_HOUR", default=2)

# How often each process reads the administrators' bank-holiday overrides again (cases.calendar).
HOLIDAY_OVERRIDES_REREAD_SECONDS = env.int("HOLIDAY_OVERRIDES_REREAD_SECONDS", default=60)
