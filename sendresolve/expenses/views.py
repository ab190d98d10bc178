"""Expenses pages: a case's claims and what can be claimed, a claim (its costs, receipts, decision and payment),
sending it, and the paying body's decision and review. Each view parses input, calls one service or selector and
renders; a claim someone may not see is a 404, as if it did not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.audit.services import audit_view
from sendresolve.cases import selectors as case_selectors
from sendresolve.core.files import private_file_response
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.expenses import claims as claim_services
from sendresolve.expenses import decisions, selectors
from sendresolve.expenses.access import is_case_worker, is_claimant
from sendresolve.expenses.forms import (
    LineDecisionForm,
    LineForm,
    PaymentForm,
    ReviewRequestForm,
    StartClaimForm,
    SubmitForm,
    category_choices,
)
from sendresolve.expenses.models import ExpenseClaim


def _posted(request):
    """The form's data on a POST, even an empty one (an empty POST is a form sent with nothing chosen)."""
    return request.POST if request.method == "POST" else None


def _valid(form) -> None:
    if not form.is_valid():
        raise ValidationError("Check the answers marked below.")


@login_required
def expense_list(request):
    """The claims this person sees: the paying body's officers find the ones waiting for them first."""
    claims = selectors.claims_list(request.user)
    waiting = [claim for claim in claims if claim.status in selectors.WAITING_STATUSES]
    return render(request, "expenses/list.html", {
        "waiting": waiting, "others": [claim for claim in claims if claim not in waiting]})


@login_required
@require_http_methods(["GET", "POST"])
def expense_case(request, reference: str):
    """A case's claims, what can be claimed, and starting a claim for a meeting."""
    case = case_selectors.case_for(request.user, reference)
    claimants = selectors.claimants_for(request.user, case)
    meetings = selectors.claimable_meetings(case) if claimants else []
    form = StartClaimForm(_posted(request), meetings=[(m.pk, selectors.meeting_label(m)) for m in meetings],
                          claimants=[(p.pk, f"{p.name} ({p.get_role_display().lower()})") for p in claimants])
    if request.method == "POST":
        try:
            _valid(form)
            claim = claim_services.expense_claim_start(
                acting_user=request.user, case=case,
                meeting=next(m for m in meetings if m.pk == form.cleaned_data["meeting"]),
                claimant=next(p for p in claimants if p.pk == form.cleaned_data["claimant"]))
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            return redirect("expense_claim", reference=claim.reference)
    return render(request, "expenses/case.html", {
        "case": case, "claims": selectors.case_claims(request.user, case), "form": form, "meetings": meetings,
        "can_claim": bool(claimants), "text": selectors.family_expenses_text(case),
    }, status=400 if form.errors else 200)


def _claim_page(request, claim: ExpenseClaim, *, line_form=None, refused=None, status: int = 200):
    user = request.user
    editable = claim.status == ExpenseClaim.Status.DRAFT and (is_claimant(user, claim) or is_case_worker(user))
    if not is_claimant(user, claim):
        audit_view(actor=user, target=claim, request=request, summary="Viewed an expense claim")
    return render(request, "expenses/claim.html", {
        "claim": claim, "case": claim.case, "lines": list(claim.lines.all()), "editable": editable,
        "line_form": line_form or (LineForm(categories=category_choices(claim.policy.categories))
                                   if editable else None),
        "decides": selectors.decides(user, claim),
        "can_ask_review": selectors.may_ask_review(user, claim),
        "review_form": refused if isinstance(refused, ReviewRequestForm) else ReviewRequestForm(),
        "can_record_payment": selectors.may_record_payment(user, claim),
        "payment_form": refused if isinstance(refused, PaymentForm) else PaymentForm(),
        "refused": refused, "is_claimant": is_claimant(user, claim),
        "text": selectors.family_expenses_text(claim.case, claim.meeting_day) if editable else "",
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def expense_claim(request, reference: str):
    """The claim: its costs (added here while it is a draft), then its decision, review and payment."""
    claim = selectors.claim_for(request.user, reference)
    if request.method == "GET":
        return _claim_page(request, claim)
    form = LineForm(request.POST, request.FILES, categories=category_choices(claim.policy.categories))
    try:
        _valid(form)
        claim_services.expense_line_add(acting_user=request.user, claim=claim, details=form.details(),
                                        receipt=form.cleaned_data["receipt"])
    except REFUSALS as error:
        form.add_error(None, refusal_message(error))
        return _claim_page(request, claim, line_form=form, status=400)
    messages.success(request, "Cost added. Add another, or check and send your claim.")
    return redirect("expense_claim", reference=claim.reference)


@login_required
@require_POST
def expense_line_remove(request, reference: str, line_id: int):
    claim = selectors.claim_for(request.user, reference)
    try:
        claim_services.expense_line_remove(acting_user=request.user, claim=claim, line_id=line_id)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "Cost removed.")
    return redirect("expense_claim", reference=claim.reference)


@login_required
def expense_receipt(request, reference: str, line_id: int):
    claim = selectors.claim_for(request.user, reference)
    line = claim.lines.filter(pk=line_id).exclude(receipt="").first()
    if line is None:
        raise Http404("No such receipt")
    if not is_claimant(request.user, claim):
        audit_view(actor=request.user, target=claim, request=request,
                   summary=f"Downloaded the receipt of line {line.pk}")
    return private_file_response(line.receipt, content_type=line.receipt_type, filename=line.receipt_name)


@login_required
@require_http_methods(["GET", "POST"])
def expense_send(request, reference: str):
    """Check your answers, then the declaration and sending."""
    claim = selectors.claim_for(request.user, reference)
    if claim.status != ExpenseClaim.Status.DRAFT:
        return redirect("expense_claim", reference=claim.reference)
    form = SubmitForm(_posted(request))
    if request.method == "POST":
        try:
            _valid(form)
            claim_services.expense_claim_submit(acting_user=request.user, claim=claim, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Your claim {claim.reference} has been sent to {claim.paying_body}. We will "
                                      "e-mail you when it is decided.")
            return redirect("expense_claim", reference=claim.reference)
    return render(request, "expenses/send.html", {"claim": claim, "case": claim.case, "form": form,
                                                  "lines": list(claim.lines.all())},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def expense_decide(request, reference: str):
    """The paying body decides each cost (or, for a review, each cost not approved in full)."""
    claim = selectors.claim_for(request.user, reference)
    if not selectors.decides(request.user, claim):
        raise Http404("No such page")
    if claim.status not in selectors.WAITING_STATUSES:
        return redirect("expense_claim", reference=claim.reference)  # decided already: the claim shows how
    review = claim.status == ExpenseClaim.Status.REVIEW_REQUESTED
    lines = selectors.lines_to_decide(claim)
    forms = [LineDecisionForm(_posted(request), line=line) for line in lines]
    error = None
    if request.method == "POST":
        service = decisions.expense_claim_review if review else decisions.expense_claim_decide
        try:
            if not all([form.is_valid() for form in forms]):
                raise ValidationError("Check the decisions marked below.")
            service(acting_user=request.user, claim=claim,
                    decisions={form.line.pk: form.line_decision() for form in forms})
        except REFUSALS as refusal:
            error = refusal_message(refusal)
        else:
            messages.success(request, f"Claim {claim.reference} {'reviewed' if review else 'decided'}. "
                                      "The family has been told by e-mail.")
            return redirect("expense_claim", reference=claim.reference)
    return render(request, "expenses/decide.html", {
        "claim": claim, "case": claim.case, "rows": list(zip(lines, forms, strict=True)), "review": review,
        "error": error}, status=400 if error else 200)


@login_required
@require_POST
def expense_review_request(request, reference: str):
    claim = selectors.claim_for(request.user, reference)
    form = ReviewRequestForm(request.POST)
    try:
        _valid(form)
        decisions.expense_claim_request_review(acting_user=request.user, claim=claim, **form.cleaned_data)
    except REFUSALS as error:
        form.add_error(None, refusal_message(error))
        return _claim_page(request, claim, refused=form, status=400)
    messages.success(request, "You have asked for a review. A different officer will look at it again.")
    return redirect("expense_claim", reference=claim.reference)


@login_required
@require_POST
def expense_paid(request, reference: str):
    claim = selectors.claim_for(request.user, reference)
    form = PaymentForm(request.POST)
    try:
        _valid(form)
        decisions.expense_payment_record(acting_user=request.user, claim=claim, **form.cleaned_data)
    except REFUSALS as error:
        form.add_error(None, refusal_message(error))
        return _claim_page(request, claim, refused=form, status=400)
    messages.success(request, "The payment is recorded.")
    return redirect("expense_claim", reference=claim.reference)


@login_required
@require_POST
def expense_withdraw(request, reference: str):
    claim = selectors.claim_for(request.user, reference)
    try:
        claim_services.expense_claim_withdraw(acting_user=request.user, claim=claim)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "The claim is withdrawn.")
    return redirect("expense_case", reference=claim.case.reference)
