"""Mediator pages: allocation on a case (case officers), the mediator's own declaration, caseload and times,
objections by the parties, and the register. Each view parses input, calls one service or selector, renders."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendresolve.audit.services import audit_list_view
from sendresolve.cases import selectors as case_selectors
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.core.timezones import LONDON
from sendresolve.mediators import selectors, services
from sendresolve.mediators.forms import AvailabilityForm, DeclarationForm, ObjectionDecisionForm, ObjectionForm
from sendresolve.mediators.models import MediatorProfile, Objection


@login_required
def case_mediator(request, reference: str):
    return _mediator_page(request, case_selectors.case_for_case_worker(request.user, reference))


def _mediator_page(request, case, *, refused: ObjectionDecisionForm | None = None, status: int = 200):
    """A refused decision on an objection comes back bound, the reason typed kept, its errors summarised on top."""
    allocation = selectors.active_allocation(case)
    objections = list(Objection.objects.filter(allocation__case=case).select_related("allocation__mediator__user")
                      .order_by("-raised_at"))
    return render(request, "mediators/case_mediator.html", {
        "case": case, "allocation": allocation, "candidates": selectors.mediator_candidates(case),
        "objections": [(objection, refused if refused is not None and refused.prefix == f"objection-{objection.pk}"
                        else ObjectionDecisionForm(prefix=f"objection-{objection.pk}")) for objection in objections],
        "needed": selectors.needed_specialisms(case), "refused": refused,
    }, status=status)


@login_required
@require_POST
def case_mediator_allocate(request, reference: str):
    case = case_selectors.case_for_case_worker(request.user, reference)
    profile = MediatorProfile.objects.filter(pk=request.POST.get("mediator")).select_related("user").first()
    if profile is None:
        messages.error(request, "Choose a mediator from the list.")
        return redirect("case_mediator", reference=case.reference)
    try:
        services.allocation_create(acting_user=request.user, case=case, mediator=profile)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, f"{profile} is allocated. They have been asked to declare that they are "
                                  "independent of the family and the LA.")
    return redirect("case_mediator", reference=case.reference)


@login_required
@require_POST
def case_objection_decide(request, reference: str, objection_id: int):
    case = case_selectors.case_for_case_worker(request.user, reference)
    objection = get_object_or_404(Objection, pk=objection_id, allocation__case=case)
    form = ObjectionDecisionForm(request.POST, prefix=f"objection-{objection.pk}")
    if form.is_valid():
        try:
            services.objection_decide(acting_user=request.user, objection=objection,
                                      upheld=form.cleaned_data["upheld"] == "yes", reason=form.cleaned_data["reason"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "The decision is recorded on the case's timeline.")
            return redirect("case_mediator", reference=case.reference)
    return _mediator_page(request, case, refused=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def case_mediator_object(request, reference: str):
    """A party objects to the allocated mediator."""
    case = case_selectors.case_for(request.user, reference)
    allocation = selectors.active_allocation(case)
    try:
        party = services.objecting_party(request.user, case)
    except PermissionDenied:
        raise Http404("No such page") from None
    if allocation is None:
        raise Http404("No mediator is allocated")
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_raise(acting_user=request.user, allocation=allocation,
                                     reason=form.cleaned_data["reason"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, "Your objection has been sent. The case officer will decide and tell you.")
            return redirect("case_detail", reference=case.reference)
    return render(request, "mediators/object.html", {"case": case, "allocation": allocation, "form": form,
                                                     "party": party})


def _own_profile(request) -> MediatorProfile:
    profile = selectors.mediator_profile_of(request.user)
    if profile is None:
        raise Http404("You are not on the mediator register")
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def mediator_home(request):
    """The mediator's own caseload and the times they can hold meetings."""
    profile = _own_profile(request)
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = 0
        for session in form.cleaned_data["sessions"]:
            start_text, end_text = session.split("-")
            day = form.cleaned_data["day"]
            start = datetime.combine(day, time.fromisoformat(start_text), tzinfo=LONDON)
            end = datetime.combine(day, time.fromisoformat(end_text), tzinfo=LONDON)
            try:
                services.availability_add(acting_user=request.user, start=start, end=end)
                added += 1
            except ValidationError as error:
                form.add_error(None, error.messages[0])
        if added and not form.errors:
            messages.success(request, f"Added {added} time{'s' if added > 1 else ''}.")
            return redirect("mediator_home")
    audit_list_view(request=request, summary="Viewed their caseload")
    return render(request, "mediators/home.html", {
        "profile": profile, "caseload": list(selectors.mediator_caseload(profile)),
        "slots": list(selectors.mediator_availability(profile)), "form": form, "now": timezone.now(),
    })


@login_required
@require_POST
def mediator_availability_remove(request, slot_id: int):
    try:
        services.availability_remove(acting_user=request.user, slot_id=slot_id)
    except PermissionDenied:
        raise Http404("No such time") from None
    messages.success(request, "That time is removed.")
    return redirect("mediator_home")


@login_required
@require_http_methods(["GET", "POST"])
def mediator_declare(request, reference: str):
    """The allocated mediator's declaration of independence for one case."""
    profile = _own_profile(request)
    case = case_selectors.case_for(request.user, reference)
    allocation = selectors.active_allocation(case)
    if allocation is None or allocation.mediator_id != profile.pk:
        raise Http404("You are not allocated to this case")
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = services.allocation_declare(
                acting_user=request.user, allocation=allocation, knows_family=data["knows_family"] == "yes",
                has_link=data["has_link"] == "yes", details=data["details"])
        except REFUSALS as error:
            form.add_error(None, refusal_message(error))
        else:
            if allocation.active:
                messages.success(request, "Thank you: your declaration is recorded.")
                return redirect("case_detail", reference=case.reference)
            messages.success(request, "Thank you: the case will be given to another mediator.")
            return redirect("mediator_home")
    return render(request, "mediators/declare.html", {
        "case": case, "allocation": allocation, "form": form,
        "family": case_selectors.family_participant(case), "bodies": selectors.case_party_bodies(case),
    })


@login_required
def mediator_register(request):
    if not case_selectors.sees_staff_fields(request.user):
        raise Http404("No such page")
    profiles = (MediatorProfile.objects.select_related("user")
                .prefetch_related("exclusions__organisation").order_by("user__full_name"))
    audit_list_view(request=request, summary="Viewed the mediator register")
    return render(request, "mediators/register.html", {"profiles": profiles, "today": timezone.localdate()})
