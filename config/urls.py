from django.contrib import admin
from django.urls import include, path

from sendresolve.cases import views as case_views

urlpatterns = [
    path("", include("sendresolve.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("audit/", include("sendresolve.audit.urls")),
    # Before the cases' own URLs, whose last pattern takes any /cases/<reference>/<step>/.
    path("cases/", include("sendresolve.meetings.urls")),
    path("cases/", include("sendresolve.agreements.urls")),
    path("cases/", include("sendresolve.mediators.case_urls")),
    path("cases/", include("sendresolve.cases.urls")),
    path("mediators/", include("sendresolve.mediators.urls")),
    path("verify/", case_views.verify, name="verify"),
    path("request/", include("sendresolve.cases.request_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "sendresolve.core.views.bad_request"
handler403 = "sendresolve.core.views.permission_denied"
handler404 = "sendresolve.core.views.page_not_found"
handler500 = "sendresolve.core.views.server_error"
