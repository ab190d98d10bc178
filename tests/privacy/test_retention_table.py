"""The retention table covers every model that holds personal data, each entry is well formed (its fields, lookups,
files and period setting exist), the daily run is one of the sweep's jobs, and docs/data-protection.md says what the
table says."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

from sendresolve.privacy.retention_entries import Action
from sendresolve.privacy.retention_schedule import END, START, retention_schedule_markdown
from sendresolve.privacy.retention_table import NO_PERSONAL_DATA, SUBJECTS, TABLE

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "data-protection.md"


def test_every_installed_model_is_in_the_table_or_said_to_hold_no_personal_data():
    installed = {model._meta.label for model in apps.get_models(include_auto_created=True)}
    in_table = {entry.model for entry in TABLE}
    without = {item.model for item in NO_PERSONAL_DATA}
    assert not in_table & without, "a model cannot both hold personal data and not"
    missing = installed - in_table - without
    assert not missing, (f"These models are in neither the retention table nor NO_PERSONAL_DATA: {sorted(missing)}. "
                         "Add an entry to sendresolve/privacy/retention_table.py saying how long their rows are "
                         "kept and why, or say why they hold nothing about a person.")
    assert not (in_table | without) - installed, "an entry names a model that is not installed"
    assert all(item.reason.strip() for item in NO_PERSONAL_DATA)


def test_every_stored_file_of_a_model_with_personal_data_goes_with_its_row():
    for label in {entry.model for entry in TABLE}:
        file_fields = {f.name for f in apps.get_model(label)._meta.get_fields() if isinstance(f, models.FileField)}
        listed = {name for entry in TABLE if entry.model == label for name in entry.files}
        assert file_fields == listed, f"{label}: the stored files {file_fields - listed} are never removed"


def _follow(model, path: str):
    for name in filter(None, path.split("__")):
        model = model._meta.get_field(name).related_model
    return model


def test_each_entry_names_real_fields_lookups_and_settings():
    keys = [entry.key for entry in TABLE]
    assert len(keys) == len(set(keys))
    for entry in TABLE:
        model = apps.get_model(entry.model)
        assert entry.holds and entry.reason and entry.effect, entry.key
        for name in (*entry.changes, *entry.files):
            model._meta.get_field(name)  # raises FieldDoesNotExist
        assert bool(entry.changes) == (entry.action in (Action.ANONYMISE, Action.CLEAR)), entry.key
        if entry.subject is not None:
            assert entry.select is not None or _follow(model, entry.path) is apps.get_model(entry.subject.model)
            assert entry.period is None and not entry.start
        else:
            assert entry.period is not None and entry.runs_from and entry.start, entry.key
            if isinstance(entry.start, str):
                _follow(model, entry.start.rpartition("__")[0])._meta.get_field(entry.start.rpartition("__")[2])
            if entry.case_path is not None:
                assert _follow(model, entry.case_path) is apps.get_model("cases.Case")
        setting = entry.period_setting
        assert hasattr(settings, setting), setting
        assert getattr(settings, setting) is None or isinstance(getattr(settings, setting), int), setting
    for subject in SUBJECTS:  # the subject's own row is anonymised last, after every row that hangs from it
        own = [entry for entry in TABLE if entry.subject is subject]
        assert own[-1].model == subject.model and own[-1].path == ""


def test_the_daily_run_is_one_of_the_sweep_s_jobs_and_replaces_the_separate_rules():
    assert "sendresolve.privacy.retention.retention_run_daily" in settings.SWEEP_JOBS
    for path in settings.SWEEP_JOBS:
        import_string(path)
    assert not any(path.endswith(("notes_destroy_expired", "unsent_letters_remove")) for path in settings.SWEEP_JOBS)


def test_the_data_protection_document_says_what_the_table_says():
    text = DOCUMENT.read_text()
    assert START in text and END in text, "docs/data-protection.md has lost its retention schedule markers"
    written = text[text.index(START):text.index(END) + len(END)]
    assert written == retention_schedule_markdown(), (
        "docs/data-protection.md and the retention table differ: paste the output of "
        "`sendresolve manage retention_schedule` between the markers")
