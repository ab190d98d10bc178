from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sendresolve.accounts.selectors import independence_problem, user_access
from sendresolve.core.waiting import waiting_for
from sendresolve.portal.home import home_panels
from sendresolve.portal.selectors import home_lists


@login_required
def home(request):
    access = user_access(request.user)
    acts_independently = access.roles & {"case_officer", "mediator"}
    return render(request, "portal/home.html", {
        "panels": home_panels(access),
        "lists": home_lists(request.user, access),
        "waiting": waiting_for(request.user),
        "independence_missing": bool(acts_independently) and independence_problem(request.user) is not None,
    })
