"""Meeting pages of a case, under /cases/<reference>/."""

from django.urls import path

from sendresolve.meetings import views

urlpatterns = [
    path("<str:reference>/people/", views.case_people, name="case_people"),
    path("<str:reference>/people/add/", views.case_people_add, name="case_people_add"),
    path("<str:reference>/people/<int:participant_id>/decide/", views.case_people_decide, name="case_people_decide"),
    path("<str:reference>/people/child-views/", views.case_child_views, name="case_child_views"),
    path("<str:reference>/attendee/", views.case_attendee, name="case_attendee"),
    path("<str:reference>/availability/", views.case_availability, name="case_availability"),
    path("<str:reference>/availability/mine/", views.my_availability, name="my_availability"),
    path("<str:reference>/availability/<int:answer_id>/", views.case_availability_for, name="case_availability_for"),
    path("<str:reference>/availability/book/", views.case_meeting_book, name="case_meeting_book"),
    path("<str:reference>/meeting/", views.case_meeting, name="case_meeting"),
    path("<str:reference>/meeting/manage/", views.case_meeting_manage, name="case_meeting_manage"),
    path("<str:reference>/meeting/family-told/", views.case_family_told, name="case_family_told"),
]
