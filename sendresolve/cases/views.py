"""Case pages. Each view parses input, calls one service or selector, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.audit.services import audit_list_view
from sendresolve.cases import corrections, parties, selectors, services
from sendresolve.cases.choices import CaseKind, RightsHolder
from sendresolve.cases.deemed import deemed_certificate_due
from sendresolve.cases.events import describe
from sendresolve.cases.extensions import case_panels
from sendresolve.cases.forms import (
    AddPartyForm,
    AdviserInformationForm,
    CaseCreateForm,
    DatedStepForm,
    DecisionCorrectionForm,
    VerifyForm,
    WorkQueueFilterForm,
)
from sendresolve.cases.intake import young_person
from sendresolve.cases.issued import certificate_document, certificate_mail_attachment
from sendresolve.cases.models import CaseParty, Certificate, Participant
from sendresolve.cases.notices import case_notice_key
from sendresolve.cases.states import (
    ARRANGING_STATES,
    FAMILY_STAGES,
    OPEN_STATES,
    State,
    TransitionNotAllowed,
    transitions_from,
)
from sendresolve.cases.steps import STEP_PAGES
from sendresolve.cases.visibility import QueueFilters
from sendresolve.clock.rules import UNCONFIRMED_CITATIONS
from sendresolve.core.files import private_file_response
from sendresolve.core.limits import within_limit
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.notifications.selectors import deliveries_and_notices

RECENT_CASES = 20


def _require_case_worker(request) -> None:
    if not selectors.sees_staff_fields(request.user):
        raise Http404("No such page")


@login_required
def case_list(request):
    local_authorities = selectors.local_authorities_for(request.user)
    form = WorkQueueFilterForm(request.GET, local_authorities=local_authorities, states=State.choices)
    filters, cursor = form.filters(), form.cursor()
    page = selectors.work_queue_page(request.user, QueueFilters(**filters), **cursor)
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    where = "the first page" if not (cursor["after"] or cursor["before"]) else "a later page"
    audit_list_view(request=request, summary=f"Viewed the work queue ({where})")
    return render(request, "cases/list.html", {
        "queue": page.items, "next_cursor": page.next_cursor, "previous_cursor": page.previous_cursor,
        "query": query.urlencode(), "cases": selectors.recent_cases(request.user, RECENT_CASES),
        "filters": filters, "form": form, "staff": selectors.sees_staff_fields(request.user),
        "local_authorities": local_authorities.values_list("pk", "name"), "kinds": CaseKind.choices,
        "states": State.choices,
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    _require_case_worker(request)
    form = CaseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mediation = data["kind"] == CaseKind.MEDIATION
        try:
            case = services.case_create(
                acting_user=request.user, kind=data["kind"], local_authority=data["local_authority"],
                child_name=data["child_name"], child_date_of_birth=data["child_date_of_birth"],
                rights_holder=data["rights_holder"], contacted_on=data["contacted_on"],
                contact_method=data["contact_method"], family_name=data["family_name"],
                family_email=data["family_email"], family_phone=data["family_phone"],
                decision=services.DecisionDetails(data["decision_type"], data["letter_dated"], data["sent_on"],
                                                  data["included_mediation_information"]) if mediation else None,
                issues=form.issues(),
                health_provision_wanted=data["health_provision_wanted"] if mediation else "",
                alternative_basis=data["alternative_basis"], looked_after_by=data["looked_after_by"],
                other_parties=form.parties(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Request {case.reference} saved.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "cases/new.html", {"form": form})


def _certificates_with_deliveries(user, case) -> tuple[list[tuple], list]:
    """Each certificate, with what was e-mailed and whether it was delivered (for the staff and the mediator); and
    for the staff, the case's statutory notices that failed or bounced (ADR 18). One query for both."""
    certificates = list(case.certificates.all())
    staff = selectors.sees_staff_fields(user)
    if not (staff or selectors.is_case_mediator(user, case)):
        return [(certificate, []) for certificate in certificates], []
    sent = deliveries_and_notices(document_keys=[certificate_mail_attachment(c).key for c in certificates],
                                  regarding=case_notice_key(case) if staff else "")
    return ([(certificate, sent.about.get(certificate_mail_attachment(certificate).key, []))
             for certificate in certificates], sent.undelivered_notices)


@login_required
def case_detail(request, reference: str):
    return _case_page(request, selectors.case_for(request.user, reference))


def _case_page(request, case, *, add_party_form: AddPartyForm | None = None, status: int = 200):
    """The case page; an in-page form refused comes back bound, with its errors summarised at the top."""
    staff = selectors.sees_staff_fields(request.user)
    certificates, undelivered_notices = _certificates_with_deliveries(request.user, case)
    # Read once here for every panel that asks (the meeting's and the mediator's among them).
    prefetch_related_objects([case], "issues", Prefetch("parties",
                                                        queryset=CaseParty.objects.select_related("organisation")),
                             Prefetch("participants",
                                      queryset=Participant.objects.select_related("user", "organisation")),
                             "deadlines")
    deadlines = [(deadline, selectors.deadline_status(deadline)) for deadline in case.deadlines.all()]
    steps = [(t, DatedStepForm(prefix=t.name, date_label=STEP_PAGES[t.name].date_label,
                               reason_required=bool(STEP_PAGES[t.name].reason_argument)))
             for t in transitions_from(case.kind, case.state) if t.name in STEP_PAGES] if staff else []
    return render(request, "cases/detail.html", {
        "case": case, "staff": staff, "deadlines": deadlines,
        "timeline": [(event, describe(event)) for event in selectors.case_timeline(case, staff=staff)],
        "issues": list(case.issues.all()), "parties": list(case.parties.all()),
        "family": selectors.family_participant(case), "certificates": certificates,
        "letters": list(case.letters.all()),
        "adviser_contacts": list(case.adviser_contacts.select_related("adviser")) if staff else [],
        "steps": steps, "can_give_information": staff and case.state == State.REQUEST_RECEIVED
        and case.kind == CaseKind.MEDIATION,
        "can_issue_certificate": staff and (any(t.name == "issue_certificate"
                                                for t in transitions_from(case.kind, case.state))
                                            or deemed_certificate_due(case)),
        "arranging": case.state in ARRANGING_STATES,
        "can_correct_decision": case.state in corrections.CORRECTABLE_STATES,
        "parent_of_young_person": staff and case.rights_holder == RightsHolder.PARENT
        and young_person(case.child_date_of_birth),
        "unconfirmed_citations": UNCONFIRMED_CITATIONS, "family_stage": FAMILY_STAGES.get(case.state,
                                                                                           case.get_state_display()),
        "add_party_form": add_party_form or (AddPartyForm() if staff and case.state in OPEN_STATES else None),
        "icb_told_form": DatedStepForm(prefix="icb_told", date_label="When was the ICB told?")
        if staff and any(d.rule == "T3" and not d.met_on for d, _ in deadlines) else None,
        "undelivered_notices": undelivered_notices,
        **case_panels(request.user, case),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_adviser(request, reference: str):
    _require_case_worker(request)
    case = selectors.case_for(request.user, reference)
    form = AdviserInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_give_adviser_information(acting_user=request.user, case=case, **form.cleaned_data)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The adviser's information is recorded. Now record what the family chose.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "cases/adviser.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_correct_decision(request, reference: str):
    case = selectors.case_for_case_worker(request.user, reference)
    if case.kind != CaseKind.MEDIATION:
        raise Http404("A disagreement resolution case is not about a decision")
    mediation_issues = [issue for issue in case.issues.all() if not issue.other_party]
    form = DecisionCorrectionForm(request.POST or None, initial={
        "decision_type": case.decision.type, "sections": [i.section for i in mediation_issues if i.section],
        "wanted": next((i.description for i in mediation_issues if not i.section), "")})
    if request.method == "POST" and form.is_valid():
        try:
            corrections.case_correct_decision(acting_user=request.user, case=case, **form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Corrected. The case's dates are up to date.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "cases/correct_decision.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def case_add_party(request, reference: str):
    case = selectors.case_for_case_worker(request.user, reference)
    form = AddPartyForm(request.POST)
    if form.is_valid():
        try:
            parties.case_add_party(acting_user=request.user, case=case, organisation=form.cleaned_data["organisation"])
        except REFUSALS as error:
            form.add_error("organisation", refusal_message(error))
        else:
            messages.success(request, f"{form.cleaned_data['organisation']} added.")
            return redirect("case_detail", reference=case.reference)
    return _case_page(request, case, add_party_form=form, status=400)


@login_required
@require_POST
def case_icb_told(request, reference: str):
    case = selectors.case_for_case_worker(request.user, reference)
    form = DatedStepForm(request.POST, prefix="icb_told", date_label="When was the ICB told?")
    if form.is_valid():
        try:
            parties.case_record_icb_told(acting_user=request.user, case=case, on=form.cleaned_data["on"])
        except ValidationError as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Recorded. The case's dates are up to date.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "cases/step.html", {"case": case, "form": form, "step": "icb_told",
                                               "action": reverse("case_icb_told", args=[case.reference])},
                  status=400)


@login_required
@require_POST
def case_step(request, reference: str, step: str):
    _require_case_worker(request)
    case = selectors.case_for(request.user, reference)
    page = STEP_PAGES.get(step)
    if page is None:
        raise Http404("No such step")
    form = DatedStepForm(request.POST, prefix=step, date_label=page.date_label,
                         reason_required=bool(page.reason_argument))
    if form.is_valid():
        arguments = {page.date_argument: form.cleaned_data["on"]}
        if page.reason_argument:
            arguments[page.reason_argument] = form.cleaned_data["reason"]
        try:
            page.service(acting_user=request.user, case=case, **arguments)
        except REFUSALS as error:
            form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, "Saved. The case's dates are up to date.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "cases/step.html", {"case": case, "form": form, "step": step}, status=400)


@login_required
@require_POST
def case_certificate_issue(request, reference: str):
    case = selectors.case_for(request.user, reference)
    if not (selectors.sees_staff_fields(request.user) or selectors.is_case_mediator(request.user, case)):
        raise Http404("No such page")
    try:
        certificate = services.certificate_issue(acting_user=request.user, case=case)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
    else:
        family = selectors.family_participant(case)
        if family and family.email:
            messages.success(request, f"Certificate {certificate.number} issued. It is being e-mailed to "
                                      f"{family.email} as an attachment: whether it was delivered shows under "
                                      "Certificates.")
        else:
            messages.success(request, f"Certificate {certificate.number} issued. The family has no e-mail address: "
                                      "download it and send it by post, or give it by hand.")
    return redirect("case_detail", reference=case.reference)


@login_required
def certificate_download(request, reference: str, number: str):
    """The certificate as issued: the stored bytes, the same in every download and e-mail."""
    case = selectors.case_for(request.user, reference)
    certificate = Certificate.objects.filter(case=case, number=number).select_related("issued_by").first()
    if certificate is None:
        raise Http404("No such certificate")
    document = certificate_document(certificate)
    response = HttpResponse(document.content(), content_type=document.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(request.POST or None)
    result = fingerprint = None
    if request.method == "POST":
        if not within_limit(request, "verify_certificate"):
            return render(request, "cases/verify.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            number = form.cleaned_data["number"].strip().upper()
            certificate = Certificate.objects.filter(
                number=number, case__child_date_of_birth=form.cleaned_data["date_of_birth"]).select_related(
                "case", "issued_by").first()
            result = certificate is not None
            # The genuine file's fingerprint, so anyone can check the copy they were given is unaltered.
            fingerprint = certificate_document(certificate).sha256 if certificate else None
    return render(request, "cases/verify.html", {"form": form, "result": result, "fingerprint": fingerprint})


@login_required
def letter_download(request, reference: str, letter_id: int):
    case = selectors.case_for(request.user, reference)
    letter = case.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404("No such letter")
    return private_file_response(letter.file, content_type=letter.content_type, filename=letter.original_name)
