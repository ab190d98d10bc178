"""The audit log page, for administrators: it joins who may see it (accounts) with what it shows (audit)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendresolve.accounts.selectors import user_access
from sendresolve.audit.forms import AuditFilterForm
from sendresolve.audit.selectors import audit_event_list, audit_event_page
from sendresolve.audit.services import audit_list_view


@require_GET
def audit_log(request):
    if not (request.user.is_authenticated and user_access(request.user).is_administrator):
        raise Http404("No such page")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_event_list(**{key: value for key, value in filters.items() if value})
    page = audit_event_page(events.select_related(None), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    audit_list_view(request=request, summary=f"Viewed the audit log ({request.GET.urlencode()[:200] or 'all'})")
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})
