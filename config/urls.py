from django.contrib import admin
from django.urls import include, path

from sendresolve.accounts import views as account_views
from sendresolve.cases import views as case_views
from sendresolve.core import views as core_views

# allauth pages nobody may use: an account's address is the one the service stands behind (typed by the staff
# who made it, or proved by a code) and only an administrator changes it, so it can link people to cases.
CLOSED_ACCOUNT_PAGES = ("email/", "confirm-email/")

urlpatterns = [
    path("", include("sendresolve.core.urls")),
    path("", include("sendresolve.portal.urls")),
    *(path(f"accounts/{page}", core_views.page_not_found, name=f"closed_{page.strip('/')}")
      for page in CLOSED_ACCOUNT_PAGES),
    path("accounts/keep-alive/", account_views.keep_alive, name="keep_alive"),
    path("accounts/independence/", account_views.independence, name="independence"),
    path("accounts/", include("allauth.urls")),
    # Before the cases' own URLs, whose last pattern takes any /cases/<reference>/<step>/.
    path("cases/", include("sendresolve.meetings.urls")),
    path("cases/", include("sendresolve.agreements.urls")),
    path("cases/", include("sendresolve.mediators.case_urls")),
    path("cases/", include("sendresolve.cases.urls")),
    path("mediators/", include("sendresolve.mediators.urls")),
    path("fees/", include("sendresolve.fees.urls")),
    path("expenses/", include("sendresolve.expenses.urls")),
    path("billing/", include("sendresolve.billing.urls")),
    path("verify/", case_views.verify, name="verify"),
    path("request/", include("sendresolve.cases.request_urls")),
    path("data-protection/", include("sendresolve.privacy.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "sendresolve.core.views.bad_request"
handler403 = "sendresolve.core.views.permission_denied"
handler404 = "sendresolve.core.views.page_not_found"
handler500 = "sendresolve.core.views.server_error"
