from config.env import env

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}
# A message claimed by a worker that then died is picked up again after this many seconds.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
# A worker claims up to this many due messages at once and sends them over one connection to the mail server.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=50)
# One delivery task sends batch after batch for at most this long, then lets the worker run its other tasks (the
# sweep, which says it is alive, among them) and stop promptly when asked; what is left has tasks of its own.
OUTBOX_DRAIN_SECONDS = env.int("OUTBOX_DRAIN_SECONDS", default=5)
# How often a worker looks for messages whose worker died, and records that it is alive.
WORKER_SWEEP_SECONDS = env.int("WORKER_SWEEP_SECONDS", default=30)
# A message still waiting this long after it was written needs someone to look (the service manager's page lists
# it with the failed and bounced ones, and the daily e-mail counts it).
OUTBOX_STUCK_SECONDS = env.int("OUTBOX_STUCK_SECONDS", default=3600)
# The service managers' daily e-mail listing what needs attention goes at the first sweep after this hour
# (England's time), on days when anything does.
OUTBOX_REPORT_HOUR = env.int("OUTBOX_REPORT_HOUR", default=8)
# Idempotent jobs each sweep runs (they decide for themselves whether anything is due).
SWEEP_JOBS = [
    "sendresolve.meetings.reminders.meetings_send_reminders",
    "sendresolve.agreements.reminders.duties_send_follow_up",
    # Once a day: the retention table (sendresolve/privacy/retention_table.py), the confidential notes and the
    # letters of requests never sent among it.
    "sendresolve.privacy.retention.retention_run_daily",
    "sendresolve.cases.deemed.deemed_certificates_offer",
    "sendresolve.agreements.receipts.receipts_remind",
    "sendresolve.portal.outbox.outbox_report_failures",
    # Once a month: each contract's invoice for the month before, drafted for review (sendresolve/billing).
    "sendresolve.billing.drafting.invoices_draft_monthly",
    # Once a month, from FEE_STATEMENT_DRAFT_DAY: last month's statements of mediators' fees (sendresolve/fees).
    "sendresolve.fees.statements.statements_draft_monthly",
]
# The monthly invoices are drafted at the first sweep on or after this day of the month, from this hour (England's
# time): the 1st at 6am, so the drafts wait for review at the start of the first working day.
INVOICE_DRAFT_DAY = env.int("INVOICE_DRAFT_DAY", default=1)
INVOICE_DRAFT_HOUR = env.int("INVOICE_DRAFT_HOUR", default=6)
