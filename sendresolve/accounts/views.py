"""The few account pages that are the service's own (the rest are allauth's)."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

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
