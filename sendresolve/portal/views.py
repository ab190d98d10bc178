from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sendresolve.accounts.selectors import independence_problem, user_access
from sendresolve.portal.home import home_panels


@login_required
def home(request):
    access = user_access(request.user)
    acts_independently = access.roles & {"case_officer", "mediator"}
    return render(request, "portal/home.html", {
        "panels": home_panels(access),
        "independence_missing": bool(acts_independently) and independence_problem(request.user) is not None,
    })
