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
    LimitReached,
    family_request_check_code,
    family_request_forget_code,
    family_request_send_code,
    family_request_store_letter,
    family_request_submit,
)
from sendresolve.cases.models import Case
from sendresolve.core.fresh_pages import same_for_every_fresh_visitor


def _answers(request) -> dict:
    return request.session.get(SESSION_KEY, {})


@require_http_methods(["GET", "POST"])
@same_for_every_fresh_visitor
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
    form = page.form(request.POST if posted else None, request.FILES if posted else None, initial=initial,
                     answers=answers)
    if request.method == "POST" and form.is_valid():
        new_answers = {**form.answers(), f"{slug}_done": True}
        if getattr(form, "stores_upload", False) and form.cleaned_data.get("letter"):
            try:
                new_answers.update(family_request_store_letter(
                    request=request, upload=form.cleaned_data["letter"], content_type=form.letter_type,
                    replacing=answers.get("letter_id")))
            except LimitReached as limit:
                form.add_error("letter", str(limit))
                return render(request, "request/question.html", {"form": form, "page": page, "back": _back(path, slug)},
                              status=429)
        if any(answers.get(name) != value for name, value in new_answers.items() if name.startswith("family_")):
            family_request_forget_code(session=request.session)
        request.session[SESSION_KEY] = {**answers, **new_answers}
        following = path_of(request.session[SESSION_KEY])[-1] if "check" not in request.GET else "check"
        nxt = page.next(request.session[SESSION_KEY])
        if nxt == "check" or following == "check" or nxt not in QUESTIONS:
            return redirect("request_check")
        return redirect("request_question", slug=nxt)
    # A fresh visitor's unanswered question is the same form for everyone: rendered once per process.
    same_for_everyone = not answers and not posted
    return render(request, "request/question.html", {"form": form, "page": page, "back": _back(path, slug),
                                                     "same_for_everyone": same_for_everyone})


def _back(path: list[str], slug: str) -> str | None:
    return path[path.index(slug) - 1] if path.index(slug) > 0 else None


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
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            elif name == "local_authority" and value:
                value = Organisation.objects.filter(pk=value).values_list("name", flat=True).first() or ""
            rows.append((str(field.label), str(value), slug))
    return rows


@require_http_methods(["GET", "POST"])
def check(request):
    answers = _answers(request)
    if path_of(answers)[-1] != "contact" or "family_email" not in answers:
        return redirect("request_question", slug=path_of(answers)[-1])
    limit = None
    if request.method == "POST":
        try:
            family_request_send_code(request=request, email=answers["family_email"])
        except LimitReached as reached:
            limit = str(reached)
        else:
            return redirect("request_confirm")
    return render(request, "request/check.html", {
        "rows": _summary(answers), "mediation": is_mediation(answers), "placement_only": placement_only(answers),
        "dates": request_dates(answers), "sections": SECTION_CHOICES, "limit": limit,
    }, status=429 if limit else 200)


@require_http_methods(["GET", "POST"])
def confirm(request):
    answers = _answers(request)
    if "family_email" not in answers:
        return redirect("request_question", slug=FIRST)
    error, status = None, 200
    if request.method == "POST":
        try:
            proved = family_request_check_code(session=request.session, email=answers["family_email"],
                                               code=request.POST.get("code", "")[:20])
            sent = family_request_submit(request=request, answers=answers, proved_email=proved)
        except ValidationError as problem:
            error, status = problem.messages[0], 400
        except LimitReached as limit:
            error, status = str(limit), 429
        else:
            del request.session[SESSION_KEY]
            if sent.new_account is not None:
                # A new account for the address just proved, holding only this request: nothing else to protect.
                login(request, sent.new_account, backend="allauth.account.auth_backends.AuthenticationBackend")
            request.session["family_request_sent"] = {"reference": sent.case.reference,
                                                      "has_account": sent.has_account,
                                                      "signed_in": sent.new_account is not None}
            return redirect("request_done")
    return render(request, "request/confirm.html", {"email": answers["family_email"], "error": error},
                  status=status)


def done(request):
    sent = request.session.get("family_request_sent")
    case = (Case.objects.filter(reference=sent["reference"]).select_related("local_authority").first()
            if isinstance(sent, dict) else None)
    if case is None:
        return redirect("request_question", slug=FIRST)
    deadlines = {deadline.rule: deadline for deadline in case.deadlines.all()}
    return render(request, "request/done.html", {"case": case, "deadlines": deadlines,
                                                 "signed_in": sent["signed_in"] and request.user.is_authenticated,
                                                 "has_account": sent["has_account"]})
