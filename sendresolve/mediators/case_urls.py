"""Mediator pages of a case, under /cases/<reference>/."""

from django.urls import path

from sendresolve.mediators import views

urlpatterns = [
    path("<str:reference>/mediator/", views.case_mediator, name="case_mediator"),
    path("<str:reference>/mediator/allocate/", views.case_mediator_allocate, name="case_mediator_allocate"),
    path("<str:reference>/mediator/object/", views.case_mediator_object, name="case_mediator_object"),
    path("<str:reference>/mediator/objections/<int:objection_id>/", views.case_objection_decide,
         name="case_objection_decide"),
]
