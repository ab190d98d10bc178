"""The family's online request at /request/: question pages, check answers, e-mail code, confirmation."""

from __future__ import annotations

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendresolve.accounts.models import Organisation
from sendresolve.cases.intake import (
    FIRST,
    QUESTIONS,
    SECTION_CHOICES,
    SESSION_KEY,
    is_mediation,
    path_of,
    placement_only,
    request_dates,
)
from sendresolve.cases.intake_services import (
    family_request_check_code,
    family_request_send_code,
    family_request_store_letter,
    family_request_submit,
)
from sendresolve.cases.models import Case


def _answers(request) -> dict:
    return request.session.get(SESSION_KEY, {})


@require_http_methods(["GET", "POST"])
def question(request, slug: str = FIRST):
    if slug not in QUESTIONS:
        raise Http404("No such question")
    answers = _answers(request)
    path = path_of(answers)
    if slug not in path:
        return redirect("request_question", slug=path[-1])
    page = QUESTIONS[slug]
    initial = {name: answers[name] for name in page.form.base_fields if name in answers}
    posted = request.method == "POST"
    form = page.form(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        new_answers = {**form.answers(), f"{slug}_done": True}
        if getattr(form, "stores_upload", False) and form.cleaned_data.get("letter"):
            new_answers.update(family_request_store_letter(upload=form.cleaned_data["letter"],
                                                           content_type=form.letter_type))
        request.session[SESSION_KEY] = {**answers, **new_answers}
        following = path_of(request.session[SESSION_KEY])[-1] if "check" not in request.GET else "check"
        nxt = page.next(request.session[SESSION_KEY])
        if nxt == "check" or following == "check" or nxt not in QUESTIONS:
            return redirect("request_check")
        return redirect("request_question", slug=nxt)
    back = path[path.index(slug) - 1] if path.index(slug) > 0 else None
    return render(request, "request/question.html", {"form": form, "page": page, "back": back})


def _summary(answers: dict) -> list[tuple[str, str, str]]:
    rows = []
    for slug in path_of(answers):
        page = QUESTIONS[slug]
        form = page.form()
        for name, field in form.fields.items():
            value = answers.get(name, "")
            if name == "letter":
                value = answers.get("letter_name", "")
            if hasattr(field, "choices") and name != "local_authority":
                labels = dict(field.choices)
                value = ", ".join(str(labels.get(v, v)) for v in value) if isinstance(value, list) else \
                    labels.get(value, value)
            elif name == "local_authority" and value:
                value = Organisation.objects.filter(pk=value).values_list("name", flat=True).first() or ""
            rows.append((str(field.label), str(value), slug))
    return rows


@require_http_methods(["GET", "POST"])
def check(request):
    answers = _answers(request)
    if path_of(answers)[-1] != "contact" or "family_email" not in answers:
        return redirect("request_question", slug=path_of(answers)[-1])
    if request.method == "POST":
        family_request_send_code(session=request.session, email=answers["family_email"])
        return redirect("request_confirm")
    return render(request, "request/check.html", {
        "rows": _summary(answers), "mediation": is_mediation(answers), "placement_only": placement_only(answers),
        "dates": request_dates(answers), "sections": SECTION_CHOICES,
    })


@require_http_methods(["GET", "POST"])
def confirm(request):
    answers = _answers(request)
    if "family_email" not in answers:
        return redirect("request_question", slug=FIRST)
    error = None
    if request.method == "POST":
        try:
            family_request_check_code(session=request.session, code=request.POST.get("code", ""))
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            case, user = family_request_submit(answers=answers)
            del request.session[SESSION_KEY]
            if user is not None:
                login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            request.session["family_request_sent"] = case.reference
            return redirect("request_done")
    return render(request, "request/confirm.html", {"email": answers["family_email"], "error": error},
                  status=400 if error else 200)


def done(request):
    reference = request.session.get("family_request_sent")
    case = Case.objects.filter(reference=reference).select_related("local_authority").first() if reference else None
    if case is None:
        return redirect("request_question", slug=FIRST)
    deadlines = {deadline.rule: deadline for deadline in case.deadlines.all()}
    return render(request, "request/done.html", {"case": case, "deadlines": deadlines})
