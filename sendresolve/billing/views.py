"""The invoice and contract pages. Each view decides access first (`access.require_reader`, then the invoice or
contract through the reader's own scope: 404 for anything not theirs), then parses, calls one service or selector,
and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_list_view, audit_view
from sendresolve.billing import selectors
from sendresolve.billing.access import ISSUING_ROLES, invoice_for, may_issue, provider_ids, require_reader
from sendresolve.billing.choices import MANUAL_CODE
from sendresolve.billing.drafting import invoices_draft_now_for
from sendresolve.billing.forms import CreditForm, LineAddForm, LineAdjustForm
from sendresolve.billing.issued import RENDERERS, invoice_document
from sendresolve.billing.issuing import invoice_credit, invoice_issue
from sendresolve.billing.lines import invoice_line_add, invoice_line_adjust
from sendresolve.core.keyset import BadCursor
from sendresolve.core.refusals import REFUSALS, refusal_message


def _invoice(request, invoice_id: int):
    require_reader(request)
    return invoice_for(request.user, invoice_id)


def _draft_for_issuer(request, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    if not (invoice.is_draft and may_issue(request.user, invoice)):
        raise Http404("No such page")
    return invoice


@login_required
@require_GET
def invoice_list(request):
    require_reader(request)
    try:
        page = selectors.issued_page(request.user, after=request.GET.get("after", ""),
                                     before=request.GET.get("before", ""))
    except BadCursor:
        raise Http404("No such page") from None
    audit_list_view(request=request, summary="Viewed the list of invoices")
    return render(request, "billing/invoice_list.html", {
        "drafts": selectors.drafts_for(request.user), "page": page,
        "may_draft": bool(provider_ids(request.user, ISSUING_ROLES)),
    })


@login_required
@require_POST
def invoices_draft_now(request):
    """Drafts every current contract's invoice of the user's provider up to today."""
    require_reader(request)
    if not provider_ids(request.user, ISSUING_ROLES):
        raise Http404("No such page")
    done = invoices_draft_now_for(acting_user=request.user, request=request)
    for refusal in done.refusals:
        messages.error(request, refusal)
    messages.success(request, f"Drafted up to today: {done.drafts} draft invoice{'s' if done.drafts != 1 else ''} "
                              "to review. Anything already on an invoice was left as it was.")
    return redirect("invoice_list")


@login_required
@require_GET
def invoice_detail(request, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    audit_view(actor=request.user, target=invoice, request=request, summary=f"Viewed {invoice}")
    return render(request, "billing/invoice_detail.html", {"p": selectors.invoice_page(request.user, invoice)})


@login_required
@require_http_methods(["GET", "POST"])
def invoice_line_adjust_page(request, invoice_id: int, line_id: int):
    invoice = _draft_for_issuer(request, invoice_id)
    line = selectors.line_of(invoice, line_id)
    form = LineAdjustForm(request.POST or None, negative_allowed=line.code == MANUAL_CODE,
                          initial={"quantity": f"{line.quantity.normalize():f}", "unit_price": line.unit_price})
    if request.method == "POST" and form.is_valid():
        try:
            invoice_line_adjust(acting_user=request.user, line=line, request=request, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Line {line.position} adjusted.")
            return redirect("invoice_detail", invoice_id=invoice.pk)
    return render(request, "billing/line_adjust.html", {"invoice": invoice, "line": line, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_line_add_page(request, invoice_id: int):
    invoice = _draft_for_issuer(request, invoice_id)
    form = LineAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice_line_add(acting_user=request.user, invoice=invoice, request=request, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Line added.")
            return redirect("invoice_detail", invoice_id=invoice.pk)
    return render(request, "billing/line_add.html", {"invoice": invoice, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def invoice_issue_page(request, invoice_id: int):
    invoice = _draft_for_issuer(request, invoice_id)
    try:
        issued = invoice_issue(acting_user=request.user, invoice=invoice, request=request)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("invoice_detail", invoice_id=invoice.pk)
    messages.success(request, f"Invoice {issued.number} issued and e-mailed to {issued.sent_to}.")
    return redirect("invoice_detail", invoice_id=issued.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_credit_page(request, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    page = selectors.invoice_page(request.user, invoice)
    if not page.may_credit:
        raise Http404("No such page")
    form = CreditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credit = invoice_credit(acting_user=request.user, invoice=invoice, reason=form.cleaned_data["reason"],
                                    request=request)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"Credit note {credit.number} issued: it reverses {invoice.number} and was "
                                      f"e-mailed to {credit.sent_to}.")
            return redirect("invoice_detail", invoice_id=credit.pk)
    return render(request, "billing/credit.html", {"invoice": invoice, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def invoice_download(request, invoice_id: int, extension: str):
    """The issued document: the stored bytes, the same in every download and e-mail."""
    invoice = _invoice(request, invoice_id)
    if extension not in RENDERERS:
        raise Http404("No such document")
    document = invoice_document(invoice, extension)
    audit_view(actor=request.user, target=invoice, request=request, summary=f"Downloaded {document.filename}")
    response = HttpResponse(document.content(), content_type=document.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def contract_list(request):
    require_reader(request)
    contracts = list(selectors.contracts_visible_to(request.user))
    return render(request, "billing/contract_list.html", {"contracts": contracts})


@login_required
@require_GET
def contract_detail(request, contract_id: int):
    require_reader(request)
    contract = selectors.contract_for(request.user, contract_id)
    return render(request, "billing/contract_detail.html", {
        "contract": contract, "prices": list(contract.prices.all()), "spend": selectors.contract_spend(contract)})
