"""Arranging deadlines of cases the family withdrew, or that could not be arranged, leave the work queue (they stayed
in the LA's queue as overdue): the same rule `clockwork.in_work_queue` now applies when deadlines are stored."""

from django.db import migrations
from django.db.models import Q

ARRANGING_RULES = ("T4a", "T4b", "T4c")


def arranging_ended_leaves_the_queue(apps, schema_editor):
    CaseDeadline = apps.get_model("cases", "CaseDeadline")
    QueueEntry = apps.get_model("cases", "QueueEntry")
    ended = CaseDeadline.objects.filter(rule__in=ARRANGING_RULES, in_queue=True).filter(
        Q(case__withdrawal_informed__isnull=False) | Q(case__unable_to_arrange_informed__isnull=False))
    ids = list(ended.values_list("id", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        QueueEntry.objects.filter(deadline_id__in=chunk).delete()
        CaseDeadline.objects.filter(id__in=chunk).update(in_queue=False)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_queue_entries")]
    operations = [migrations.RunPython(arranging_ended_leaves_the_queue, migrations.RunPython.noop)]
