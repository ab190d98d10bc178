"""The audit log page, for administrators: it joins who may see it (accounts) with what it shows (audit)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendresolve.accounts.selectors import user_access
from sendresolve.audit.forms import AuditFilterForm
from sendresolve.audit.selectors import audit_event_list, audit_event_page
from sendresolve.audit.services import audit_list_view
from sendresolve.core.keyset import BadCursor


@require_GET
def audit_log(request):
    if not (request.user.is_authenticated and user_access(request.user).is_administrator):
        raise Http404("No such page")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_event_list(**{key: value for key, value in filters.items() if value})
    try:
        page, no_such_page = audit_event_page(events.select_related(None), after=request.GET.get("after", ""),
                                              before=request.GET.get("before", "")), False
    except BadCursor:
        page, no_such_page = audit_event_page(events.select_related(None)), True
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    audit_list_view(request=request, summary=f"Viewed the audit log ({request.GET.urlencode()[:200] or 'all'})")
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode(),
                                              "no_such_page": no_such_page}, status=400 if no_such_page else 200)
