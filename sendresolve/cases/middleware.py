"""Every read of a case's pages is in the audit log, whichever app's page it is.

A page under a case (its URL carries the case's reference) that answered a signed-in reader with its content
is recorded once, after the view decided the reader may see it: who, when, from where, and which page (the
path names the document or the person read). Refusals (404) are not reads and are not recorded as such.
"""

from __future__ import annotations

from sendresolve.audit.services import audit_view
from sendresolve.cases.models import Case

_READS = ("GET", "HEAD")


class CaseReadAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (request.method in _READS and response.status_code == 200 and match is not None
                and "reference" in match.kwargs and request.user.is_authenticated):
            case = Case.objects.only("pk", "reference").filter(reference=match.kwargs["reference"]).first()
            if case is not None:
                page = (match.url_name or "page").replace("_", " ")
                audit_view(actor=request.user, target=case, request=request, summary=f"Viewed {page}")
        return response
