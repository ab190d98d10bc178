"""The service managers' page of e-mail that needs attention, and what they may do there. Each view parses the
request, calls one selector or service from `portal.outbox`, and renders; the MFA gate (middleware) stands in front
of every staff page, and anyone else gets 404."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_list_view, audit_view
from sendresolve.core.forms import TextField
from sendresolve.core.keyset import BadCursor
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.portal.outbox import (
    email_mark_dealt_with,
    email_retry,
    is_operator,
    message_needing_attention,
    messages_needing_attention,
)


class DealtWithForm(forms.Form):
    resolution = TextField(label="What was done instead", max_length=500,
                           help_text="For example: phoned the LA's SEN team on 3 March and sent the notice by post",
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Say what was done instead"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("resolution"))


def _require_operator(request) -> None:
    if not (request.user.is_authenticated and is_operator(request.user)):
        raise Http404("No such page")


def _list(request, *, refusal: str = "", status: int = 200):
    try:
        page, no_such_page = messages_needing_attention(after=request.GET.get("after", ""),
                                                        before=request.GET.get("before", "")), False
    except BadCursor:
        page, no_such_page = messages_needing_attention(), True
    audit_list_view(request=request, summary="Viewed the e-mails that need attention")
    return render(request, "portal/outbox_failures.html", {"page": page, "no_such_page": no_such_page,
                                                           "refusal": refusal},
                  status=400 if no_such_page and status == 200 else status)


@login_required
@require_GET
def outbox_failures(request):
    _require_operator(request)
    return _list(request)


@login_required
@require_POST
def outbox_retry(request):
    _require_operator(request)
    try:
        message = email_retry(acting_user=request.user, message_id=request.POST.get("message", ""), request=request)
    except REFUSALS as error:
        return _list(request, refusal=refusal_message(error), status=400)
    messages.success(request, f"“{message.subject}” to {message.to} will be sent again in a moment.")
    return redirect("outbox_failures")


@login_required
@require_http_methods(["GET", "POST"])
def outbox_dealt_with(request):
    _require_operator(request)
    message = message_needing_attention(request.POST.get("message") or request.GET.get("message", ""))
    if message is None:
        raise Http404("No such message, or it does not need attention")
    form = DealtWithForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            email_mark_dealt_with(acting_user=request.user, message_id=message.pk,
                                  resolution=form.cleaned_data["resolution"], request=request)
        except REFUSALS as error:
            form.add_error("resolution", refusal_message(error))
        else:
            messages.success(request, f"Recorded how “{message.subject}” to {message.to} was dealt with.")
            return redirect("outbox_failures")
    if request.method == "GET":
        audit_view(actor=request.user, target=message, request=request, summary="Viewed an undelivered e-mail")
    return render(request, "portal/outbox_dealt_with.html", {"message": message, "form": form},
                  status=400 if form.errors else 200)
