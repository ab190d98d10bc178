"""Action Plan, outcome, follow-up and confidential notes pages. Each view parses input, calls one service or
selector, and renders; a page someone may not see is a 404, as if it did not exist."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.agreements import followup, issued, notes, plans
from sendresolve.agreements.documents import DOCX_TYPE, plan_docx, plan_pdf
from sendresolve.agreements.forms import (
    ActionFormSet,
    AgreeForm,
    DoneForm,
    NewDateForm,
    NoteForm,
    NotHappenedForm,
    OutcomeForm,
    PlanForm,
    ReceiptForm,
    SessionAgreementForm,
)
from sendresolve.agreements.models import ActionPlan, DutyUpdate, PlanAgreement
from sendresolve.agreements.outcomes import case_record_outcome
from sendresolve.cases import selectors as case_selectors
from sendresolve.cases.models import CaseDeadline
from sendresolve.core.files import private_file_response
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.mediators.selectors import is_allocated_mediator


def _initial_actions(plan: ActionPlan | None) -> list[dict]:
    if plan is None:
        return []
    return [{"description": a.description, "responsible": a.responsible, "kind": a.kind,
             "agreed_weeks": a.agreed_weeks} for a in plan.actions.all()]


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request, reference: str):
    """The mediator drafts the plan here; everyone else who can see the case reads the version sent or agreed."""
    case = case_selectors.case_for(request.user, reference)
    plan = plans.current_plan(case)
    if not is_allocated_mediator(request.user, case):
        shown = case.plans.exclude(status=ActionPlan.Status.DRAFT).order_by("-version").first()
        if shown is None:
            raise Http404("No plan has been sent yet")
        return render(request, "agreements/plan_read.html", {"case": case, "plan": shown,
                                                             "party": plans.party_of(request.user, shown)})
    form = PlanForm(request.POST or None, initial={
        "revision": plan.revision if plan else 0, "issues_discussed": plan.issues_discussed if plan else "",
        "issues_unresolved": plan.issues_unresolved if plan else ""})
    formset = ActionFormSet(request.POST or None, prefix="actions", initial=_initial_actions(plan))
    conflict = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = [line for f in formset.forms if (line := f.line())]
        write = plans.plan_save_and_send if "send" in request.POST else plans.plan_save_draft
        try:
            saved = write(acting_user=request.user, case=case, revision=form.cleaned_data["revision"],
                          issues_discussed=form.cleaned_data["issues_discussed"],
                          issues_unresolved=form.cleaned_data["issues_unresolved"], actions=lines)
        except plans.PlanConflict as error:
            conflict = error.plan
            # What they typed stays; the revision moves to the one they have now seen, so "save again" saves.
            data = request.POST.copy()
            data["revision"] = str(conflict.revision)
            form = PlanForm(data)
            form.is_valid()
            form.add_error(None, str(error))
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "The plan is sent to the parties to agree." if "send" in request.POST
                             else f"Draft saved (version {saved.version}).")
            return redirect("plan_page", reference=case.reference)
    return render(request, "agreements/plan_edit.html", {
        "case": case, "plan": plan, "form": form, "formset": formset, "conflict": conflict,
    }, status=409 if conflict else (400 if request.method == "POST" else 200))


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request, reference: str):
    case = case_selectors.case_for(request.user, reference)
    plan = case.plans.filter(status=ActionPlan.Status.SENT).order_by("-version").first()
    party = plans.party_of(request.user, plan) if plan else None
    if party is None:
        return _plan_receipt(request, case)
    form = AgreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_agree(acting_user=request.user, plan=plan, confirmed=form.cleaned_data["confirmed"],
                             typed_name=form.cleaned_data["typed_name"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            plan.refresh_from_db()
            messages.success(request, "Thank you: every party has agreed, so this is now the mediation agreement."
                             if plan.status == ActionPlan.Status.AGREED else
                             "Thank you: your agreement is recorded. We are waiting for the other parties.")
            return redirect("case_detail", reference=case.reference)
    already = plan.agreements.filter(participant=party).exists()
    return render(request, "agreements/plan_agree.html", {
        "case": case, "plan": plan, "form": form, "already": already,
        "statement": plans.AGREEMENT_STATEMENT.format(
            version=plan.version, party=party.organisation.name if party.organisation else "myself and my family"),
    }, status=400 if form.errors else 200)


def _plan_receipt(request, case):
    """After an agreement made in the meeting, a party confirms they have the agreed plan (a receipt)."""
    plan = case.plans.filter(status=ActionPlan.Status.AGREED).order_by("-version").first()
    party = plans.party_of(request.user, plan) if plan else None
    agreement = plan.agreements.filter(participant=party).first() if party else None
    if agreement is None or agreement.method != PlanAgreement.Method.IN_SESSION:
        raise Http404("Nothing for you to agree")
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plans.plan_confirm_receipt(acting_user=request.user, plan=plan)
        messages.success(request, "Thank you: you have confirmed you have the agreed Action Plan.")
        return redirect("case_detail", reference=case.reference)
    return render(request, "agreements/plan_receipt.html", {"case": case, "plan": plan, "form": form,
                                                             "agreement": agreement},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def plan_session_agreement(request, reference: str):
    """The mediator records the agreement made in the meeting: each party confirmed the final text on screen."""
    case = case_selectors.case_for(request.user, reference)
    plan = case.plans.filter(status=ActionPlan.Status.SENT).order_by("-version").first()
    if not is_allocated_mediator(request.user, case) or plan is None or settings.AGREEMENT_DATE_RULE != "in_session":
        raise Http404("Nothing to record")
    parties = plans.plan_parties(case)
    form = SessionAgreementForm(request.POST or None, parties=parties,
                                initial={"revision": plan.revision, "agreed_on": case.mediation_held})
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_record_session_agreement(
                acting_user=request.user, plan=plan, revision=form.cleaned_data["revision"],
                agreed_on=form.cleaned_data["agreed_on"], confirmed={int(i) for i in form.cleaned_data["confirmed"]})
        except (plans.PlanConflict, *REFUSALS) as error:
            form.add_error(None, refusal_message(error) if not isinstance(error, plans.PlanConflict) else str(error))
        else:
            messages.success(request, "The agreement is recorded: this is the mediation agreement, and its actions "
                                      "run from the day of the meeting. Every party has been sent the plan.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "agreements/plan_session.html", {"case": case, "plan": plan, "form": form},
                  status=400 if form.errors else 200)


@login_required
def plan_document(request, reference: str, version: int, extension: str):
    case = case_selectors.case_for(request.user, reference)
    plan = case.plans.filter(version=version).first()
    draft_for_others = plan is not None and plan.status == ActionPlan.Status.DRAFT and not (
        is_allocated_mediator(request.user, case))
    if plan is None or draft_for_others:
        raise Http404("No such plan")
    if plan.status == ActionPlan.Status.DRAFT:  # the mediator's working copy: rendered afresh, never issued
        name = f"action-plan-{case.reference}-v{plan.version}-draft.{extension}"
        content = plan_pdf(plan) if extension == "pdf" else plan_docx(plan)
        response = HttpResponse(content, content_type="application/pdf" if extension == "pdf" else DOCX_TYPE)
    else:
        document = issued.plan_document(plan, extension)
        name, response = document.filename, HttpResponse(document.content(), content_type=document.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def outcome_page(request, reference: str):
    case = case_selectors.case_for(request.user, reference)
    if not (case_selectors.sees_staff_fields(request.user) or is_allocated_mediator(request.user, case)):
        raise Http404("No such page")
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_record_outcome(acting_user=request.user, case=case, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "The outcome is recorded. The certificate is due in 3 working days.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "agreements/outcome.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@login_required
def duties_page(request, reference: str):
    """Every agreed action with its date and what has happened; each person has the buttons that are theirs."""
    return _duties_page(request, case_selectors.case_for(request.user, reference))


def _duties_page(request, case, *, refused=None, status: int = 200):
    """A form refused comes back bound in its open section, what was typed kept, its errors summarised on top."""
    duties = list(CaseDeadline.objects.filter(case=case, plan_action__isnull=False)
                  .select_related("plan_action").order_by("due", "rule"))
    updates: dict = {}
    for update in DutyUpdate.objects.filter(action__plan__case=case).select_related("by").order_by("at", "id"):
        updates.setdefault((update.action_id, update.rule), []).append(update)
    family = followup.is_family(request.user, case)
    # Whom the user acts for, once per kind of body rather than once per action.
    acts = {r: not family and followup.acts_for(request.user, case, r)
            for r in {duty.plan_action.responsible for duty in duties}}
    rows = []
    for duty in duties:
        history = updates.get((duty.plan_action_id, duty.rule), [])
        pending = followup.new_date_waiting(history)
        prefix = f"{duty.plan_action_id}-{duty.rule}"
        forms = {"done": DoneForm(prefix=f"done-{prefix}"), "date": NewDateForm(prefix=f"date-{prefix}"),
                 "report": NotHappenedForm(prefix=f"report-{prefix}")}
        open_ = next((name for name, form in forms.items() if refused is not None and form.prefix == refused.prefix),
                     "")
        if open_:
            forms[open_] = refused
        rows.append({
            "duty": duty, "history": history, "pending": pending,
            "status": case_selectors.deadline_status(duty),
            "responsible": acts[duty.plan_action.responsible],
            "family": family, "open": open_,
            "done_form": forms["done"], "date_form": forms["date"], "report_form": forms["report"],
        })
    t12 = case.deadlines.filter(rule="T12").first()
    return render(request, "agreements/duties.html", {
        "case": case, "rows": rows, "t12": t12, "refused": refused,
        "can_tell_la": t12 is not None and followup.acts_for(request.user, case, "icb") and not family,
    }, status=status)


@login_required
@require_POST
def duty_act(request, reference: str, action_id: int, rule: str):
    case = case_selectors.case_for(request.user, reference)
    what, prefix = request.POST.get("what", ""), f"{action_id}-{rule}"
    form = None
    try:
        if what == "done":
            form = DoneForm(request.POST, request.FILES, prefix=f"done-{prefix}")
            _valid(form)
            followup.duty_mark_done(acting_user=request.user, case=case, action_id=action_id, rule=rule,
                                    note=form.cleaned_data["note"], evidence=form.cleaned_data["evidence"])
            done = "Marked done."
        elif what == "new_date":
            form = NewDateForm(request.POST, prefix=f"date-{prefix}")
            _valid(form)
            followup.duty_ask_new_date(acting_user=request.user, case=case, action_id=action_id, rule=rule,
                                       **form.cleaned_data)
            done = "The family has been asked to agree the new date."
        elif what in ("agree", "refuse"):
            followup.duty_answer_new_date(acting_user=request.user, case=case, action_id=action_id, rule=rule,
                                          agree=what == "agree")
            done = "Thank you: your answer is recorded."
        elif what == "not_happened":
            form = NotHappenedForm(request.POST, prefix=f"report-{prefix}")
            _valid(form)
            followup.duty_report_not_happened(acting_user=request.user, case=case, action_id=action_id,
                                              rule=rule, note=form.cleaned_data["note"])
            done = "Thank you: we have told the mediation service and the local authority."
        else:
            raise Http404("No such action")
    except REFUSALS as error:
        if form is None:  # an answer with no form to keep (agree, refuse)
            messages.error(request, refusal_message(error))
            return redirect("duties_page", reference=case.reference)
        if not isinstance(error, InvalidForm):
            form.add_error(None, refusal_message(error))
        return _duties_page(request, case, refused=form, status=400)
    messages.success(request, done)
    return redirect("duties_page", reference=case.reference)


class InvalidForm(ValidationError):
    """The form's own errors: shown on its fields, not repeated at the top of it."""


def _valid(form) -> None:
    if not form.is_valid():
        raise InvalidForm("The form has errors.")


@login_required
@require_POST
def la_told(request, reference: str):
    from django.utils import timezone

    case = case_selectors.case_for(request.user, reference)
    try:
        followup.case_record_la_told(acting_user=request.user, case=case, on=timezone.localdate())
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "Recorded: the LA has been told of the agreement.")
    return redirect("duties_page", reference=case.reference)


@login_required
def evidence_download(request, reference: str, update_id: int):
    case = case_selectors.case_for(request.user, reference)
    update = DutyUpdate.objects.filter(pk=update_id, action__plan__case=case).exclude(evidence="").first()
    if update is None:
        raise Http404("No such document")
    return private_file_response(update.evidence, content_type=update.evidence_type, filename=update.evidence_name)


@login_required
@require_http_methods(["GET", "POST"])
def notes_page(request, reference: str):
    """The mediator's private notes: anyone else, the case officer and the administrator included, gets 404."""
    case = case_selectors.case_for(request.user, reference)
    existing = notes.notes_for(request.user, case, request=request)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notes.note_add(acting_user=request.user, case=case, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Note saved. Only you can read it.")
            return redirect("notes_page", reference=case.reference)
    return render(request, "agreements/notes.html", {"case": case, "notes": existing, "form": form},
                  status=400 if form.errors else 200)
