"""Action Plan, outcome, follow-up and notes pages of a case, under /cases/<reference>/."""

from django.urls import path, re_path

from sendresolve.agreements import views

urlpatterns = [
    path("<str:reference>/plan/", views.plan_page, name="plan_page"),
    path("<str:reference>/plan/agree/", views.plan_agree, name="plan_agree"),
    path("<str:reference>/plan/agreed-in-the-meeting/", views.plan_session_agreement, name="plan_session_agreement"),
    re_path(r"^(?P<reference>[^/]+)/plan/v(?P<version>[0-9]+)\.(?P<extension>pdf|docx)$", views.plan_document,
            name="plan_document"),
    path("<str:reference>/outcome/", views.outcome_page, name="outcome_page"),
    path("<str:reference>/duties/", views.duties_page, name="duties_page"),
    path("<str:reference>/duties/la-told/", views.la_told, name="la_told"),
    path("<str:reference>/duties/evidence/<int:update_id>/", views.evidence_download, name="evidence_download"),
    path("<str:reference>/duties/<int:action_id>/<str:rule>/", views.duty_act, name="duty_act"),
    path("<str:reference>/notes/", views.notes_page, name="notes_page"),
]
