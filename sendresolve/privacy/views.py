"""The data protection pages: find a person, see what is held about them, export it (service managers and
administrators), correct their name or address and erase them (administrators). Each view decides access first
(`subjects.require_exporter` / `require_administrator`, then `subject_for`'s reach), then parses, calls one
service or selector, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_list_view
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.privacy import erasure, summary
from sendresolve.privacy.erasure_checks import erasure_check
from sendresolve.privacy.export import subject_access_export
from sendresolve.privacy.forms import CorrectionForm, ErasureForm, FindPersonForm
from sendresolve.privacy.subjects import require_administrator, require_exporter, subject_for, subject_search


@require_GET
def find_person(request):
    require_exporter(request)
    form = FindPersonForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    people = subject_search(query) if query else []
    if query:
        audit_list_view(request=request, summary=f"Searched for people's data: {len(people)} found")
    return render(request, "privacy/find.html", {"form": form, "people": people, "query": query},
                  status=400 if form.errors else 200)


@require_GET
def person(request, key: str):
    require_exporter(request)
    subject = subject_for(request.user, key)
    return render(request, "privacy/person.html", summary.person_page(request=request, subject=subject))


@require_POST
def export(request, key: str):
    require_exporter(request)
    made = subject_access_export(acting_user=request.user, subject=subject_for(request.user, key), request=request)
    response = FileResponse(made.archive, content_type="application/zip", as_attachment=True, filename=made.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def correct(request, key: str):
    require_administrator(request)
    subject = subject_for(request.user, key)
    form = CorrectionForm(request.POST or None, initial={"full_name": subject.name, "email": subject.email})
    if request.method == "GET":
        summary.person_read(request=request, subject=subject, what="the form to correct their name or address")
    if request.method == "POST" and form.is_valid():
        try:
            erasure.person_correct(acting_user=request.user, subject=subject, request=request, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Their name and e-mail address are corrected.")
            return redirect("privacy_person", key=key)
    return render(request, "privacy/correct.html", {"subject": subject, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def erase(request, key: str):
    require_administrator(request)
    subject = subject_for(request.user, key)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = erasure.person_erase(acting_user=request.user, subject=subject, request=request,
                                        reason=form.cleaned_data["reason"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, done.summary)
            return redirect("privacy_find")
    if request.method == "GET":
        summary.person_read(request=request, subject=subject, what="whether they may be erased")
    check = erasure_check(acting_user=request.user, subject=subject)
    return render(request, "privacy/erase.html", {"subject": subject, "form": form, "check": check},
                  status=400 if form.errors else 200)
