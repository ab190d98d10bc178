"""Fees pages: a mediator's time and statements, their self-billing agreement, and the service manager's view of
every statement. Each view decides who may see it (`selectors`: 404 for anyone else), parses the input, calls one
service or selector, renders."""

from __future__ import annotations

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.audit.services import audit_list_view, audit_view
from sendresolve.cases.models import Case
from sendresolve.clock.months import month_start, previous_month_start
from sendresolve.clock.output import long_date
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.fees import selectors, self_billing, statements, timekeeping
from sendresolve.fees.drafting import agreement_in_force
from sendresolve.fees.forms import AgreementForm, AnswerForm, DisputeForm, DraftForm, TimeForm
from sendresolve.fees.issued import statement_document
from sendresolve.fees.models import Statement
from sendresolve.fees.pay import hours_and_minutes
from sendresolve.fees.timekeeping import TimeDetails


def _time_form(request, profile, *, entry=None, meeting=None) -> TimeForm:
    cases = selectors.cases_to_record_on(request.user)
    if entry is not None:
        initial = {"activity": entry.activity, "worked_on": entry.worked_on, "hours": entry.minutes // 60,
                   "minutes": entry.minutes % 60, "note": entry.note}
    elif meeting is not None:
        length = int((meeting.end - meeting.start).total_seconds() // 60)
        initial = {"case": meeting.case.reference, "activity": "meeting", "worked_on": meeting.held_on,
                   "hours": length // 60, "minutes": length % 60}
    else:
        initial = {}
    return TimeForm(request.POST or None, cases=cases, fixed_case=entry.case if entry else None, initial=initial)


def _details(form: TimeForm) -> TimeDetails:
    data = form.cleaned_data
    return TimeDetails(activity=data["activity"], worked_on=data["worked_on"], minutes=data["total_minutes"],
                       note=data["note"])


@login_required
@require_http_methods(["GET", "POST"])
def fee_time(request):
    """The mediator's time: record new time (from a held meeting, pre-filled with its length), and what is recorded."""
    profile = selectors.own_profile(request.user)
    meeting = selectors.meeting_to_record(request.user, request.GET.get("meeting") or request.POST.get("meeting"))
    form = _time_form(request, profile, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        case = Case.objects.filter(reference=form.cleaned_data["case"]).first()
        try:
            entry = timekeeping.time_entry_record(acting_user=request.user, case=case, details=_details(form),
                                                  meeting=meeting)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Saved {hours_and_minutes(entry.minutes)} on case {case.reference}.")
            return redirect("fee_time")
    audit_list_view(request=request, summary="Viewed their time")
    return render(request, "fees/time.html", {
        "profile": profile, "form": form, "meeting": meeting, "entries": selectors.own_time(profile),
        "meetings": selectors.meetings_to_record(request.user), "listed": selectors.TIME_LISTED,
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def fee_time_correct(request, entry_id: int):
    profile = selectors.own_profile(request.user)
    entry = selectors.time_entry_for(request.user, entry_id)
    form = _time_form(request, profile, entry=entry)
    locked = entry.statement_id is not None and entry.statement.status == Statement.Status.ACCEPTED
    if request.method == "POST" and form.is_valid():
        try:
            timekeeping.time_entry_correct(acting_user=request.user, entry=entry, details=_details(form))
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Your time is corrected.")
            return redirect("fee_time")
    return render(request, "fees/time_correct.html", {"entry": entry, "form": form, "locked": locked},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def fee_time_remove(request, entry_id: int):
    entry = selectors.time_entry_for(request.user, entry_id)
    try:
        timekeeping.time_entry_remove(acting_user=request.user, entry=entry)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("fee_time_correct", entry_id=entry.pk)
    messages.success(request, "That time is removed.")
    return redirect("fee_time")


@login_required
def fee_statements(request):
    profile = selectors.own_profile(request.user)
    audit_list_view(request=request, summary="Viewed their statements")
    return render(request, "fees/statements.html", {
        "statements": selectors.own_statements(profile),
        "agreement": agreement_in_force(profile, timezone.localdate()),
    })


def _statement_page(request, statement: Statement, *, dispute_form=None, answer_form=None, status=200):
    own = statement.mediator.user_id == request.user.pk
    lines = list(selectors.statement_lines(statement))
    context = {
        "statement": statement, "lines": lines, "own": own, "manager": selectors.sees_all_fees(request.user),
        "disputes": list(statement.disputes.select_related("raised_by", "answered_by")),
        "unpriced": sum(1 for line in lines if line.rate_card_id is None) if statement.is_open else 0,
        "agreement": agreement_in_force(statement.mediator, timezone.localdate()) if own else None,
    }
    if statement.status == Statement.Status.AWAITING and own:
        context["dispute_form"] = dispute_form or DisputeForm(lines=lines)
    if statement.status == Statement.Status.DISPUTED and context["manager"]:
        context["answer_form"] = answer_form or AnswerForm()
    return render(request, "fees/statement.html", context, status=status)


@login_required
def fee_statement(request, statement_id: int):
    statement = selectors.statement_for(request.user, statement_id)
    audit_view(actor=request.user, target=statement, request=request, summary="Viewed a statement of fees")
    return _statement_page(request, statement)


def _revision(request) -> int:
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() else -1


@login_required
@require_POST
def fee_statement_accept(request, statement_id: int):
    statement = selectors.statement_for(request.user, statement_id)
    try:
        statement = statements.statement_accept(acting_user=request.user, statement=statement,
                                                revision=_revision(request))
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, f"Accepted: your invoice {statement.number} is ready to download.")
    return redirect("fee_statement", statement_id=statement.pk)


@login_required
@require_POST
def fee_statement_dispute(request, statement_id: int):
    statement = selectors.statement_for(request.user, statement_id)
    lines = list(selectors.statement_lines(statement))
    form = DisputeForm(request.POST, lines=lines)
    if form.is_valid():
        line = next(line for line in lines if str(line.pk) == form.cleaned_data["line"])
        try:
            statements.statement_dispute(acting_user=request.user, statement=statement, revision=_revision(request),
                                         line=line, reason=form.cleaned_data["reason"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Your dispute is with the service manager. The statement comes back to you "
                                      "when they answer.")
            return redirect("fee_statement", statement_id=statement.pk)
    return _statement_page(request, statement, dispute_form=form, status=400)


@login_required
@require_POST
def fee_statement_answer(request, statement_id: int):
    statement = selectors.statement_for(request.user, statement_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            statements.statement_answer_dispute(acting_user=request.user, statement=statement,
                                                answer=form.cleaned_data["answer"])
        except PermissionDenied:
            raise Http404("No such page") from None
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Your answer is sent and the statement is back with the mediator.")
            if Statement.objects.filter(pk=statement.pk).exists():
                return redirect("fee_statement", statement_id=statement.pk)
            return redirect("fee_manage")
    return _statement_page(request, statement, answer_form=form, status=400)


@login_required
def fee_statement_pdf(request, statement_id: int):
    """The accepted statement's stored PDF, byte for byte as it was issued."""
    statement = selectors.statement_for(request.user, statement_id)
    if statement.status != Statement.Status.ACCEPTED:
        messages.error(request, "The invoice can be downloaded once the statement is accepted.")
        return redirect("fee_statement", statement_id=statement.pk)
    document = statement_document(statement)
    audit_view(actor=request.user, target=statement, request=request, summary=f"Downloaded {statement.number}")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename,
                        content_type=document.mimetype)


@login_required
@require_http_methods(["GET", "POST"])
def fee_agreement(request):
    profile = selectors.own_profile(request.user)
    current = agreement_in_force(profile, timezone.localdate())
    initial = {"address": current.address, "vat_number": current.vat_number} if current else {}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = self_billing.self_billing_agree(
                acting_user=request.user, confirmed=data["confirmed"], typed_name=data["typed_name"],
                address=data["address"], vat_number=data["vat_number"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Thank you: you agreed to self-billing until {long_date(agreement.ends_on)}.")
            back_to = request.POST.get("statement", "")
            if back_to.isdigit() and Statement.objects.filter(pk=int(back_to), mediator=profile).exists():
                return redirect("fee_statement", statement_id=int(back_to))
            return redirect("fee_statements")
    words = self_billing.agreement_words(profile, *self_billing.agreement_period(timezone.localdate()))
    return render(request, "fees/agreement.html", {"form": form, "current": current, "words": words,
                                                   "statement": request.GET.get("statement") or
                                                   request.POST.get("statement", "")},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def fee_manage(request):
    """Every mediator's statements for the service manager, and drafting a month's statements now."""
    listed = selectors.all_statements(request.user)  # 404 for anyone but a service manager
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drafted = statements.statements_draft_for_month(acting_user=request.user,
                                                            month=date.fromisoformat(form.cleaned_data["month"]))
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Drafted {len(drafted)} statement{'s' if len(drafted) != 1 else ''}."
                             if drafted else "No statement was due: every mediator's time is on one already.")
            return redirect("fee_manage")
    audit_list_view(request=request, summary="Viewed mediators' statements")
    return render(request, "fees/manage.html", {"statements": listed, "form": form,
                                                "unbilled": selectors.time_not_on_a_statement(request.user),
                                                "payment_months": payment_months()},
                  status=400 if form.errors else 200)


PAYMENT_COLUMNS = ("Invoice number", "Mediator", "E-mail", "Accepted on", "Month of work", "Net", "VAT", "Total",
                   "VAT registration number")


@login_required
def fee_payments(request):
    """The statements accepted in a month, as a CSV file to pay them from (service managers only)."""
    months = payment_months()
    chosen = request.GET.get("month", "")
    if chosen not in months:
        raise Http404("No such month")
    accepted = selectors.accepted_in_month(request.user, months[chosen])  # 404 for anyone but a service manager
    audit_list_view(request=request, summary=f"Downloaded the statements accepted in {chosen} for payment")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mediators-statements-accepted-{chosen}.csv"'
    writer = csv.writer(response)
    writer.writerow(PAYMENT_COLUMNS)
    for statement in accepted:
        writer.writerow([statement.number, statement.supplier_name, statement.mediator.user.email,
                         timezone.localdate(statement.accepted_at).isoformat(), statement.month_words,
                         statement.net, statement.vat, statement.total, statement.vat_number])
    return response


def payment_months() -> dict[str, date]:
    """This month and the two before, by "YYYY-MM": the months whose acceptances can be downloaded."""
    month = month_start(timezone.localdate())
    months = {}
    for _ in range(3):
        months[f"{month:%Y-%m}"] = month
        month = previous_month_start(month)
    return months
