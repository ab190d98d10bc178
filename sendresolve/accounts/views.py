"""The few account pages that are the service's own (the rest are allauth's)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.accounts.middleware import LAST_SEEN_KEY


@login_required
@require_POST
def keep_alive(request):
    """'Stay signed in' on the timeout warning: counts as activity. Answers the page's script with 204, or a form
    sent without script with the page it came from."""
    request.session[LAST_SEEN_KEY] = time.time()
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if safe and back else "home")


@login_required
@require_http_methods(["GET", "POST"])
def independence(request):
    """A person who acts as mediation adviser or mediator says whether they work for a public body (L14)."""
    from sendresolve.accounts.forms import IndependenceForm
    from sendresolve.accounts.models import IndependenceDeclaration
    from sendresolve.accounts.services import independence_declare

    current = IndependenceDeclaration.objects.filter(user=request.user).first()
    form = IndependenceForm(request.POST or None, initial={
        "employed": ("yes" if current.employed_by_public_body else "no") if current else None,
        "details": current.details if current else ""})
    if request.method == "POST" and form.is_valid():
        independence_declare(acting_user=request.user, employed_by_public_body=form.cleaned_data["employed"] == "yes",
                             details=form.cleaned_data["details"])
        messages.success(request, "Thank you: your declaration is recorded.")
        return redirect("home")
    return render(request, "account/independence.html", {"form": form, "current": current},
                  status=400 if form.errors else 200)
