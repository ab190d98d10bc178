"""How long personal data that is not yet part of a case is kept."""

from config.env import env

# An online request's answers live in the family's session until sent; a letter uploaded with them is removed
# this many hours after upload if the request was never sent.
UNSENT_REQUEST_RETENTION_HOURS = env.int("UNSENT_REQUEST_RETENTION_HOURS", default=24)

# How often each process reads the administrators' bank-holiday overrides again (cases.calendar).
HOLIDAY_OVERRIDES_REREAD_SECONDS = env.int("HOLIDAY_OVERRIDES_REREAD_SECONDS", default=60)
